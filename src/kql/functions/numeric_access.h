// Typed accessors over numeric arguments for the vectorized comparison and arithmetic kernels:
// each is a tiny callable (row -> value) so a kernel template instantiates one tight loop per
// storage combination (int column, long column, real column, bool column, broadcast scalar).
//
// Internal to the function library; thread-safe.
#pragma once

#include <cstdint>
#include <variant>

#include "kql/function_registry.h"
#include "table/column.h"

namespace quarry::kql::fn {

struct IntCol {
  const int32_t* p;
  int64_t operator()(size_t i) const { return p[i]; }
};
struct LongCol {
  const int64_t* p;
  int64_t operator()(size_t i) const { return p[i]; }
};
struct BoolCol {
  const uint8_t* p;
  int64_t operator()(size_t i) const { return p[i]; }
};
struct RealCol {
  const double* p;
  double operator()(size_t i) const { return p[i]; }
};
template <typename T>
struct ConstOf {
  T v;
  T operator()(size_t) const { return v; }
};

using IntegralAccess = std::variant<IntCol, LongCol, BoolCol, ConstOf<int64_t>>;
using NumericAccess = std::variant<IntCol, LongCol, RealCol, ConstOf<int64_t>, ConstOf<double>>;

// REQUIRES: the datum is non-null when scalar, of an integral storage type (bool, int, long,
// datetime, timespan).
IntegralAccess IntegralAccessOf(const Datum& d);
// REQUIRES: non-null when scalar; int, long, real, decimal, datetime or timespan.
NumericAccess NumericAccessOf(const Datum& d);

// Appends the null-ness of row i of either input to the builder's result: true if any input
// column (or scalar) is null at i.
inline bool AnyNullAt(const Datum& a, const Datum& b, size_t i) {
  return (a.column ? a.column->IsNull(i) : a.scalar.is_null()) ||
         (b.column ? b.column->IsNull(i) : b.scalar.is_null());
}
inline bool HasNulls(const Datum& d) {
  return d.column ? !d.column->validity().AllValid() : d.scalar.is_null();
}

}  // namespace quarry::kql::fn
