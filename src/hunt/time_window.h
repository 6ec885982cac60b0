// Time expressions in an analyst's request -> a UTC window [start, end).
//
// Relative phrases count back from now: "past 6 hours" (6 h), "in the last day" (24 h), "this
// week" (7 days), "last 2 weeks or so" / "fortnight" (14 days), "this month" (30 days), "over the
// past 8 hours", "3 days", "48h", "last 30 minutes". Calendar phrases are calendar spans in UTC:
// "today", "yesterday", "last night", "this weekend", "since Monday", "on Jan 3", "since
// 2025-01-03", "between 2025-01-03 and 2025-01-05" (a date-only end includes that whole day).
// "few days", "recently" or no time at all: the 96 hours before now.
// Pure function of (text, now); thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace quarry::hunt {

inline constexpr double kDefaultHuntHours = 96;

struct TimeWindow {
  int64_t start_ticks = 0;
  int64_t end_ticks = 0;
  std::string phrase;   // the words that decided it ("past 6 hours"), or "" for the default
  bool is_default = false;
  double hours() const;
};

TimeWindow ParseTimeWindow(std::string_view request, int64_t now_ticks);

}  // namespace quarry::hunt
