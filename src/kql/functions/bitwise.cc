// Bitwise functions on longs: binary_and, binary_or, binary_xor, binary_not,
// binary_shift_left, binary_shift_right (arithmetic; the shift count is taken modulo 64, as
// .NET's long shifts do) and bitset_count_ones. Null in, null out.
#include <bit>
#include <functional>
#include <string>

#include "kql/functions/builtin_functions.h"
#include "kql/functions/kernel_util.h"

namespace quarry::kql::fn {
namespace {

void AddLongFn(FunctionRegistry& r, const std::string& name, size_t arity,
               std::function<int64_t(int64_t, int64_t)> f) {
  r.AddScalar(name, [=](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, arity, arity));
    for (size_t k = 0; k < args.size(); ++k) {
      Type t = args[k].type;
      if (!IsIntegral(t) && t != Type::kBool && t != Type::kDynamic) {
        return ArgTypeError(name, k, "int or long", t);
      }
    }
    return ScalarBinding{Type::kLong, [f](std::span<const Datum> in, const EvalContext&) {
                           std::vector<Datum> c;
                           for (const auto& d : in) c.push_back(CoerceDatum(d, Type::kLong));
                           return MapRows(
                               c, Type::kLong,
                               [&f](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
                                 for (const auto& a : v) {
                                   if (a.IsNull(i)) return b.AppendNull();
                                 }
                                 b.AppendLong(f(v[0].Long(i), v.size() > 1 ? v[1].Long(i) : 0));
                               });
                         }};
  });
}

}  // namespace

void RegisterBitwise(FunctionRegistry& r) {
  AddLongFn(r, "binary_and", 2, [](int64_t a, int64_t b) { return a & b; });
  AddLongFn(r, "binary_or", 2, [](int64_t a, int64_t b) { return a | b; });
  AddLongFn(r, "binary_xor", 2, [](int64_t a, int64_t b) { return a ^ b; });
  AddLongFn(r, "binary_not", 1, [](int64_t a, int64_t) { return ~a; });
  AddLongFn(r, "binary_shift_left", 2, [](int64_t a, int64_t s) {
    return static_cast<int64_t>(static_cast<uint64_t>(a) << (s & 63));
  });
  AddLongFn(r, "binary_shift_right", 2, [](int64_t a, int64_t s) { return a >> (s & 63); });
  AddLongFn(r, "bitset_count_ones", 1, [](int64_t a, int64_t) {
    return static_cast<int64_t>(std::popcount(static_cast<uint64_t>(a)));
  });
}

}  // namespace quarry::kql::fn
