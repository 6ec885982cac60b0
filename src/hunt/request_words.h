// The words of an analyst's request, as the offline planner reads them: split on whitespace,
// each with its original text, the text stripped of surrounding punctuation, and a lower-cased
// form. Shared vocabulary lists (English words that are never entity names) live here too.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace quarry::hunt {

struct RequestWord {
  std::string raw;    // as typed, e.g. "(windows-target-1,"
  std::string text;   // punctuation stripped: "windows-target-1"
  std::string lower;  // "windows-target-1"
  bool leading_colon = false;  // typed as ":3389"
  bool ends_clause = false;    // raw ended with , . ; ? ! or ) — a clause boundary follows
};

std::vector<RequestWord> SplitRequestWords(std::string_view request);

std::string ToLower(std::string_view s);

// Common English and security-jargon words that can follow "user", "for", "by" or "on" without
// being a name ("for suspicious", "user accounts", "on any").
bool IsCommonWord(std::string_view lower);

}  // namespace quarry::hunt
