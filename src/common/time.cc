#include "common/time.h"

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstring>

namespace quarry {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `n` digits at `pos`.
bool ReadDigits(std::string_view s, size_t& pos, int n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (int i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (!IsDigit(c)) return false;
    v = v * 10 + (c - '0');
  }
  pos += n;
  *out = v;
  return true;
}

// Reads 1..max digits.
bool ReadNumber(std::string_view s, size_t& pos, int max_digits, int* out) {
  int v = 0, n = 0;
  while (pos < s.size() && IsDigit(s[pos]) && n < max_digits) {
    v = v * 10 + (s[pos] - '0');
    ++pos;
    ++n;
  }
  if (n == 0) return false;
  *out = v;
  return true;
}

// Reads a fraction after '.', returning ticks (7 digits of precision; extra digits ignored).
int64_t ReadFractionTicks(std::string_view s, size_t& pos) {
  int64_t ticks = 0;
  int digits = 0;
  while (pos < s.size() && IsDigit(s[pos])) {
    if (digits < 7) {
      ticks = ticks * 10 + (s[pos] - '0');
      ++digits;
    }
    ++pos;
  }
  while (digits < 7) {
    ticks *= 10;
    ++digits;
  }
  return ticks;
}

bool ValidCivil(const CivilTime& c) {
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (c.year < 1 || c.year > 9999 || c.month < 1 || c.month > 12 || c.day < 1) return false;
  if (c.day > kDays[c.month - 1]) return false;
  bool leap = (c.year % 4 == 0 && c.year % 100 != 0) || c.year % 400 == 0;
  if (c.month == 2 && c.day == 29 && !leap) return false;
  return c.hour >= 0 && c.hour < 24 && c.minute >= 0 && c.minute < 60 && c.second >= 0 &&
         c.second < 60;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

int MonthFromName(std::string_view name) {
  static const char* kNames[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  if (name.size() < 3) return 0;
  for (int i = 0; i < 12; ++i) {
    bool eq = true;
    for (int j = 0; j < 3; ++j) {
      if (std::tolower(static_cast<unsigned char>(name[j])) != kNames[i][j]) eq = false;
    }
    if (eq) return i + 1;
  }
  return 0;
}

// Parses "hh:mm[:ss[.f]]" at pos into civil; returns false on malformed text.
bool ReadClock(std::string_view s, size_t& pos, CivilTime* c) {
  if (!ReadNumber(s, pos, 2, &c->hour)) return false;
  if (pos >= s.size() || s[pos] != ':') return false;
  ++pos;
  if (!ReadDigits(s, pos, 2, &c->minute)) return false;
  if (pos < s.size() && s[pos] == ':') {
    ++pos;
    if (!ReadDigits(s, pos, 2, &c->second)) return false;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
      ++pos;
      c->ticks = ReadFractionTicks(s, pos);
    }
  }
  return true;
}

// Parses a trailing zone: "Z", "UTC", "GMT", "+hh:mm", "+hhmm", "-hh". Returns offset in ticks.
bool ReadZone(std::string_view s, size_t& pos, int64_t* offset) {
  *offset = 0;
  while (pos < s.size() && s[pos] == ' ') ++pos;
  if (pos == s.size()) return true;
  std::string_view rest = s.substr(pos);
  if (rest == "Z" || rest == "z" || rest == "UTC" || rest == "GMT") {
    pos = s.size();
    return true;
  }
  if (s[pos] != '+' && s[pos] != '-') return false;
  int sign = s[pos] == '-' ? -1 : 1;
  ++pos;
  int hh = 0, mm = 0;
  if (!ReadDigits(s, pos, 2, &hh)) return false;
  if (pos < s.size() && s[pos] == ':') ++pos;
  if (pos < s.size() && !ReadDigits(s, pos, 2, &mm)) return false;
  *offset = sign * (hh * kTicksPerHour + mm * kTicksPerMinute);
  return pos == s.size();
}

std::optional<int64_t> ParseIso(std::string_view s) {
  CivilTime c;
  size_t pos = 0;
  if (!ReadDigits(s, pos, 4, &c.year)) return std::nullopt;
  if (pos >= s.size() || (s[pos] != '-' && s[pos] != '/')) return std::nullopt;
  char sep = s[pos++];
  if (!ReadNumber(s, pos, 2, &c.month)) return std::nullopt;
  if (pos >= s.size() || s[pos] != sep) return std::nullopt;
  ++pos;
  if (!ReadNumber(s, pos, 2, &c.day)) return std::nullopt;
  int64_t offset = 0;
  if (pos < s.size()) {
    if (s[pos] == 'T' || s[pos] == 't' || s[pos] == ' ') {
      ++pos;
      size_t save = pos;
      if (!ReadClock(s, pos, &c)) {
        pos = save;
        if (!ReadZone(s, pos, &offset)) return std::nullopt;
      }
    }
    if (!ReadZone(s, pos, &offset)) return std::nullopt;
  }
  if (!ValidCivil(c)) return std::nullopt;
  return TicksFromCivil(c) - offset;
}

// "Sat, 08 Nov 2014 15:05:02 GMT" or "08 Nov 2014 15:05:02 GMT".
std::optional<int64_t> ParseRfc1123(std::string_view s) {
  size_t comma = s.find(',');
  if (comma != std::string_view::npos) s = Trim(s.substr(comma + 1));
  CivilTime c;
  size_t pos = 0;
  if (!ReadNumber(s, pos, 2, &c.day)) return std::nullopt;
  if (pos >= s.size() || s[pos] != ' ') return std::nullopt;
  ++pos;
  size_t end = s.find(' ', pos);
  if (end == std::string_view::npos) return std::nullopt;
  c.month = MonthFromName(s.substr(pos, end - pos));
  if (c.month == 0) return std::nullopt;
  pos = end + 1;
  if (!ReadDigits(s, pos, 4, &c.year)) return std::nullopt;
  int64_t offset = 0;
  if (pos < s.size()) {
    if (s[pos] != ' ') return std::nullopt;
    ++pos;
    if (!ReadClock(s, pos, &c)) return std::nullopt;
    if (!ReadZone(s, pos, &offset)) return std::nullopt;
  }
  if (!ValidCivil(c)) return std::nullopt;
  return TicksFromCivil(c) - offset;
}

// Reads an optional clock with an optional 12-hour suffix: "8:00:00 AM", "17:05", "5:00 pm".
bool ReadClock12(std::string_view s, size_t& pos, CivilTime* c) {
  if (!ReadClock(s, pos, c)) return false;
  size_t p = pos;
  while (p < s.size() && s[p] == ' ') ++p;
  if (p + 2 <= s.size()) {
    char a = static_cast<char>(std::toupper(static_cast<unsigned char>(s[p])));
    char m = static_cast<char>(std::toupper(static_cast<unsigned char>(s[p + 1])));
    if ((a == 'A' || a == 'P') && m == 'M') {
      if (c->hour < 1 || c->hour > 12) return false;
      c->hour = c->hour % 12 + (a == 'P' ? 12 : 0);
      pos = p + 2;
    }
  }
  return true;
}

// US month-first dates, as Kusto reads them: "01/16/2022", "12-02-2022 13:00:00",
// "1/16/2022 8:00:00 AM".
std::optional<int64_t> ParseMonthFirst(std::string_view s) {
  CivilTime c;
  size_t pos = 0;
  if (!ReadNumber(s, pos, 2, &c.month)) return std::nullopt;
  if (pos >= s.size() || (s[pos] != '/' && s[pos] != '-')) return std::nullopt;
  char sep = s[pos++];
  if (!ReadNumber(s, pos, 2, &c.day)) return std::nullopt;
  if (pos >= s.size() || s[pos] != sep) return std::nullopt;
  ++pos;
  if (!ReadDigits(s, pos, 4, &c.year)) return std::nullopt;
  int64_t offset = 0;
  if (pos < s.size()) {
    if (s[pos] != ' ' && s[pos] != 'T') return std::nullopt;
    ++pos;
    if (!ReadClock12(s, pos, &c)) return std::nullopt;
    if (!ReadZone(s, pos, &offset)) return std::nullopt;
  }
  if (pos != s.size() || !ValidCivil(c)) return std::nullopt;
  return TicksFromCivil(c) - offset;
}

// "2025, 6, 14" and "2017 - 08 - 01": a four-digit year, month and day separated by ',', '-',
// '/' or '.' with spaces around them (the loose forms .NET's date parser, and so Kusto, accept).
std::optional<int64_t> ParseLooseYmd(std::string_view s) {
  CivilTime c;
  size_t pos = 0;
  int* parts[] = {&c.year, &c.month, &c.day};
  for (int k = 0; k < 3; ++k) {
    if (k > 0) {
      while (pos < s.size() && s[pos] == ' ') ++pos;
      if (pos >= s.size() || std::string_view(",-/.").find(s[pos]) == std::string_view::npos) {
        return std::nullopt;
      }
      ++pos;
      while (pos < s.size() && s[pos] == ' ') ++pos;
    }
    size_t start = pos;
    if (!ReadNumber(s, pos, k == 0 ? 4 : 2, parts[k])) return std::nullopt;
    if (k == 0 && pos - start != 4) return std::nullopt;
  }
  if (pos != s.size() || !ValidCivil(c)) return std::nullopt;
  return TicksFromCivil(c);
}

}  // namespace

std::optional<int64_t> ParseTimeOfDay(std::string_view text) {
  std::string_view s = Trim(text);
  CivilTime c;
  size_t pos = 0;
  if (s.empty() || !IsDigit(s[0]) || !ReadClock12(s, pos, &c) || pos != s.size()) {
    return std::nullopt;
  }
  if (c.hour > 23 || c.minute > 59 || c.second > 59) return std::nullopt;
  return c.hour * kTicksPerHour + c.minute * kTicksPerMinute + c.second * kTicksPerSecond +
         c.ticks;
}

int64_t DaysFromCivil(int y, int m, int d) {
  // Howard Hinnant's days_from_civil algorithm (public domain description).
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t z, int* year, int* month, int* day) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp + (mp < 10 ? 3 : -9);
  *year = static_cast<int>(y + (m <= 2));
  *month = static_cast<int>(m);
  *day = static_cast<int>(d);
}

