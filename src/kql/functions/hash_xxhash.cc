// hash(x [, mod]) and its alias hash_xxhash64(x [, mod]): XXH64 (seed 0) of the value's bytes as a
// signed long, or that value modulo `mod` in [0, mod).
//
// The bytes hashed: strings (and guids) their UTF-8 text, dynamic values their JSON text,
// long / datetime / timespan the 8-byte little-endian integer (.NET ticks for time, which gives
// Kusto's documented hash of datetime("2015-01-01")), int the 4-byte integer, real the 8-byte
// IEEE double, bool one byte. Null hashes to null.
#include <fmt/core.h>

#include <array>
#include <bit>

#include "common/time.h"
#include "kql/functions/builtin_functions.h"
#include "kql/functions/kernel_util.h"
#include "kql/functions/xxhash64.h"

namespace quarry::kql::fn {
namespace {

template <typename T>
uint64_t HashBytesOf(T x) {
  char buf[sizeof(T)];
  auto bits = std::bit_cast<std::array<unsigned char, sizeof(T)>>(x);
  for (size_t k = 0; k < sizeof(T); ++k) {
    // Little-endian regardless of the host.
    buf[k] = static_cast<char>(
        std::endian::native == std::endian::little ? bits[k] : bits[sizeof(T) - 1 - k]);
  }
  return Xxhash64(std::string_view(buf, sizeof(T)));
}

uint64_t HashOf(const ArgView& v, size_t i) {
  switch (v.type()) {
    case Type::kString:
    case Type::kGuid:
      return Xxhash64(v.Str(i));
    case Type::kDynamic:
      return Xxhash64(v.Dyn(i)->dump());
    case Type::kBool:
      return HashBytesOf(static_cast<uint8_t>(v.Long(i) != 0));
    case Type::kInt:
      return HashBytesOf(static_cast<int32_t>(v.Long(i)));
    case Type::kReal:
    case Type::kDecimal:
      return HashBytesOf(v.Real(i));
    // .NET ticks: 100 ns since 0001-01-01 (our datetimes count from 1970).
    case Type::kDatetime:
      return HashBytesOf(v.Long(i) - kMinDatetimeTicks);
    case Type::kLong:
    case Type::kTimespan:
      return HashBytesOf(v.Long(i));
  }
  return 0;
}

Result<ScalarBinding> BindHash(std::string name, std::span<const ArgInfo> args) {
  QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 1, 2));
  if (args.size() > 1) {
    if (!IsIntegral(args[1].type)) return ArgTypeError(name, 1, "int or long", args[1].type);
    if (args[1].constant && !args[1].constant->is_null() && args[1].constant->int_value() <= 0) {
      return InvalidArgument(
          fmt::format("{}(): mod must be positive, got {}", name, args[1].constant->int_value()));
    }
  }
  return ScalarBinding{Type::kLong, [](std::span<const Datum> in, const EvalContext&) {
                         return MapRows(
                             in, Type::kLong,
                             [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
                               bool text = IsStringLike(v[0].type());
                               if ((!text && v[0].IsNull(i)) || (v.size() > 1 && v[1].IsNull(i)))
                                 return b.AppendNull();
                               auto h = static_cast<int64_t>(HashOf(v[0], i));
                               if (v.size() > 1) {
                                 int64_t mod = v[1].Long(i);
                                 if (mod <= 0) return b.AppendNull();
                                 h %= mod;
                                 if (h < 0) h += mod;
                               }
                               b.AppendLong(h);
                             });
                       }};
}

}  // namespace

void RegisterHashXxhash(FunctionRegistry& r) {
  r.AddScalar("hash", [](std::span<const ArgInfo> a) { return BindHash("hash", a); });
  r.AddScalar("hash_xxhash64",
              [](std::span<const ArgInfo> a) { return BindHash("hash_xxhash64", a); });
}

}  // namespace quarry::kql::fn
