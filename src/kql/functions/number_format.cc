// Numbers as text: tohex(value [, min_length]) (lowercase hex, negatives as the two's
// complement of their own width: 64 bits for long, 32 for int; zero-padded to min_length) and
// format_bytes(size [, precision = 0 [, units [, base = 2]]]) ("564 Bytes", "19.08 MB": the
// largest unit the size reaches, or the given one; base 2 counts 1024 per step, base 10 1000).
#include <fmt/core.h>

#include <array>
#include <cmath>
#include <string>

#include "kql/functions/builtin_functions.h"
#include "kql/functions/kernel_util.h"

namespace quarry::kql::fn {
namespace {

constexpr std::array<const char*, 7> kByteUnits = {"Bytes", "KB", "MB", "GB", "TB", "PB", "EB"};

Result<ScalarBinding> BindToHex(std::span<const ArgInfo> args) {
  QUARRY_RETURN_IF_ERROR(CheckArgCount("tohex", args, 1, 2));
  Type t = args[0].type;
  if (!IsIntegral(t) && t != Type::kDynamic) return ArgTypeError("tohex", 0, "int or long", t);
  if (args.size() > 1 && !IsIntegral(args[1].type)) {
    return ArgTypeError("tohex", 1, "int or long", args[1].type);
  }
  bool is_int = t == Type::kInt;
  return ScalarBinding{
      Type::kString, [is_int](std::span<const Datum> in, const EvalContext&) {
        std::vector<Datum> c{CoerceDatum(in[0], Type::kLong)};
        if (in.size() > 1) c.push_back(CoerceDatum(in[1], Type::kLong));
        return MapRows(c, Type::kString,
                       [is_int](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
                         if (v[0].IsNull(i)) return b.AppendString("");
                         int64_t x = v[0].Long(i);
                         std::string hex = is_int ? fmt::format("{:x}", static_cast<uint32_t>(x))
                                                  : fmt::format("{:x}", static_cast<uint64_t>(x));
                         int64_t min_length = v.size() > 1 && !v[1].IsNull(i) ? v[1].Long(i) : 0;
                         if (min_length > static_cast<int64_t>(hex.size()) && min_length <= 64) {
                           hex.insert(0, static_cast<size_t>(min_length) - hex.size(), '0');
                         }
                         b.AppendString(hex);
                       });
      }};
}

std::optional<size_t> UnitIndex(std::string_view units) {
  for (size_t k = 0; k < kByteUnits.size(); ++k) {
    std::string_view u = kByteUnits[k];
    if (u.size() == units.size() &&
        std::equal(u.begin(), u.end(), units.begin(),
                   [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
      return k;
    }
  }
  return std::nullopt;
}

Result<ScalarBinding> BindFormatBytes(std::span<const ArgInfo> args) {
  QUARRY_RETURN_IF_ERROR(CheckArgCount("format_bytes", args, 1, 4));
  if (!IsNumeric(args[0].type) && args[0].type != Type::kDynamic) {
    return ArgTypeError("format_bytes", 0, "a number", args[0].type);
  }
  if (args.size() > 1 && !IsIntegral(args[1].type)) {
    return ArgTypeError("format_bytes", 1, "int or long", args[1].type);
  }
  if (args.size() > 2 && !IsStringLike(args[2].type)) {
    return ArgTypeError("format_bytes", 2, "string", args[2].type);
  }
  if (args.size() > 3 && !IsIntegral(args[3].type)) {
    return ArgTypeError("format_bytes", 3, "int or long", args[3].type);
  }
  return ScalarBinding{
      Type::kString, [](std::span<const Datum> in, const EvalContext&) {
        std::vector<Datum> c{CoerceDatum(in[0], Type::kReal)};
        for (size_t k = 1; k < in.size(); ++k) c.push_back(in[k]);
        return MapRows(
            c, Type::kString, [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
              if (v[0].IsNull(i)) return b.AppendString("");
              double size = v[0].Real(i);
              int64_t precision = v.size() > 1 && !v[1].IsNull(i) ? v[1].Long(i) : 0;
              precision = std::clamp<int64_t>(precision, 0, 15);
              double base = v.size() > 3 && !v[3].IsNull(i) && v[3].Long(i) == 10 ? 1000 : 1024;
              std::optional<size_t> unit;
              if (v.size() > 2 && !v[2].Str(i).empty()) unit = UnitIndex(v[2].Str(i));
              if (!unit) {
                unit = 0;
                while (*unit + 1 < kByteUnits.size() &&
                       std::fabs(size) >= std::pow(base, *unit + 1)) {
                  ++*unit;
                }
              }
              double scaled = size / std::pow(base, static_cast<double>(*unit));
              b.AppendString(fmt::format("{:.{}f} {}", scaled, precision, kByteUnits[*unit]));
            });
      }};
}

}  // namespace

void RegisterNumberFormat(FunctionRegistry& r) {
  r.AddScalar("tohex", BindToHex);
  r.AddScalar("format_bytes", BindFormatBytes);
}

}  // namespace quarry::kql::fn
