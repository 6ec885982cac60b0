// format_datetime(datetime, format) and format_timespan(timespan, format) with Kusto's format
// specifiers: y yy yyyy, M MM, d dd, h hh (12-hour), H HH, m mm, s ss, f..fffffff, F..FFFFFFF
// (trailing zeros trimmed), tt (AM/PM); other characters are copied. Timespans use d for days.
#include <fmt/core.h>

#include <cstdlib>

#include "common/time.h"
#include "kql/functions/builtin_functions.h"
#include "kql/functions/kernel_util.h"

namespace quarry::kql::fn {
namespace {

struct Fields {
  int64_t year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, ticks = 0;
  bool negative = false;
};

void AppendFraction(int64_t ticks, size_t width, bool trim, std::string& out) {
  std::string digits = fmt::format("{:07d}", ticks).substr(0, std::min<size_t>(width, 7));
  if (trim) {
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
  }
  out += digits;
}

std::string Format(const Fields& f, std::string_view format, bool timespan) {
  std::string out;
  if (f.negative) out.push_back('-');
  for (size_t i = 0; i < format.size();) {
    char c = format[i];
    size_t n = 1;
    while (i + n < format.size() && format[i + n] == c) ++n;
    auto pad = [&](int64_t v, size_t width) { out += fmt::format("{:0{}d}", v, width); };
    switch (c) {
      case 'y':
        if (n >= 4) {
          pad(f.year, n);
        } else if (n == 2) {
          pad(f.year % 100, 2);
        } else {
          pad(f.year % 100, 1);
        }
        break;
      case 'M': pad(f.month, std::min<size_t>(n, 2)); break;
      case 'd': pad(f.day, timespan ? n : std::min<size_t>(n, 2)); break;
      case 'H': pad(f.hour, std::min<size_t>(n, 2)); break;
      case 'h': pad(timespan ? f.hour : (f.hour % 12 == 0 ? 12 : f.hour % 12), std::min<size_t>(n, 2)); break;
      case 'm': pad(f.minute, std::min<size_t>(n, 2)); break;
      case 's': pad(f.second, std::min<size_t>(n, 2)); break;
      case 'f': AppendFraction(f.ticks, n, false, out); break;
      case 'F': AppendFraction(f.ticks, n, true, out); break;
      case 't':
        out += f.hour < 12 ? (n >= 2 ? "AM" : "A") : (n >= 2 ? "PM" : "P");
        break;
      default: out.append(n, c); break;
    }
    i += n;
  }
  return out;
}

Result<ScalarBinding> BindFormat(std::string_view name, Type input,
                                 std::span<const ArgInfo> args) {
  QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 2, 2));
  if (args[0].type != input && args[0].type != Type::kDynamic) {
    return ArgTypeError(name, 0, TypeName(input), args[0].type);
  }
  if (!IsStringLike(args[1].type)) return ArgTypeError(name, 1, "string", args[1].type);
  return ScalarBinding{
      Type::kString, [input](std::span<const Datum> in, const EvalContext&) -> Result<Datum> {
        std::vector<Datum> c{CoerceDatum(in[0], input), in[1]};
        return MapRows(c, Type::kString,
                       [input](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
                         if (v[0].IsNull(i)) {
                           b.AppendString("");
                           return;
                         }
                         Fields f;
                         int64_t t = v[0].Long(i);
                         if (input == Type::kDatetime) {
                           CivilTime ct = CivilFromTicks(t);
                           f = Fields{ct.year, ct.month, ct.day, ct.hour, ct.minute, ct.second,
                                      ct.ticks, false};
                         } else {
                           f.negative = t < 0;
                           uint64_t u = t < 0 ? 0 - static_cast<uint64_t>(t) : t;
                           f.day = static_cast<int64_t>(u / kTicksPerDay);
                           f.hour = static_cast<int64_t>(u / kTicksPerHour % 24);
                           f.minute = static_cast<int64_t>(u / kTicksPerMinute % 60);
                           f.second = static_cast<int64_t>(u / kTicksPerSecond % 60);
                           f.ticks = static_cast<int64_t>(u % kTicksPerSecond);
                         }
                         b.AppendString(Format(f, v[1].Str(i), input == Type::kTimespan));
                       });
      }};
}

}  // namespace

void RegisterDatetimeFormat(FunctionRegistry& r) {
  r.AddScalar("format_datetime", [](std::span<const ArgInfo> a) {
    return BindFormat("format_datetime", Type::kDatetime, a);
  });
  r.AddScalar("format_timespan", [](std::span<const ArgInfo> a) {
    return BindFormat("format_timespan", Type::kTimespan, a);
  });
}

}  // namespace quarry::kql::fn
