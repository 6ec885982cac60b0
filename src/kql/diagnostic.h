// Source spans and positioned diagnostics for KQL text.
//
// A Span is a half-open byte range [begin, end) of the query text. A Diagnostic is an error (or a
// note) at a span; Render() turns it into what the analyst sees:
//
//   line 3, col 12: column 'AcountName' not found in DeviceLogonEvents — did you mean 'AccountName'?
//     | where AcountName == "x"
//             ^~~~~~~~~~
//
// Values; thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace quarry::kql {

struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
  static Span Join(Span a, Span b) { return Span{a.begin < b.begin ? a.begin : b.begin,
                                                 a.end > b.end ? a.end : b.end}; }
};

// 1-based line and column (in bytes) of `offset` in `text`.
struct LineCol {
  int line = 1;
  int col = 1;
};
LineCol LineColAt(std::string_view text, uint32_t offset);

struct Diagnostic {
  Span span;
  std::string message;

  // "line L, col C: message" followed by the source line and a caret under the span.
  std::string Render(std::string_view query_text) const;
};

// An InvalidArgument Status whose message is the rendered diagnostic.
Status DiagnosticStatus(const Diagnostic& d, std::string_view query_text);

// The closest of `candidates` to `name` (edit distance, case-insensitive), when close enough to
// be a plausible typo; "" otherwise.
std::string DidYouMean(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace quarry::kql
