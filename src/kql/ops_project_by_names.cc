// The project-by-names operator: `project-by-names Names, ...` keeps the columns named by string
// expressions (with * wildcards), dynamic arrays of them, or column_names_of(Table), in the order
// the names are given; names that match no column are ignored, as in Kusto.
#include "kql/executor_impl.h"

namespace quarry::kql {

Result<Rel> Executor::ProjectByNames(const Operator& op, Rel in, const ScopePtr& scope) {
  std::vector<std::string> patterns;
  for (const auto& e : op.exprs) {
    if (e->kind == ExprKind::kCall && e->name == "column_names_of") {
      if (e->args.size() != 1) return Error(e->span, "column_names_of() takes one table");
      QUARRY_ASSIGN_OR_RETURN(Rel t, EvalTabular(*e->args[0], scope));
      for (const auto& f : t.table->schema().fields()) patterns.push_back(f.name);
      continue;
    }
    QUARRY_ASSIGN_OR_RETURN(Value v, EvalConstant(*e, scope));
    if (v.type() == Type::kString) {
      patterns.push_back(v.string_value());
      continue;
    }
    const Json* names = v.type() == Type::kDynamic && !v.is_null() ? &v.dynamic_value() : nullptr;
    if (!names || !names->is_array()) {
      return Error(e->span,
                   "project-by-names takes column names: strings, dynamic arrays of "
                   "strings or column_names_of(T)");
    }
    for (const auto& n : *names) {
      if (n.is_string()) patterns.push_back(n.get<std::string>());
    }
  }
  const Schema& s = in.table->schema();
  std::vector<bool> taken(s.size(), false);
  std::vector<std::string> out_names;
  std::vector<ColumnPtr> cols;
  for (const auto& p : patterns) {
    for (size_t i = 0; i < s.size(); ++i) {
      if (taken[i] || !WildcardMatch(p, s.field(i).name)) continue;
      taken[i] = true;
      out_names.push_back(s.field(i).name);
      cols.push_back(in.table->column(i));
    }
  }
  return Rel{MakeTable(std::move(out_names), std::move(cols), in.table->num_rows()), in.name};
}

}  // namespace quarry::kql
