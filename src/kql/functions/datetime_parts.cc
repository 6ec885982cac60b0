#include "kql/functions/datetime_parts.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "common/time.h"

namespace quarry::kql::fn {
namespace {

int64_t TicksOf(DatetimeUnit unit) {
  switch (unit) {
    case DatetimeUnit::kDay: return kTicksPerDay;
    case DatetimeUnit::kHour: return kTicksPerHour;
    case DatetimeUnit::kMinute: return kTicksPerMinute;
    case DatetimeUnit::kSecond: return kTicksPerSecond;
    case DatetimeUnit::kMillisecond: return kTicksPerMillisecond;
    case DatetimeUnit::kMicrosecond: return kTicksPerMicrosecond;
    case DatetimeUnit::kWeek: return 7 * kTicksPerDay;
    default: return 1;
  }
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int64_t DayOfWeek(int64_t ticks) {  // 0 = Sunday; 1970-01-01 was a Thursday
  int64_t days = FloorDiv(ticks, kTicksPerDay);
  return ((days + 4) % 7 + 7) % 7;
}

int IsoWeeksInYear(int year) {
  auto p = [](int y) { return (y + y / 4 - y / 100 + y / 400) % 7; };
  return (p(year) == 4 || p(year - 1) == 3) ? 53 : 52;
}

}  // namespace

std::optional<DatetimeUnit> ParseDatetimeUnit(std::string_view name) {
  std::string n(name);
  std::transform(n.begin(), n.end(), n.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (n.size() > 1 && n.back() == 's' && n != "ms") n.pop_back();
  if (n == "year") return DatetimeUnit::kYear;
  if (n == "quarter") return DatetimeUnit::kQuarter;
  if (n == "month") return DatetimeUnit::kMonth;
  if (n == "week" || n == "weekofyear" || n == "week_of_year") {
    return n == "week" ? DatetimeUnit::kWeek : DatetimeUnit::kWeekOfYear;
  }
  if (n == "day") return DatetimeUnit::kDay;
  if (n == "dayofyear") return DatetimeUnit::kDayOfYear;
  if (n == "hour") return DatetimeUnit::kHour;
  if (n == "minute") return DatetimeUnit::kMinute;
  if (n == "second") return DatetimeUnit::kSecond;
  if (n == "millisecond" || n == "ms") return DatetimeUnit::kMillisecond;
  if (n == "microsecond") return DatetimeUnit::kMicrosecond;
  if (n == "nanosecond") return DatetimeUnit::kNanosecond;
  return std::nullopt;
}

int DaysInMonth(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && IsLeap(year) ? 29 : kDays[month - 1];
}

int64_t StartOf(int64_t ticks, DatetimeUnit unit) {
  switch (unit) {
    case DatetimeUnit::kYear:
    case DatetimeUnit::kQuarter:
    case DatetimeUnit::kMonth: {
      CivilTime c = CivilFromTicks(ticks);
      CivilTime s;
      s.year = c.year;
      s.month = unit == DatetimeUnit::kYear      ? 1
                : unit == DatetimeUnit::kQuarter ? ((c.month - 1) / 3) * 3 + 1
                                                 : c.month;
      return TicksFromCivil(s);
    }
    case DatetimeUnit::kWeek: {
      int64_t day = FloorDiv(ticks, kTicksPerDay) * kTicksPerDay;
      return day - DayOfWeek(ticks) * kTicksPerDay;
    }
    case DatetimeUnit::kNanosecond: return ticks;
    default: return FloorDiv(ticks, TicksOf(unit)) * TicksOf(unit);
  }
}

int64_t AddUnits(int64_t ticks, DatetimeUnit unit, int64_t amount) {
  int64_t months = 0;
  switch (unit) {
    case DatetimeUnit::kYear: months = amount * 12; break;
    case DatetimeUnit::kQuarter: months = amount * 3; break;
    case DatetimeUnit::kMonth: months = amount; break;
    case DatetimeUnit::kNanosecond: return ticks + amount / 100;
    default: return ticks + amount * TicksOf(unit);
  }
  CivilTime c = CivilFromTicks(ticks);
  int64_t total = static_cast<int64_t>(c.year) * 12 + (c.month - 1) + months;
  c.year = static_cast<int>(FloorDiv(total, 12));
  c.month = static_cast<int>(total - static_cast<int64_t>(c.year) * 12) + 1;
  c.day = std::min(c.day, DaysInMonth(c.year, c.month));
  return TicksFromCivil(c);
}

int64_t DiffUnits(int64_t a, int64_t b, DatetimeUnit unit) {
  switch (unit) {
    case DatetimeUnit::kYear:
    case DatetimeUnit::kQuarter:
    case DatetimeUnit::kMonth: {
      CivilTime x = CivilFromTicks(a), y = CivilFromTicks(b);
      if (unit == DatetimeUnit::kYear) return x.year - y.year;
      if (unit == DatetimeUnit::kQuarter) {
        return (x.year * 4 + (x.month - 1) / 3) - (y.year * 4 + (y.month - 1) / 3);
      }
      return (static_cast<int64_t>(x.year) * 12 + x.month) -
             (static_cast<int64_t>(y.year) * 12 + y.month);
    }
    case DatetimeUnit::kWeek:
      return (StartOf(a, unit) - StartOf(b, unit)) / (7 * kTicksPerDay);
    case DatetimeUnit::kNanosecond: return (a - b) * 100;
    default: return FloorDiv(a, TicksOf(unit)) - FloorDiv(b, TicksOf(unit));
  }
}

int64_t PartOf(int64_t ticks, DatetimeUnit unit) {
  CivilTime c = CivilFromTicks(ticks);
  switch (unit) {
    case DatetimeUnit::kYear: return c.year;
    case DatetimeUnit::kQuarter: return (c.month - 1) / 3 + 1;
    case DatetimeUnit::kMonth: return c.month;
    case DatetimeUnit::kDay: return c.day;
    case DatetimeUnit::kHour: return c.hour;
    case DatetimeUnit::kMinute: return c.minute;
    case DatetimeUnit::kSecond: return c.second;
    case DatetimeUnit::kMillisecond: return c.ticks / kTicksPerMillisecond;
    case DatetimeUnit::kMicrosecond: return c.ticks / kTicksPerMicrosecond;
    case DatetimeUnit::kNanosecond: return c.ticks * 100;
    case DatetimeUnit::kDayOfWeek: return DayOfWeek(ticks);
    case DatetimeUnit::kDayOfYear:
      return DaysFromCivil(c.year, c.month, c.day) - DaysFromCivil(c.year, 1, 1) + 1;
    case DatetimeUnit::kWeek:
    case DatetimeUnit::kWeekOfYear: {
      int64_t doy = DaysFromCivil(c.year, c.month, c.day) - DaysFromCivil(c.year, 1, 1) + 1;
      int64_t wd = DayOfWeek(ticks);
      if (wd == 0) wd = 7;
      int64_t week = (doy - wd + 10) / 7;
      if (week < 1) return IsoWeeksInYear(c.year - 1);
      if (week > IsoWeeksInYear(c.year)) return 1;
      return week;
    }
  }
  return 0;
}

}  // namespace quarry::kql::fn
