// Arguments the evaluate plugins share: expressions evaluated over the input as columns, the
// id and time columns of the activity plugins, and trailing dimension column names.
#include "kql/executor_impl.h"

namespace quarry::kql {

Result<std::vector<ColumnPtr>> Executor::ArgColumns(const Expr& call, const Rel& in,
                                                    const ScopePtr& scope,
                                                    std::initializer_list<size_t> which) {
  const Table& t = *in.table;
  RowContext ctx{&t.schema(), in.name, scope, false};
  std::vector<ColumnPtr> out;
  for (size_t k : which) {
    QUARRY_ASSIGN_OR_RETURN(auto bound, Bind(*call.args[k], ctx));
    auto d = kql::Evaluate(*bound, t, Context(t.num_rows()));
    if (!d.ok()) return Wrap(call.args[k]->span, d.status());
    out.push_back(DatumToColumn(*d, t.num_rows()));
  }
  return out;
}

Result<std::vector<ColumnPtr>> Executor::IdAndTimeColumns(const Expr& call, const Rel& in,
                                                          const ScopePtr& scope,
                                                          std::string_view plugin) {
  QUARRY_ASSIGN_OR_RETURN(auto columns, ArgColumns(call, in, scope, {0, 1}));
  if (columns[1]->type() != Type::kDatetime) {
    return Error(call.args[1]->span,
                 std::string(plugin) + "(): the time column must be a datetime");
  }
  return columns;
}

Result<std::vector<size_t>> Executor::DimensionColumns(std::span<const ExprPtr> args,
                                                       const Table& t, std::string_view plugin) {
  std::vector<size_t> dims;
  for (const auto& a : args) {
    auto idx = a->kind == ExprKind::kName ? t.schema().IndexOf(a->name) : std::nullopt;
    if (!idx) return Error(a->span, std::string(plugin) + "(): dimensions must be column names");
    dims.push_back(*idx);
  }
  return dims;
}

}  // namespace quarry::kql