int64_t TicksFromCivil(const CivilTime& c) {
  return DaysFromCivil(c.year, c.month, c.day) * kTicksPerDay + c.hour * kTicksPerHour +
         c.minute * kTicksPerMinute + c.second * kTicksPerSecond + c.ticks;
}

CivilTime CivilFromTicks(int64_t ticks) {
  CivilTime c;
  int64_t days = FloorDiv(ticks, kTicksPerDay);
  int64_t rem = ticks - days * kTicksPerDay;
  CivilFromDays(days, &c.year, &c.month, &c.day);
  c.hour = static_cast<int>(rem / kTicksPerHour);
  rem %= kTicksPerHour;
  c.minute = static_cast<int>(rem / kTicksPerMinute);
  rem %= kTicksPerMinute;
  c.second = static_cast<int>(rem / kTicksPerSecond);
  c.ticks = rem % kTicksPerSecond;
  return c;
}

std::optional<int64_t> ParseDatetime(std::string_view text) {
  std::string_view s = Trim(text);
  if (s.empty()) return std::nullopt;
  if (IsDigit(s[0])) {
    if (s.size() >= 5 && IsDigit(s[1]) && IsDigit(s[2]) && IsDigit(s[3])) {
      if (auto iso = ParseIso(s)) return iso;
      return ParseLooseYmd(s);
    }
    if (auto us = ParseMonthFirst(s)) return us;
    return ParseRfc1123(s);
  }
  return ParseRfc1123(s);
}

