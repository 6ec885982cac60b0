// Test helpers: call a registered scalar or aggregate function the way the executor does
// (bind on argument types and constants, then run the kernel), with compact value builders.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/time.h"
#include "kql/function_registry.h"
#include "table/column.h"
#include "table/value.h"

namespace quarry {
// Readable gtest output for Values: "long(5)", "string(null)".
inline void PrintTo(const Value& v, std::ostream* os) {
  *os << TypeName(v.type()) << "(" << (v.is_null() ? "null" : v.ToString()) << ")";
}
}  // namespace quarry

namespace quarry::kql::testing {

inline Value S(std::string s) { return Value::String(std::move(s)); }
inline Value L(int64_t v) { return Value::Long(v); }
inline Value I(int32_t v) { return Value::Int(v); }
inline Value R(double v) { return Value::Real(v); }
inline Value B(bool v) { return Value::Bool(v); }
inline Value Dyn(const std::string& json) { return Value::Dynamic(Json::parse(json)); }
inline Value Dt(const std::string& text) { return Value::Datetime(*ParseDatetime(text)); }
inline Value Ts(const std::string& text) { return Value::Timespan(*ParseTimespan(text)); }
inline Value Null(Type t) { return Value::Null(t); }

inline ColumnPtr Col(Type t, const std::vector<Value>& values) {
  ColumnBuilder b(t);
  for (const auto& v : values) b.AppendValue(v);
  return b.Finish();
}

// Binds and runs a scalar function on scalar arguments (treated as constants).
inline Result<Value> Call(const std::string& name, const std::vector<Value>& args,
                          int64_t now_ticks = 0) {
  const ScalarBinder* binder = FunctionRegistry::Get().FindScalar(name);
  if (!binder) return NotFound("no function " + name);
  std::vector<ArgInfo> infos;
  std::vector<Datum> data;
  for (const auto& a : args) {
    infos.push_back(ArgInfo{a.type(), a});
    data.push_back(Datum::Scalar(a));
  }
  QUARRY_ASSIGN_OR_RETURN(ScalarBinding binding, (*binder)(infos));
  EvalContext ctx{1, now_ticks};
  QUARRY_ASSIGN_OR_RETURN(Datum d, binding.kernel(data, ctx));
  Value v = d.is_scalar() ? d.scalar : d.column->GetValue(0);
  if (v.type() != binding.return_type) {
    return Internal("kernel returned " + std::string(TypeName(v.type())) + ", binder said " +
                    std::string(TypeName(binding.return_type)));
  }
  return v;
}

// Runs a scalar function over columns and scalars; returns one Value per row.
inline Result<std::vector<Value>> CallRows(const std::string& name,
                                           const std::vector<Datum>& args) {
  const ScalarBinder* binder = FunctionRegistry::Get().FindScalar(name);
  if (!binder) return NotFound("no function " + name);
  std::vector<ArgInfo> infos;
  size_t rows = 1;
  for (const auto& a : args) {
    infos.push_back(ArgInfo{a.type(), a.is_scalar() ? std::optional<Value>(a.scalar)
                                                    : std::optional<Value>()});
    if (!a.is_scalar()) rows = a.column->size();
  }
  QUARRY_ASSIGN_OR_RETURN(ScalarBinding binding, (*binder)(infos));
  EvalContext ctx{rows, 0};
  QUARRY_ASSIGN_OR_RETURN(Datum d, binding.kernel(args, ctx));
  std::vector<Value> out;
  for (size_t i = 0; i < rows; ++i) {
    out.push_back(d.is_scalar() ? d.scalar : d.column->GetValue(i));
  }
  return out;
}

// Runs an aggregate over columns in one group per distinct group id; returns rows of outputs.
inline Result<std::vector<std::vector<Value>>> Aggregate(const std::string& name,
                                                         const std::vector<ColumnPtr>& args,
                                                         const std::vector<uint32_t>& groups,
                                                         size_t num_groups) {
  const AggregateBinder* binder = FunctionRegistry::Get().FindAggregate(name);
  if (!binder) return NotFound("no aggregate " + name);
  std::vector<ArgInfo> infos;
  std::vector<Datum> data;
  for (const auto& c : args) {
    infos.push_back(ArgInfo{c->type(), std::nullopt});
    data.push_back(Datum::Of(c));
  }
  QUARRY_ASSIGN_OR_RETURN(AggregateBinding binding, (*binder)(infos));
  auto state = binding.make_state();
  state->Update(data, groups, num_groups);
  QUARRY_ASSIGN_OR_RETURN(std::vector<ColumnPtr> cols, state->Finish(num_groups));
  std::vector<std::vector<Value>> rows(num_groups);
  for (size_t g = 0; g < num_groups; ++g) {
    for (const auto& c : cols) rows[g].push_back(c->GetValue(g));
  }
  return rows;
}

}  // namespace quarry::kql::testing
