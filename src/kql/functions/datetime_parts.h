// Calendar arithmetic on UTC tick datetimes for the datetime functions: unit names as Kusto
// spells them ("year", "quarter", "month", "week", "day", "hour", "minute", "second",
// "millisecond", "microsecond", "nanosecond", plus "dayofyear", "week_of_year"), start of a unit,
// adding units (months clamp the day), differences counted in unit boundaries crossed, and parts.
// Weeks start on Sunday. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace quarry::kql::fn {

enum class DatetimeUnit {
  kYear, kQuarter, kMonth, kWeek, kDay, kHour, kMinute, kSecond, kMillisecond, kMicrosecond,
  kNanosecond, kDayOfYear, kDayOfWeek, kWeekOfYear,
};

// Case-insensitive; accepts plurals and "weekofyear"/"week_of_year". nullopt if unknown.
std::optional<DatetimeUnit> ParseDatetimeUnit(std::string_view name);

int DaysInMonth(int year, int month);
int64_t StartOf(int64_t ticks, DatetimeUnit unit);
int64_t AddUnits(int64_t ticks, DatetimeUnit unit, int64_t amount);
// Unit boundaries between b and a (positive when a is later).
int64_t DiffUnits(int64_t a, int64_t b, DatetimeUnit unit);
// The unit's component of the datetime (month 1-12, dayofweek 0 = Sunday, ISO week of year).
int64_t PartOf(int64_t ticks, DatetimeUnit unit);

}  // namespace quarry::kql::fn