std::string FormatDatetime(int64_t ticks) {
  CivilTime c = CivilFromTicks(ticks);
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%07lldZ", c.year, c.month, c.day,
                c.hour, c.minute, c.second, static_cast<long long>(c.ticks));
  return buf;
}

std::optional<int64_t> ParseTimespan(std::string_view text) {
  std::string_view s = Trim(text);
  if (s.empty()) return std::nullopt;
  bool negative = false;
  if (s[0] == '-') {
    negative = true;
    s.remove_prefix(1);
  }
  // Clock form: [d.]hh:mm[:ss[.fffffff]]
  if (s.find(':') != std::string_view::npos) {
    size_t pos = 0;
    int64_t days = 0;
    size_t dot = s.find('.');
    size_t colon = s.find(':');
    if (dot != std::string_view::npos && dot < colon) {
      int d = 0;
      if (!ReadNumber(s, pos, 9, &d) || pos != dot) return std::nullopt;
      days = d;
      ++pos;
    }
    CivilTime c;
    if (!ReadClock(s, pos, &c) || pos != s.size()) return std::nullopt;
    if (c.minute >= 60 || c.second >= 60) return std::nullopt;
    int64_t t = days * kTicksPerDay + c.hour * kTicksPerHour + c.minute * kTicksPerMinute +
                c.second * kTicksPerSecond + c.ticks;
    return negative ? -t : t;
  }
  // Literal form: number + unit.
  size_t pos = 0;
  while (pos < s.size() && (IsDigit(s[pos]) || s[pos] == '.')) ++pos;
  if (pos == 0) return std::nullopt;
  std::string number(s.substr(0, pos));
  std::string unit(s.substr(pos));
  for (auto& ch : unit) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  char* end = nullptr;
  double v = std::strtod(number.c_str(), &end);
  if (end != number.c_str() + number.size()) return std::nullopt;
  double scale;
  if (unit == "d" || unit == "day" || unit == "days") scale = kTicksPerDay;
  else if (unit == "h" || unit == "hr" || unit == "hrs" || unit == "hour" || unit == "hours")
    scale = kTicksPerHour;
  else if (unit == "m" || unit == "min" || unit == "minute" || unit == "minutes")
    scale = kTicksPerMinute;
  else if (unit == "s" || unit == "sec" || unit == "second" || unit == "seconds")
    scale = kTicksPerSecond;
  else if (unit == "ms" || unit == "milli" || unit == "millis" || unit == "millisecond" ||
           unit == "milliseconds")
    scale = kTicksPerMillisecond;
  else if (unit == "microsecond" || unit == "microseconds")
    scale = kTicksPerMicrosecond;
  else if (unit == "tick" || unit == "ticks")
    scale = 1;
  else if (unit.empty())
    scale = kTicksPerDay;  // Kusto: a bare number in timespan() is days
  else
    return std::nullopt;
  double t = v * scale;
  if (t > 9.2e18) return std::nullopt;
  auto ticks = static_cast<int64_t>(t + (t >= 0 ? 0.5 : -0.5));
  return negative ? -ticks : ticks;
}

