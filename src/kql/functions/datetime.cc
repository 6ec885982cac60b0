// Date and time functions: now, ago, bin / floor (numbers, datetimes, timespans), bin_at,
// datetime_diff, datetime_add, datetime_part, startof* / endof* (day, week (Sunday), month,
// year), dayofweek (a timespan, as Kusto returns), dayofmonth, dayofyear, hourofday, getmonth /
// monthofyear, getyear, make_datetime, make_timespan, unixtime_*_todatetime. format_datetime
// lives in datetime_format.cc. All times are UTC ticks.
#include <fmt/core.h>

#include <cmath>

#include "common/time.h"
#include "kql/functions/builtin_functions.h"
#include "kql/functions/datetime_parts.h"
#include "kql/functions/kernel_util.h"

namespace quarry::kql::fn {
namespace {

using RowFn = std::function<void(const std::vector<ArgView>&, size_t, ColumnBuilder&)>;

bool AnyNull(const std::vector<ArgView>& v, size_t i) {
  for (const auto& a : v) {
    if (a.IsNull(i) && !IsStringLike(a.type())) return true;
  }
  return false;
}

// Registers a function over fixed argument types (converted before the kernel runs); null in any
// non-string argument makes the result null.
void AddTyped(FunctionRegistry& r, const std::string& name, std::vector<Type> types, size_t min,
              Type out, RowFn row) {
  r.AddScalar(name, [=](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, min, types.size()));
    for (size_t k = 0; k < args.size(); ++k) {
      Type want = types[k], got = args[k].type;
      bool ok = got == want || got == Type::kDynamic || (IsNumeric(want) && IsNumeric(got)) ||
                (IsStringLike(want) && IsStringLike(got));
      if (!ok) return ArgTypeError(name, k, TypeName(want), got);
    }
    return ScalarBinding{out, [=](std::span<const Datum> in, const EvalContext&) {
                           std::vector<Datum> c(in.begin(), in.end());
                           for (size_t k = 0; k < c.size(); ++k) c[k] = CoerceDatum(c[k], types[k]);
                           return MapRows(c, out, [&](const std::vector<ArgView>& v, size_t i,
                                                      ColumnBuilder& b) {
                             if (AnyNull(v, i)) {
                               b.AppendNull();
                             } else {
                               row(v, i, b);
                             }
                           });
                         }};
  });
}

// A datetime result, or null when outside Kusto's range.
void AppendDatetime(int64_t ticks, ColumnBuilder& b) {
  if (ticks < kMinDatetimeTicks || ticks > kMaxDatetimeTicks) {
    b.AppendNull();
  } else {
    b.AppendLong(ticks);
  }
}

// bin_at(value, size, fixed_point) over (datetime, timespan, datetime), (timespan, timespan,
// timespan) or three numbers: the bins are aligned so that one starts at fixed_point.
Result<ScalarBinding> BindBinAt(std::span<const ArgInfo> args) {
  QUARRY_RETURN_IF_ERROR(CheckArgCount("bin_at", args, 3, 3));
  Type v = args[0].type, s = args[1].type, at = args[2].type;
  bool ticks = (v == Type::kDatetime || v == Type::kTimespan) && s == Type::kTimespan && at == v;
  if (!ticks && !(IsNumeric(v) && IsNumeric(s) && IsNumeric(at))) {
    return InvalidArgument(fmt::format(
        "bin_at(): expects (datetime, timespan, datetime), (timespan, timespan, timespan) or three "
        "numbers, got ({}, {}, {})",
        TypeName(v), TypeName(s), TypeName(at)));
  }
  bool integral = ticks || (IsIntegral(v) && IsIntegral(s) && IsIntegral(at));
  Type out = ticks ? v : integral ? Type::kLong : Type::kReal;
  return ScalarBinding{out, [out, integral](std::span<const Datum> in, const EvalContext&) {
                         return MapRows(in, out, [integral](const std::vector<ArgView>& v, size_t i,
                                                            ColumnBuilder& b) {
                           if (AnyNull(v, i)) return b.AppendNull();
                           if (!integral) {
                             double size = v[1].Real(i), at = v[2].Real(i);
                             if (size <= 0) return b.AppendNull();
                             return b.AppendReal(at + std::floor((v[0].Real(i) - at) / size) * size);
                           }
                           int64_t size = v[1].Long(i), at = v[2].Long(i);
                           if (size <= 0) return b.AppendNull();
                           b.AppendLong(at + FloorDiv(v[0].Long(i) - at, size) * size);
                         });
                       }};
}

