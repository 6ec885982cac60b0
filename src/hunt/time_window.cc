#include "hunt/time_window.h"

#include <cctype>
#include <cmath>
#include <map>
#include <optional>
#include <regex>

#include "common/time.h"
#include "hunt/request_words.h"

namespace quarry::hunt {
namespace {

constexpr double kHoursPerUnitDay = 24;

// Spelled-out amounts an analyst uses: "two weeks", "a couple of days", "an hour".
std::string NumbersToDigits(std::string text) {
  static const std::pair<const char*, const char*> kWords[] = {
      {"a couple of", "2"}, {"couple of", "2"}, {"a couple", "2"}, {"a pair of", "2"},
      {"half an", "0.5"}, {"half a", "0.5"}, {"one", "1"}, {"two", "2"}, {"three", "3"},
      {"four", "4"}, {"five", "5"}, {"six", "6"}, {"seven", "7"}, {"eight", "8"},
      {"nine", "9"}, {"ten", "10"}, {"eleven", "11"}, {"twelve", "12"}, {"fourteen", "14"},
      {"fifteen", "15"}, {"twenty", "20"}, {"thirty", "30"}, {"forty-eight", "48"},
      {"forty eight", "48"}, {"twenty-four", "24"}, {"twenty four", "24"}, {"seventy-two", "72"},
      {"seventy two", "72"}, {"ninety", "90"}};
  for (const auto& [word, digits] : kWords) {
    std::regex re(std::string("\\b") + word + "\\b");
    text = std::regex_replace(text, re, digits);
  }
  return text;
}

double UnitHours(const std::string& unit) {
  if (unit.empty()) return 0;
  if (unit.rfind("min", 0) == 0 || unit == "m") return 1.0 / 60;
  if (unit[0] == 'h') return 1;
  if (unit[0] == 'd') return kHoursPerUnitDay;
  if (unit[0] == 'w') return 7 * kHoursPerUnitDay;
  if (unit.rfind("mo", 0) == 0) return 30 * kHoursPerUnitDay;
  if (unit.rfind("fortnight", 0) == 0) return 14 * kHoursPerUnitDay;
  if (unit[0] == 'y') return 365 * kHoursPerUnitDay;
  return 0;
}

int MonthFromName(const std::string& name) {
  static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                  "jul", "aug", "sep", "oct", "nov", "dec"};
  for (int i = 0; i < 12; ++i) {
    if (name.rfind(kMonths[i], 0) == 0) return i + 1;
  }
  return 0;
}

int WeekdayFromName(const std::string& name) {  // 0 = Sunday
  static const char* kDays[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  for (int i = 0; i < 7; ++i) {
    if (name.rfind(kDays[i], 0) == 0) return i;
  }
  return -1;
}

int64_t DayStart(int64_t ticks) { return FloorDiv(ticks, kTicksPerDay) * kTicksPerDay; }

int Weekday(int64_t ticks) {  // 1970-01-01 was a Thursday (4)
  int64_t days = FloorDiv(ticks, kTicksPerDay);
  return static_cast<int>(((days % 7) + 7 + 4) % 7);
}

// The most recent day (at or before today) that is `weekday`.
int64_t LastWeekday(int64_t now, int weekday, bool strictly_before_today) {
  int64_t day = DayStart(now);
  int back = (Weekday(now) - weekday + 7) % 7;
  if (back == 0 && strictly_before_today) back = 7;
  return day - back * kTicksPerDay;
}

struct DateValue {
  int64_t ticks;
  bool has_time;  // a clock time was given (else the value is the day's midnight)
};

const char* kMonthRe =
    "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

// One date at the start of `s`: ISO ("2025-01-03", "2025-01-03t10:00", "2025-01-03 10:00"),
// "jan 3[rd][, 2025]", "3 jan [2025]". A date without a year is the most recent such date not
// after now. Sets *consumed to the length read.
std::optional<DateValue> ReadDate(const std::string& s, int64_t now, size_t* consumed) {
  std::smatch m;
  static const std::regex kIso(
      R"(^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[t ](\d{1,2}):(\d{2})(?::(\d{2}))?z?)?)");
  if (std::regex_search(s, m, kIso)) {
    CivilTime c;
    c.year = std::stoi(m[1]);
    c.month = std::stoi(m[2]);
    c.day = std::stoi(m[3]);
    bool has_time = m[4].matched;
    if (has_time) {
      c.hour = std::stoi(m[4]);
      c.minute = std::stoi(m[5]);
      c.second = m[6].matched ? std::stoi(m[6]) : 0;
    }
    if (c.month < 1 || c.month > 12 || c.day < 1 || c.day > 31) return std::nullopt;
    *consumed = static_cast<size_t>(m.length(0));
    return DateValue{TicksFromCivil(c), has_time};
  }
  static const std::regex kMonthDay(std::string("^") + kMonthRe +
                                    R"(\.? (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?\b)");
  static const std::regex kDayMonth(std::string(R"(^(\d{1,2})(?:st|nd|rd|th)? (?:of )?)") +
                                    kMonthRe + R"(\b(?:,? (\d{4}))?)");
  int month = 0, day = 0, year = 0;
  if (std::regex_search(s, m, kMonthDay)) {
    month = MonthFromName(m[1]);
    day = std::stoi(m[2]);
    if (m[3].matched) year = std::stoi(m[3]);
  } else if (std::regex_search(s, m, kDayMonth)) {
    day = std::stoi(m[1]);
    month = MonthFromName(m[2]);
    if (m[3].matched) year = std::stoi(m[3]);
  } else {
    return std::nullopt;
  }
  if (month == 0 || day < 1 || day > 31) return std::nullopt;
  CivilTime now_civil = CivilFromTicks(now);
  CivilTime c;
  c.year = year != 0 ? year : now_civil.year;
  c.month = month;
  c.day = day;
  int64_t t = TicksFromCivil(c);
  if (year == 0 && t > now) {
    c.year -= 1;
    t = TicksFromCivil(c);
  }
  *consumed = static_cast<size_t>(m.length(0));
  return DateValue{t, false};
}

// A date or a weekday ("monday", "last monday") or "yesterday"/"today" at the start of `s`.
std::optional<DateValue> ReadDay(const std::string& s, int64_t now, size_t* consumed) {
  if (auto d = ReadDate(s, now, consumed)) return d;
  std::smatch m;
  static const std::regex kWeekday(
      R"(^(last |this |past )?(mon|tues|wednes|thurs|fri|satur|sun)day\b)");
  if (std::regex_search(s, m, kWeekday)) {
    *consumed = static_cast<size_t>(m.length(0));
    bool last = m[1].matched && m[1].str() != "this ";
    return DateValue{LastWeekday(now, WeekdayFromName(m[2]), last), false};
  }
  if (s.rfind("yesterday", 0) == 0) {
    *consumed = 9;
    return DateValue{DayStart(now) - kTicksPerDay, false};
  }
  if (s.rfind("today", 0) == 0) {
    *consumed = 5;
    return DateValue{DayStart(now), false};
  }
  return std::nullopt;
}

TimeWindow Make(int64_t start, int64_t end, std::string phrase) {
  TimeWindow w;
  w.start_ticks = start;
  w.end_ticks = end;
  w.phrase = std::move(phrase);
  return w;
}

TimeWindow Back(int64_t now, double hours, std::string phrase) {
  return Make(now - static_cast<int64_t>(std::llround(hours * kTicksPerHour)), now,
              std::move(phrase));
}

// The end of a range whose last value was `d`: a date-only value includes its whole day.
int64_t RangeEnd(const DateValue& d) { return d.has_time ? d.ticks : d.ticks + kTicksPerDay; }

std::optional<TimeWindow> CalendarRange(const std::string& text, int64_t now) {
  // between X and Y / from X to|until|through Y
  static const std::regex kRange(R"(\b(between|from) (.+?) (and|to|until|till|through|thru|-) (.+))");
  std::smatch m;
  std::string::const_iterator search_from = text.begin();
  while (std::regex_search(search_from, text.cend(), m, kRange)) {
    size_t used1 = 0, used2 = 0;
    auto a = ReadDay(m[2].str(), now, &used1);
    auto b = ReadDay(m[4].str(), now, &used2);
    if (a && b && used1 == m[2].str().size()) {
      int64_t end = std::min(RangeEnd(*b), std::max(now, a->ticks + 1));
      if (a->ticks < end) {
        return Make(a->ticks, end, m[1].str() + " " + m[2].str() + " " + m[3].str() + " " +
                                       m[4].str().substr(0, used2));
      }
    }
    search_from = m[0].first + 1;
  }
  // since/after X
  static const std::regex kSince(R"(\b(since|after|starting) (.+))");
  if (std::regex_search(text, m, kSince)) {
    size_t used = 0;
    if (auto a = ReadDay(m[2].str(), now, &used); a && a->ticks < now) {
      return Make(a->ticks, now, m[1].str() + " " + m[2].str().substr(0, used));
    }
  }
  // on X / X alone as a date ("on jan 3", "on 2025-01-03", "on monday")
  static const std::regex kOn(R"(\b(on|during|for) (.+))");
  std::string::const_iterator from = text.begin();
  while (std::regex_search(from, text.cend(), m, kOn)) {
    size_t used = 0;
    if (auto a = ReadDay(m[2].str(), now, &used)) {
      int64_t end = a->has_time ? a->ticks + kTicksPerHour : a->ticks + kTicksPerDay;
      return Make(a->ticks, std::min(end, std::max(now, a->ticks + 1)),
                  m[1].str() + " " + m[2].str().substr(0, used));
    }
    from = m[0].first + 1;
  }
  static const std::regex kBareDate(R"(\b(\d{4}-\d{2}-\d{2})\b)");
  if (std::regex_search(text, m, kBareDate)) {
    size_t used = 0;
    if (auto a = ReadDate(m[1].str(), now, &used)) {
      return Make(a->ticks, std::min(a->ticks + kTicksPerDay, std::max(now, a->ticks + 1)), m[1].str());
    }
  }
  return std::nullopt;
}

std::optional<TimeWindow> NamedSpan(const std::string& text, int64_t now) {
  int64_t today = DayStart(now);
  int wd = Weekday(now);
  if (std::regex_search(text, std::regex(R"(\b(this|over the|during the|on the) weekend\b)"))) {
    if (wd == 6 || wd == 0) return Make(LastWeekday(now, 6, false), now, "this weekend");
    int64_t sat = LastWeekday(now, 6, true);
    return Make(sat, sat + 2 * kTicksPerDay, "this weekend");
  }
  if (std::regex_search(text, std::regex(R"(\blast weekend\b)"))) {
    int64_t sat = LastWeekday(now, 6, true);
    if (wd == 6 || wd == 0) sat -= 7 * kTicksPerDay;
    return Make(sat, sat + 2 * kTicksPerDay, "last weekend");
  }
  if (std::regex_search(text, std::regex(R"(\b(last night|overnight)\b)"))) {
    return Make(today - 6 * kTicksPerHour, std::min(now, today + 6 * kTicksPerHour), "last night");
  }
  if (std::regex_search(text, std::regex(R"(\bthis morning\b)"))) {
    return Make(today, std::min(now, today + 12 * kTicksPerHour), "this morning");
  }
  if (std::regex_search(text, std::regex(R"(\byesterday\b)"))) {
    return Make(today - kTicksPerDay, today, "yesterday");
  }
  if (std::regex_search(text, std::regex(R"(\btoday\b)"))) {
    return Make(today, now, "today");
  }
  return std::nullopt;
}

std::optional<TimeWindow> Relative(const std::string& text, int64_t now) {
  std::smatch m;
  // "last 6 hours", "past 2 weeks or so", "3 days", "48h", "30 mins", "1.5 hours".
  static const std::regex kAmount(
      R"((\d+(?:\.\d+)?) ?(minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|w|months?|mo|fortnights?|years?|yrs?)\b)");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kAmount); it != std::sregex_iterator(); ++it) {
    const std::smatch& a = *it;
    double n = std::stod(a[1]);
    std::string unit = a[2];
    // "m" alone is minutes only when glued to the number ("30m"); "3 m" is too vague.
    if ((unit == "m" || unit == "d" || unit == "h" || unit == "w") && a[0].str().find(' ') != std::string::npos) continue;
    // Skip amounts that are not windows: "5 failed logins in 10 minutes" still is; "ago" is.
    double hours = n * UnitHours(unit);
    if (hours <= 0) continue;
    return Back(now, hours, a[0].str());
  }
  // "last hour", "past day", "previous week", "this week", "the last month", "fortnight".
  static const std::regex kOne(
      R"(\b(last|past|previous|prior|this|the|a|an|one) (hour|day|week|month|fortnight|year|24 hours)\b)");
  if (std::regex_search(text, m, kOne)) {
    std::string unit = m[2];
    double hours = unit == "24 hours" ? 24 : UnitHours(unit);
    return Back(now, hours, m[0].str());
  }
  if (std::regex_search(text, m, std::regex(R"(\bfortnight\b)"))) return Back(now, 14 * 24, "fortnight");
  // Vague amounts.
  static const std::regex kVague(R"(\b(few|several|couple|handful of) (minutes|hours|days|weeks|months)\b)");
  if (std::regex_search(text, m, kVague)) {
    std::string unit = m[2];
    double hours = unit == "minutes" ? 0.25 : unit == "hours" ? 4 : unit == "days" ? kDefaultHuntHours
                   : unit == "weeks" ? 21 * 24 : 90 * 24;
    if (m[1] == "couple") hours = 2 * UnitHours(unit);
    return Back(now, hours, m[0].str());
  }
  if (std::regex_search(text, m, std::regex(R"(\b(recently|lately|recent)\b)"))) {
    TimeWindow w = Back(now, kDefaultHuntHours, m[0].str());
    return w;
  }
  return std::nullopt;
}

}  // namespace

double TimeWindow::hours() const {
  return static_cast<double>(end_ticks - start_ticks) / kTicksPerHour;
}

TimeWindow ParseTimeWindow(std::string_view request, int64_t now_ticks) {
  std::string text = ToLower(request);
  for (char& c : text) {
    if (c == ',' || c == '?' || c == '!' || c == ';' || c == '(' || c == ')' || c == '"') c = ' ';
  }
  text = std::regex_replace(text, std::regex(R"(\s+)"), " ");
  text = NumbersToDigits(text);
  if (auto w = CalendarRange(text, now_ticks)) return *w;
  if (auto w = Relative(text, now_ticks)) return *w;
  if (auto w = NamedSpan(text, now_ticks)) return *w;
  TimeWindow w = Back(now_ticks, kDefaultHuntHours, "");
  w.is_default = true;
  return w;
}

}  // namespace quarry::hunt
