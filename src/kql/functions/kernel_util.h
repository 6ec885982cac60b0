// Building blocks shared by the function families under kql/functions/: per-row argument access
// that hides column-vs-scalar and int/long/real storage, a row-mapping driver for the long tail of
// functions, argument checks for binders, and small type helpers.
//
// Internal to the function library. Everything here is stateless or per-call: thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kql/function_registry.h"
#include "table/column.h"
#include "table/value.h"

namespace quarry::kql::fn {

// Row-wise read access to one argument. Scalars answer every row with their one value.
// Strings (and guids) never read as null: Kusto strings are empty, not null.
class ArgView {
 public:
  explicit ArgView(const Datum& d);

  Type type() const { return type_; }
  bool is_scalar() const { return column_ == nullptr; }
  size_t size() const { return column_ ? column_->size() : 1; }
  const Column* column() const { return column_; }
  const Value& scalar() const { return scalar_; }

  bool IsNull(size_t i) const {
    return column_ ? column_->IsNull(i) : scalar_null_;
  }
  // REQUIRES: !IsNull(i) and an integral storage type (bool, int, long, datetime, timespan).
  int64_t Long(size_t i) const;
  // REQUIRES: !IsNull(i) and a numeric type (int, long, real, decimal, bool).
  double Real(size_t i) const;
  // kString / kGuid: the text ("" for null); any other type: not allowed (use Text()).
  std::string_view Str(size_t i) const {
    if (column_) return column_->IsNull(i) ? std::string_view() : column_->str(i);
    return scalar_str_;
  }
  // REQUIRES: kDynamic. nullptr for null.
  const Json* Dyn(size_t i) const;
  // Any type rendered as Kusto's tostring() does ("" for null).
  std::string Text(size_t i) const;
  Value Get(size_t i) const { return column_ ? column_->GetValue(i) : scalar_; }

 private:
  const Column* column_ = nullptr;
  Type type_;
  Value scalar_;
  bool scalar_null_ = true;
  int64_t scalar_long_ = 0;
  double scalar_real_ = 0;
  std::string_view scalar_str_;
};

// Appends row i of the argument to `b`. REQUIRES: same type as the builder.
inline void AppendArg(const ArgView& v, size_t i, ColumnBuilder& b) {
  if (v.column()) {
    b.AppendFrom(*v.column(), i);
  } else {
    b.AppendValue(v.scalar());
  }
}

// Rows of the batch: the length of the first column argument, else 1 (all scalars).
size_t BatchRows(std::span<const Datum> args);
bool AllScalar(std::span<const Datum> args);

// Wraps a finished column as the call's result; a one-row column from all-scalar inputs becomes
// a scalar Datum.
Datum ResultOf(ColumnPtr column, bool all_scalar);

// Runs `row(views, i, builder)` for every row and returns the column (or a scalar when all
// arguments are scalars). `row` must append exactly one value per call.
template <typename RowFn>
Result<Datum> MapRows(std::span<const Datum> args, Type out, RowFn row) {
  std::vector<ArgView> views;
  views.reserve(args.size());
  for (const auto& a : args) views.emplace_back(a);
  bool all_scalar = AllScalar(args);
  size_t n = BatchRows(args);
  ColumnBuilder b(out);
  b.Reserve(n);
  for (size_t i = 0; i < n; ++i) row(views, i, b);
  return ResultOf(b.Finish(), all_scalar);
}

// Binder checks. `fn` is the function's KQL name, used in messages.
Status CheckArgCount(std::string_view fn, std::span<const ArgInfo> args, size_t min, size_t max);
Status ArgTypeError(std::string_view fn, size_t index, std::string_view expected, Type got);

bool IsIntegral(Type t);  // int, long
bool IsStringLike(Type t);  // string, guid
// The type arithmetic on two numbers yields: int+int->int, int/long->long, real->real,
// decimal->decimal. REQUIRES: both numeric.
Type PromoteNumeric(Type a, Type b);
// The common type of iff/case/coalesce branches, or nullopt when they don't agree.
std::optional<Type> CommonType(std::span<const Type> types);

// Converts a value to `to` as Kusto's implicit conversion would (numeric widening, dynamic to
// scalar). Returns a null of `to` when it cannot.
Value CoerceValue(const Value& v, Type to);

// Converts the whole datum to `to` (no-op when already that type).
Datum CoerceDatum(const Datum& d, Type to);

// Kusto's conversions of one value (tolong(), todouble(), ...): numbers widen or truncate,
// strings and dynamic values are parsed; nullopt when the value is null or does not convert.
std::optional<int64_t> AsLong(const Value& v);
std::optional<double> AsReal(const Value& v);
std::optional<bool> AsBool(const Value& v);
std::optional<int64_t> AsDatetime(const Value& v);
std::optional<int64_t> AsTimespan(const Value& v);
std::optional<std::string> AsGuid(const Value& v);

// A value as it appears inside a dynamic array or bag (datetimes and timespans as their text).
Json ToJson(const Value& v);

}  // namespace quarry::kql::fn