Result<ScalarBinding> BindBin(std::string_view name, std::span<const ArgInfo> args) {
  QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 2, 2));
  Type v = args[0].type, s = args[1].type;
  Type out;
  if (v == Type::kDatetime && s == Type::kTimespan) {
    out = Type::kDatetime;
  } else if (v == Type::kTimespan && s == Type::kTimespan) {
    out = Type::kTimespan;
  } else if (IsNumeric(v) && IsNumeric(s)) {
    out = IsIntegral(v) && IsIntegral(s) ? Type::kLong : (v == Type::kDecimal ? v : Type::kReal);
  } else if (v == Type::kDynamic && IsNumeric(s)) {
    out = Type::kReal;
  } else {
    return InvalidArgument(fmt::format(
        "{}(): expects (number, number), (datetime, timespan) or (timespan, timespan), got ({}, "
        "{})",
        name, TypeName(v), TypeName(s)));
  }
  return ScalarBinding{out, [out](std::span<const Datum> in, const EvalContext&) {
                         std::vector<Datum> c(in.begin(), in.end());
                         if (c[0].type() == Type::kDynamic) c[0] = CoerceDatum(c[0], Type::kReal);
                         return MapRows(c, out, [out](const std::vector<ArgView>& v, size_t i,
                                                      ColumnBuilder& b) {
                           if (v[0].IsNull(i) || v[1].IsNull(i)) {
                             b.AppendNull();
                             return;
                           }
                           if (out == Type::kReal || out == Type::kDecimal) {
                             double size = v[1].Real(i);
                             if (size <= 0) {
                               b.AppendNull();
                             } else {
                               b.AppendReal(std::floor(v[0].Real(i) / size) * size);
                             }
                             return;
                           }
                           int64_t size = v[1].Long(i);
                           if (size <= 0) {
                             b.AppendNull();
                             return;
                           }
                           b.AppendLong(FloorDiv(v[0].Long(i), size) * size);
                         });
                       }};
}

void RegisterStartEnd(FunctionRegistry& r) {
  struct Unit {
    const char* name;
    DatetimeUnit unit;
  };
  for (Unit u : {Unit{"day", DatetimeUnit::kDay}, Unit{"week", DatetimeUnit::kWeek},
                 Unit{"month", DatetimeUnit::kMonth}, Unit{"year", DatetimeUnit::kYear}}) {
    DatetimeUnit unit = u.unit;
    AddTyped(r, std::string("startof") + u.name, {Type::kDatetime, Type::kLong}, 1,
             Type::kDatetime, [unit](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
               int64_t t = v[0].Long(i);
               if (v.size() > 1) t = AddUnits(t, unit, v[1].Long(i));
               AppendDatetime(StartOf(t, unit), b);
             });
    AddTyped(r, std::string("endof") + u.name, {Type::kDatetime, Type::kLong}, 1,
             Type::kDatetime, [unit](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
               int64_t t = v[0].Long(i);
               if (v.size() > 1) t = AddUnits(t, unit, v[1].Long(i));
               AppendDatetime(AddUnits(StartOf(t, unit), unit, 1) - 1, b);
             });
  }
}

void RegisterParts(FunctionRegistry& r) {
  auto part = [&r](const std::string& name, DatetimeUnit unit) {
    AddTyped(r, name, {Type::kDatetime}, 1, Type::kLong,
             [unit](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
               b.AppendLong(PartOf(v[0].Long(i), unit));
             });
  };
  part("dayofmonth", DatetimeUnit::kDay);
  part("dayofyear", DatetimeUnit::kDayOfYear);
  part("hourofday", DatetimeUnit::kHour);
  part("getmonth", DatetimeUnit::kMonth);
  part("monthofyear", DatetimeUnit::kMonth);
  part("getyear", DatetimeUnit::kYear);
  part("week_of_year", DatetimeUnit::kWeekOfYear);
  part("weekofyear", DatetimeUnit::kWeekOfYear);
  AddTyped(r, "dayofweek", {Type::kDatetime}, 1, Type::kTimespan,
           [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
             b.AppendLong(PartOf(v[0].Long(i), DatetimeUnit::kDayOfWeek) * kTicksPerDay);
           });
  AddTyped(r, "datetime_part", {Type::kString, Type::kDatetime}, 2, Type::kLong,
           [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
             auto unit = ParseDatetimeUnit(v[0].Str(i));
             if (!unit) {
               b.AppendNull();
             } else {
               b.AppendLong(PartOf(v[1].Long(i), *unit));
             }
           });
  AddTyped(r, "datetime_add", {Type::kString, Type::kLong, Type::kDatetime}, 3,
           Type::kDatetime, [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
             auto unit = ParseDatetimeUnit(v[0].Str(i));
             if (!unit) {
               b.AppendNull();
             } else {
               AppendDatetime(AddUnits(v[2].Long(i), *unit, v[1].Long(i)), b);
             }
           });
  AddTyped(r, "datetime_diff", {Type::kString, Type::kDatetime, Type::kDatetime}, 3,
           Type::kLong, [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
             auto unit = ParseDatetimeUnit(v[0].Str(i));
             if (!unit) {
               b.AppendNull();
             } else {
               b.AppendLong(DiffUnits(v[1].Long(i), v[2].Long(i), *unit));
             }
           });
}