std::string FormatTimespan(int64_t ticks) {
  std::string out;
  uint64_t t;
  if (ticks < 0) {
    out.push_back('-');
    t = static_cast<uint64_t>(-(ticks + 1)) + 1;
  } else {
    t = static_cast<uint64_t>(ticks);
  }
  uint64_t days = t / kTicksPerDay;
  t %= kTicksPerDay;
  uint64_t h = t / kTicksPerHour;
  t %= kTicksPerHour;
  uint64_t m = t / kTicksPerMinute;
  t %= kTicksPerMinute;
  uint64_t s = t / kTicksPerSecond;
  uint64_t f = t % kTicksPerSecond;
  char buf[64];
  if (days > 0) {
    std::snprintf(buf, sizeof(buf), "%llu.", static_cast<unsigned long long>(days));
    out += buf;
  }
  std::snprintf(buf, sizeof(buf), "%02llu:%02llu:%02llu", static_cast<unsigned long long>(h),
                static_cast<unsigned long long>(m), static_cast<unsigned long long>(s));
  out += buf;
  if (f > 0) {
    std::snprintf(buf, sizeof(buf), ".%07llu", static_cast<unsigned long long>(f));
    out += buf;
  }
  return out;
}

int64_t NowTicks() {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::nanoseconds>(now).count() / 100;
}

}  // namespace quarry
