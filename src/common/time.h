// Datetime and timespan as Kusto defines them: signed 64-bit counts of 100-ns ticks.
//
// Quarry's datetime is ticks since the Unix epoch (1970-01-01T00:00:00Z), UTC only, covering
// Kusto's range 0001-01-01 .. 9999-12-31. Timespan is a signed tick count. Parsing accepts ISO 8601
// and the formats Kusto's datetime() literal accepts; formatting is Kusto's canonical text
// ("2021-01-02T03:04:05.0000000Z", "[-][d.]hh:mm:ss[.fffffff]"). Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace quarry {

inline constexpr int64_t kTicksPerMicrosecond = 10;
inline constexpr int64_t kTicksPerMillisecond = 10'000;
inline constexpr int64_t kTicksPerSecond = 10'000'000;
inline constexpr int64_t kTicksPerMinute = 60 * kTicksPerSecond;
inline constexpr int64_t kTicksPerHour = 60 * kTicksPerMinute;
inline constexpr int64_t kTicksPerDay = 24 * kTicksPerHour;

// Ticks of 0001-01-01T00:00:00Z and of 9999-12-31T23:59:59.9999999Z relative to the Unix epoch.
inline constexpr int64_t kMinDatetimeTicks = -62135596800LL * kTicksPerSecond;
inline constexpr int64_t kMaxDatetimeTicks = 253402300800LL * kTicksPerSecond - 1;

struct CivilTime {
  int year = 1970, month = 1, day = 1;
  int hour = 0, minute = 0, second = 0;
  int64_t ticks = 0;  // sub-second part, 0 .. kTicksPerSecond-1
};

// Days since 1970-01-01 of a proleptic Gregorian date, and back.
int64_t DaysFromCivil(int year, int month, int day);
void CivilFromDays(int64_t days, int* year, int* month, int* day);

int64_t TicksFromCivil(const CivilTime& civil);
CivilTime CivilFromTicks(int64_t ticks);

// Parses a datetime: ISO 8601 ("2021-01-02", "2021-01-02T03:04:05.123Z", "2021-01-02 03:04",
// offsets "+02:00"), RFC 1123 ("Sat, 08 Nov 2014 15:05:02 GMT"), "2021/01/02", and US
// month-first dates ("01/16/2022", "12-02-2022 8:00:00 PM").
// Returns nullopt when the text is not a datetime.
std::optional<int64_t> ParseDatetime(std::string_view text);

// Parses a time of day without a date ("8:00:00 AM", "17:30"): ticks since midnight.
std::optional<int64_t> ParseTimeOfDay(std::string_view text);

// "2021-01-02T03:04:05.1234567Z" (always seven fractional digits, as Kusto prints).
std::string FormatDatetime(int64_t ticks);

// Parses a timespan: Kusto literal forms ("1d", "2h", "30m", "10s", "100ms", "5microsecond",
// "3tick", "1.5h") and the clock forms "[-][d.]hh:mm[:ss[.fffffff]]".
std::optional<int64_t> ParseTimespan(std::string_view text);

// "[-][d.]hh:mm:ss[.fffffff]" as Kusto prints it (fraction only when non-zero).
std::string FormatTimespan(int64_t ticks);

// Unix time now in ticks, from the system clock.
int64_t NowTicks();

// Floor division and modulo toward negative infinity (Kusto's bin() semantics).
inline int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

}  // namespace quarry