void RegisterMake(FunctionRegistry& r) {
  AddTyped(r, "make_datetime",
           {Type::kLong, Type::kLong, Type::kLong, Type::kLong, Type::kLong, Type::kReal}, 3,
           Type::kDatetime, [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
             CivilTime c;
             c.year = static_cast<int>(v[0].Long(i));
             c.month = static_cast<int>(v[1].Long(i));
             c.day = static_cast<int>(v[2].Long(i));
             c.hour = v.size() > 3 ? static_cast<int>(v[3].Long(i)) : 0;
             c.minute = v.size() > 4 ? static_cast<int>(v[4].Long(i)) : 0;
             double sec = v.size() > 5 ? v[5].Real(i) : 0;
             bool ok = c.year >= 1 && c.year <= 9999 && c.month >= 1 && c.month <= 12 &&
                       c.day >= 1 && c.day <= DaysInMonth(c.year, c.month) && c.hour >= 0 &&
                       c.hour < 24 && c.minute >= 0 && c.minute < 60 && sec >= 0 && sec < 60;
             if (!ok) {
               b.AppendNull();
               return;
             }
             c.second = static_cast<int>(sec);
             c.ticks = std::llround((sec - c.second) * kTicksPerSecond);
             b.AppendLong(TicksFromCivil(c));
           });
  AddTyped(r, "make_timespan",
           {Type::kLong, Type::kLong, Type::kLong, Type::kReal}, 2, Type::kTimespan,
           [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
             // (hours, minutes) / (hours, minutes, seconds) / (days, hours, minutes, seconds)
             int64_t days = 0, hours, minutes;
             double seconds = 0;
             if (v.size() == 4) {
               days = v[0].Long(i);
               hours = v[1].Long(i);
               minutes = v[2].Long(i);
               seconds = v[3].Real(i);
             } else {
               hours = v[0].Long(i);
               minutes = v[1].Long(i);
               if (v.size() == 3) seconds = v[2].Long(i);
             }
             b.AppendLong(days * kTicksPerDay + hours * kTicksPerHour + minutes * kTicksPerMinute +
                          std::llround(seconds * kTicksPerSecond));
           });
  struct Unix {
    const char* name;
    double ticks_per_unit;
  };
  for (Unix u : {Unix{"unixtime_seconds_todatetime", 1e7},
                 Unix{"unixtime_milliseconds_todatetime", 1e4},
                 Unix{"unixtime_microseconds_todatetime", 10},
                 Unix{"unixtime_nanoseconds_todatetime", 0.01}}) {
    double per = u.ticks_per_unit;
    AddTyped(r, u.name, {Type::kReal}, 1, Type::kDatetime,
             [per](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
               double t = v[0].Real(i) * per;
               if (!std::isfinite(t) || std::fabs(t) > 9e18) {
                 b.AppendNull();
               } else {
                 AppendDatetime(static_cast<int64_t>(std::floor(t)), b);
               }
             });
  }
}

}  // namespace

void RegisterDatetime(FunctionRegistry& r) {
  r.AddScalar("now", [](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount("now", args, 0, 1));
    if (args.size() == 1 && args[0].type != Type::kTimespan) {
      return ArgTypeError("now", 0, "timespan", args[0].type);
    }
    ScalarBinding b{Type::kDatetime,
                    [](std::span<const Datum> in, const EvalContext& ctx) -> Result<Datum> {
                      int64_t offset = 0;
                      if (!in.empty()) {
                        if (!in[0].is_scalar()) {
                          return InvalidArgument("now(): the offset must be a constant");
                        }
                        if (in[0].scalar.is_null()) {
                          return Datum::Scalar(Value::Null(Type::kDatetime));
                        }
                        offset = in[0].scalar.int_value();
                      }
                      return Datum::Scalar(Value::Datetime(ctx.now_ticks + offset));
                    }};
    b.deterministic = false;
    return b;
  });
  r.AddScalar("ago", [](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount("ago", args, 1, 1));
    if (args[0].type != Type::kTimespan) return ArgTypeError("ago", 0, "timespan", args[0].type);
    ScalarBinding b{Type::kDatetime,
                    [](std::span<const Datum> in, const EvalContext& ctx) -> Result<Datum> {
                      int64_t now = ctx.now_ticks;
                      return MapRows(in, Type::kDatetime,
                                     [now](const std::vector<ArgView>& v, size_t i,
                                           ColumnBuilder& b) {
                                       if (v[0].IsNull(i)) {
                                         b.AppendNull();
                                       } else {
                                         AppendDatetime(now - v[0].Long(i), b);
                                       }
                                     });
                    }};
    b.deterministic = false;
    return b;
  });
  r.AddScalar("bin", [](std::span<const ArgInfo> a) { return BindBin("bin", a); });
  r.AddScalar("floor", [](std::span<const ArgInfo> a) { return BindBin("floor", a); });
  r.AddScalar("bin_at", BindBinAt);
  RegisterStartEnd(r);
  RegisterParts(r);
  RegisterMake(r);
}

}  // namespace quarry::kql::fn
