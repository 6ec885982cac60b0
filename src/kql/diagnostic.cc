#include "kql/diagnostic.h"

#include <algorithm>
#include <cctype>

namespace quarry::kql {

LineCol LineColAt(std::string_view text, uint32_t offset) {
  LineCol lc;
  size_t end = std::min<size_t>(offset, text.size());
  for (size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++lc.line;
      lc.col = 1;
    } else {
      ++lc.col;
    }
  }
  return lc;
}

std::string Diagnostic::Render(std::string_view text) const {
  LineCol lc = LineColAt(text, span.begin);
  std::string out =
      "line " + std::to_string(lc.line) + ", col " + std::to_string(lc.col) + ": " + message;
  size_t begin = std::min<size_t>(span.begin, text.size());
  size_t line_start = text.rfind('\n', begin == 0 ? 0 : begin - 1);
  line_start = (line_start == std::string_view::npos || begin == 0) ? 0 : line_start + 1;
  if (begin > 0 && text[begin - 1] == '\n') line_start = begin;
  size_t line_end = text.find('\n', begin);
  if (line_end == std::string_view::npos) line_end = text.size();
  std::string_view line = text.substr(line_start, line_end - line_start);
  if (line.size() > 200) return out;  // a caret under a very long line helps nobody
  out += "\n  ";
  for (char c : line) out += (c == '\t' ? ' ' : c);
  out += "\n  ";
  out.append(begin - line_start, ' ');
  size_t width = std::max<size_t>(1, std::min<size_t>(span.end, line_end) - std::min(begin, line_end));
  out += '^';
  if (width > 1) out.append(width - 1, '~');
  return out;
}

Status DiagnosticStatus(const Diagnostic& d, std::string_view text) {
  return InvalidArgument(d.Render(text));
}

namespace {

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                  std::tolower(static_cast<unsigned char>(b[j - 1]));
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

std::string DidYouMean(std::string_view name, const std::vector<std::string>& candidates) {
  if (name.size() > 200) return "";
  std::string best;
  size_t best_distance = std::max<size_t>(1, name.size() / 3) + 1;
  for (const auto& c : candidates) {
    if (c.size() > 200) continue;
    size_t d = EditDistance(name, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

}  // namespace quarry::kql
