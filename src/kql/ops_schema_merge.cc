// The schema_merge evaluate plugin: `union s1, s2 | evaluate schema_merge([PreserveOrder=true])`
// over getschema outputs (ColumnName, ColumnOrdinal, DataType, ColumnType; a schema starts at
// ordinal 0) gives one schema holding every column once, in the order first seen. With
// PreserveOrder (the default) a later schema must list the columns it shares in the same
// order: a column that comes back out of order is listed last with ordinal -1 and an ERROR type,
// as Kusto does. A column with two types is an error.
#include <algorithm>

#include "kql/executor_impl.h"

namespace quarry::kql {

Result<Rel> Executor::SchemaMerge(const Expr& call, Rel in, const ScopePtr& scope) {
  bool preserve_order = true;
  for (const auto& a : call.args) {
    if (a->kind != ExprKind::kNamedArg || a->name != "PreserveOrder" || a->args.empty()) {
      return Error(a->span, "schema_merge() takes only PreserveOrder = true or false");
    }
    QUARRY_ASSIGN_OR_RETURN(Value v, EvalConstant(*a->args[0], scope));
    if (v.is_null() || v.type() != Type::kBool) {
      return Error(a->span, "schema_merge(): PreserveOrder must be true or false");
    }
    preserve_order = v.bool_value();
  }
  const Table& t = *in.table;
  const char* const kColumns[] = {"ColumnName", "ColumnOrdinal", "DataType", "ColumnType"};
  std::vector<size_t> idx;
  for (const char* name : kColumns) {
    auto i = t.schema().IndexOf(name);
    if (!i) {
      return Error(call.span, std::string("schema_merge() needs getschema's columns; the input "
                                          "has no column '") + name + "'");
    }
    idx.push_back(*i);
  }
  if (t.schema().field(idx[1]).type != Type::kInt && t.schema().field(idx[1]).type != Type::kLong) {
    return Error(call.span, "schema_merge(): ColumnOrdinal must be a whole number");
  }
  struct Merged {
    std::string name, data_type, column_type;
    bool out_of_order = false;
  };
  std::vector<Merged> merged;
  size_t last = 0;  // where the current schema's previous column is in `merged`
  bool any = false;
  for (size_t r = 0; r < t.num_rows(); ++r) {
    if (t.column(idx[0])->IsNull(r)) continue;
    std::string name = t.column(idx[0])->GetValue(r).ToString();
    bool starts = t.column(idx[1])->IsNull(r) || t.column(idx[1])->GetValue(r).int_value() == 0;
    if (starts) any = false;
    auto it = std::find_if(merged.begin(), merged.end(),
                           [&](const Merged& m) { return m.name == name; });
    std::string data_type = t.column(idx[2])->GetValue(r).ToString();
    std::string column_type = t.column(idx[3])->GetValue(r).ToString();
    if (it == merged.end()) {
      merged.push_back({name, data_type, column_type});
      last = merged.size() - 1;
    } else {
      if (it->column_type != column_type) {
        return Error(call.span, "schema_merge(): column '" + name + "' is " + it->column_type +
                                    " in one schema and " + column_type + " in another");
      }
      auto at = static_cast<size_t>(it - merged.begin());
      if (preserve_order && any && at < last) it->out_of_order = true;
      last = std::max(at, any ? last : at);
    }
    any = true;
  }
  ColumnBuilder names(Type::kString), ordinals(t.schema().field(idx[1]).type),
      data_types(Type::kString), column_types(Type::kString);
  int64_t ordinal = 0;
  for (bool errors : {false, true}) {
    for (const auto& m : merged) {
      if (m.out_of_order != errors) continue;
      names.AppendValue(Value::String(m.name));
      int64_t o = errors ? -1 : ordinal++;
      ordinals.AppendValue(ordinals.type() == Type::kInt ? Value::Int(static_cast<int32_t>(o))
                                                         : Value::Long(o));
      data_types.AppendValue(Value::String(
          errors ? "ERROR(unknown CSL type:ERROR(columns are out of order))" : m.data_type));
      column_types.AppendValue(
          Value::String(errors ? "ERROR(columns are out of order)" : m.column_type));
    }
  }
  std::vector<std::string> out_names(std::begin(kColumns), std::end(kColumns));
  std::vector<ColumnPtr> cols{names.Finish(), ordinals.Finish(), data_types.Finish(),
                              column_types.Finish()};
  return Rel{MakeTable(std::move(out_names), std::move(cols), merged.size()), in.name};
}

}  // namespace quarry::kql
