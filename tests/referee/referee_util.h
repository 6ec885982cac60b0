// Shared by the referee runners: loading the cases in ../shared/kql and comparing Quarry's
// results with expected values by meaning, not spelling (True/true, datetime and timespan
// styles, number formats, JSON whitespace, null vs empty cell).
#pragma once

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "common/time.h"
#include "kql/engine.h"
#include "table/table.h"
#include "table/value.h"

namespace quarry::kql::referee {

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string SharedDir() { return QUARRY_SHARED_DIR; }

inline std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

inline std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  size_t e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

inline std::optional<double> AsNumber(const std::string& s) {
  if (s.empty()) return std::nullopt;
  std::string t = s;
  t.erase(std::remove(t.begin(), t.end(), ','), t.end());
  char* end = nullptr;
  double d = std::strtod(t.c_str(), &end);
  if (end == t.c_str() || *end != '\0') return std::nullopt;
  return d;
}

inline bool NumbersClose(double a, double b) {
  if (std::isnan(a) && std::isnan(b)) return true;
  if (a == b) return true;
  double scale = std::max({1e-9, std::fabs(a), std::fabs(b)});
  return std::fabs(a - b) / scale < 1e-5 || std::fabs(a - b) < 1e-9;
}

inline bool JsonEquivalent(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) return NumbersClose(a.get<double>(), b.get<double>());
  if (a.type() != b.type()) {
    if (a.is_string() && !b.is_string()) return a.get<std::string>() == b.dump();
    if (b.is_string() && !a.is_string()) return b.get<std::string>() == a.dump();
    return false;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (!JsonEquivalent(a[i], b[i])) return false;
    }
    return true;
  }
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto it = a.begin(); it != a.end(); ++it) {
      if (!b.contains(it.key()) || !JsonEquivalent(it.value(), b[it.key()])) return false;
    }
    return true;
  }
  return a == b;
}

// The docs print many bags and arrays in a looser notation than JSON: strings in single quotes
// or with no quotes at all ({'a': 1}, [yes, no]) and bools as TRUE/True. Reads that notation
// into the value it denotes; nullopt when the text does not have that shape.
class DocsValueReader {
 public:
  explicit DocsValueReader(const std::string& text) : s_(text) {}

  std::optional<Json> Read() {
    auto v = Value(/*in_container=*/false);
    SkipSpace();
    if (!v || pos_ != s_.size()) return std::nullopt;
    return v;
  }

 private:
  void SkipSpace() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }

  std::optional<Json> Value(bool in_container) {
    SkipSpace();
    if (pos_ >= s_.size()) return std::nullopt;
    char c = s_[pos_];
    if (c == '{') return Object();
    if (c == '[') return Array();
    // A bag or array nested in a bag, printed in double quotes without escaping its own
    // ("Query Parameters":"{"k1":"v1"}"): the value inside the quotes.
    if (c == '"' && in_container && pos_ + 1 < s_.size() &&
        (s_[pos_ + 1] == '{' || s_[pos_ + 1] == '[')) {
      size_t start = pos_++;
      auto inner = s_[pos_] == '{' ? Object() : Array();
      if (inner && pos_ < s_.size() && s_[pos_] == '"') {
        ++pos_;
        return inner;
      }
      pos_ = start;
    }
    if (c == '\'' || c == '"') {
      auto q = Quoted();
      if (!q) return std::nullopt;
      return Json(*q);
    }
    return Bare(in_container ? ",]}" : "");
  }

  std::optional<std::string> Quoted() {
    char quote = s_[pos_++];
    std::string out;
    while (pos_ < s_.size() && s_[pos_] != quote) {
      if (s_[pos_] == '\\' && pos_ + 1 < s_.size()) {
        char e = s_[++pos_];
        out += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
      } else {
        out += s_[pos_];
      }
      ++pos_;
    }
    if (pos_ >= s_.size()) return std::nullopt;
    ++pos_;
    return out;
  }

  // An unquoted word up to one of `stops`: null, a bool in any case, a number or a string.
  std::optional<Json> Bare(const std::string& stops) {
    size_t start = pos_;
    while (pos_ < s_.size() && stops.find(s_[pos_]) == std::string::npos) ++pos_;
    std::string word = Trim(s_.substr(start, pos_ - start));
    if (word.empty()) return std::nullopt;
    std::string lower = Lower(word);
    if (lower == "null") return Json(nullptr);
    if (lower == "true" || lower == "false") return Json(lower == "true");
    char* end = nullptr;
    double d = std::strtod(word.c_str(), &end);
    if (end != word.c_str() && *end == '\0') {
      if (word.find_first_of(".eE") == std::string::npos && word.size() < 19) {
        return Json(std::stoll(word));
      }
      return Json(d);
    }
    return Json(word);
  }

  std::optional<Json> Array() {
    ++pos_;
    Json out = Json::array();
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      return out;
    }
    for (;;) {
      auto v = Value(/*in_container=*/true);
      if (!v) return std::nullopt;
      out.push_back(*v);
      SkipSpace();
      if (pos_ >= s_.size()) return std::nullopt;
      if (s_[pos_++] == ']') return out;
      if (s_[pos_ - 1] != ',') return std::nullopt;
    }
  }

  std::optional<Json> Object() {
    ++pos_;
    Json out = Json::object();
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      return out;
    }
    for (;;) {
      SkipSpace();
      if (pos_ >= s_.size()) return std::nullopt;
      std::string key;
      if (s_[pos_] == '\'' || s_[pos_] == '"') {
        auto q = Quoted();
        if (!q) return std::nullopt;
        key = *q;
      } else {
        size_t start = pos_;
        while (pos_ < s_.size() && s_[pos_] != ':') ++pos_;
        key = Trim(s_.substr(start, pos_ - start));
      }
      SkipSpace();
      if (pos_ >= s_.size() || s_[pos_++] != ':' || key.empty()) return std::nullopt;
      auto v = Value(/*in_container=*/true);
      if (!v) return std::nullopt;
      out[key] = *v;
      SkipSpace();
      if (pos_ >= s_.size()) return std::nullopt;
      if (s_[pos_++] == '}') return out;
      if (s_[pos_ - 1] != ',') return std::nullopt;
    }
  }

  const std::string& s_;
  size_t pos_ = 0;
};

// Strict JSON first, then the docs' looser notation.
inline std::optional<Json> ParseDocsValue(const std::string& text) {
  try {
    return Json::parse(text);
  } catch (const Json::exception&) {
    return DocsValueReader(text).Read();
  }
}

// Does the query fix the order of its rows? Kusto defines an order only for a serialized row
// set: the output of sort/order, top, top-hitters, range and getschema, kept by the operators
// after them; `serialize` and the window functions (row_number, prev, next, row_cumsum) ask for
// one. Read from the text, so a mention anywhere keeps the comparison ordered (the strict side).
inline bool QueryDefinesOrder(const std::string& query) {
  static const char* const kWords[] = {"sort",   "order",    "top",  "top-hitters", "serialize",
                                       "range",  "getschema", "row_number", "prev", "next",
                                       "row_cumsum", "row_rank", "row_window_session"};
  std::string q = Lower(query);
  auto is_word = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
  };
  for (const char* w : kWords) {
    std::string word = w;
    for (size_t at = q.find(word); at != std::string::npos; at = q.find(word, at + 1)) {
      bool starts = at == 0 || !is_word(q[at - 1]);
      bool ends = at + word.size() >= q.size() || !is_word(q[at + word.size()]);
      if (starts && ends) return true;
    }
  }
  return false;
}

// Values a query draws at random, which no recorded output can reproduce: numbers from rand()
// or picked by sample / sample-distinct, and guids from new_guid(). Read from the text.
struct RandomValues {
  bool numbers = false;
  bool guids = false;
};

inline RandomValues RandomValuesIn(const std::string& query) {
  static const std::regex kRand(R"((^|[^\w])rand\s*\()");
  static const std::regex kSample(R"(\|\s*sample(-distinct)?\s)");
  static const std::regex kGuid(R"((^|[^\w])new_guid\s*\()");
  RandomValues r;
  r.numbers = std::regex_search(query, kRand) || std::regex_search(query, kSample);
  r.guids = std::regex_search(query, kGuid);
  return r;
}

inline bool LooksLikeGuid(const std::string& s) {
  static const std::regex kShape(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  return std::regex_match(s, kShape);
}

// "14:00:00:00": days before the clock with a colon, as some docs pages print a timespan.
inline std::optional<int64_t> ParseDaysColonClock(const std::string& s) {
  size_t colon = s.find(':');
  if (colon == std::string::npos || std::count(s.begin(), s.end(), ':') != 3) return std::nullopt;
  return ParseTimespan(s.substr(0, colon) + "." + s.substr(colon + 1));
}

// Markdown's backslash escapes undone: "\\_" is "_" (a backslash before ASCII punctuation
// shows that character), as the docs write some column names in their tables.
inline std::string MarkdownUnescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && std::ispunct(static_cast<unsigned char>(s[i + 1]))) {
      ++i;
    }
    out += s[i];
  }
  return out;
}

// Runs of whitespace (and no-break spaces) become one space; the ends are trimmed.
inline std::string CollapseWhitespace(const std::string& s) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool ws = std::isspace(static_cast<unsigned char>(s[i])) != 0;
    if (!ws && s.compare(i, 2, "\xC2\xA0") == 0) {
      ws = true;
      ++i;
    }
    if (ws) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += s[i];
  }
  return out;
}

// Some rows of the Kusto engine recording were flattened into fewer cells than the result has
// columns: the row printed as one text `'a', 1, null` with the outermost quotes lost
// ("O'Brien', 'x"). Splits such a row back on ", " and drops each cell's one surrounding pair
// of quotes. Rows of the right width, and rows that do not split to it, are returned unchanged.
inline std::vector<std::string> RepairFlattenedRow(const std::vector<std::string>& row,
                                                   size_t width) {
  if (row.size() >= width) return row;
  std::string joined;
  for (size_t i = 0; i < row.size(); ++i) joined += (i ? ", " : "") + row[i];
  std::vector<std::string> cells;
  for (size_t pos = 0;;) {
    size_t comma = joined.find(", ", pos);
    cells.push_back(joined.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos));
    if (comma == std::string::npos) break;
    pos = comma + 2;
  }
  if (cells.size() != width) return row;
  for (auto& c : cells) {
    if (!c.empty() && c.front() == '\'') c.erase(0, 1);
    if (!c.empty() && c.back() == '\'') c.pop_back();
  }
  return cells;
}

// The text Quarry would show for a cell, before comparison.
inline std::string CellText(const Column& c, size_t row) {
  if (c.IsNull(row)) return "";
  if (c.type() == Type::kDynamic) return c.dynamic(row)->dump();
  return c.GetValue(row).ToString();
}

// Does Quarry's cell (typed) mean the same as the expected text?
// `markdown`: the expected text comes from a Markdown table (the documented examples).
// `random`: what the query draws at random; such a cell matches any value of its kind (a number
// for a number, a guid for a guid), never a null or a value of another kind.
inline bool CellMatches(const Column& c, size_t row, const std::string& expected_raw,
                        bool markdown = false, RandomValues random = {}) {
  std::string expected = Trim(expected_raw);
  if (c.IsNull(row)) {
    return expected.empty() || Lower(expected) == "null" || expected == "[]" ||
           (c.type() == Type::kDynamic && expected == "{}");
  }
  Value v = c.GetValue(row);
  bool numeric = c.type() == Type::kInt || c.type() == Type::kLong || c.type() == Type::kReal ||
                 c.type() == Type::kDecimal;
  if (random.numbers && numeric && (AsNumber(expected) || Lower(expected) == "nan")) return true;
  if (random.guids && c.type() == Type::kGuid && LooksLikeGuid(expected)) return true;
  switch (c.type()) {
    case Type::kBool: return Lower(expected) == (v.bool_value() ? "true" : "false") ||
                             expected == (v.bool_value() ? "1" : "0");
    case Type::kInt:
    case Type::kLong: {
      auto n = AsNumber(expected);
      return n && NumbersClose(*n, static_cast<double>(v.int_value()));
    }
    case Type::kReal:
    case Type::kDecimal: {
      double d = v.real_value();
      if (std::isnan(d)) return Lower(expected) == "nan";
      if (std::isinf(d)) return Lower(expected) == (d > 0 ? "infinity" : "-infinity") ||
                                Lower(expected) == (d > 0 ? "inf" : "-inf") ||
                                expected == (d > 0 ? "\u221E" : "-\u221E");
      auto n = AsNumber(expected);
      return n && NumbersClose(*n, d);
    }
    case Type::kDatetime: {
      auto t = ParseDatetime(expected);
      return t && *t == v.int_value();
    }
    case Type::kTimespan: {
      auto t = ParseTimespan(expected);
      if (!t) t = ParseDaysColonClock(expected);
      return t && *t == v.int_value();
    }
    case Type::kGuid: return Lower(expected) == v.string_value();
    case Type::kDynamic: {
      const Json& j = v.dynamic_value();
      if (j.is_string() && j.get<std::string>() == expected) return true;
      auto e = ParseDocsValue(expected);
      return e && JsonEquivalent(j, *e);
    }
    case Type::kString: {
      const std::string& s = v.string_value();
      if (s == expected || s == expected_raw) return true;
      // A Markdown cell shows no leading or trailing spaces: the docs print the value trimmed.
      if (markdown && !expected.empty() && Trim(s) == expected) return true;
      // A Markdown table cannot show line breaks or no-break spaces: the docs print such values
      // with their whitespace collapsed.
      if (markdown &&
          (s.find('\n') != std::string::npos || s.find("\xC2\xA0") != std::string::npos)) {
        if (CollapseWhitespace(s) == CollapseWhitespace(expected)) return true;
      }
      // A string shown in double quotes: "abc" for abc.
      if (expected.size() >= 2 && expected.front() == '"' && expected.back() == '"') {
        try {
          Json quoted = Json::parse(expected);
          if (quoted.is_string() && quoted.get<std::string>() == s) return true;
        } catch (const Json::exception&) {
          if (expected.substr(1, expected.size() - 2) == s) return true;
        }
      }
      // Docs sometimes print JSON held in strings with other spacing or quotes.
      Json held;
      try {
        held = Json::parse(s);
      } catch (const Json::exception&) {
        return false;
      }
      if (!held.is_object() && !held.is_array()) {
        try {
          return JsonEquivalent(held, Json::parse(expected));
        } catch (const Json::exception&) {
          return false;
        }
      }
      auto e = ParseDocsValue(expected);
      return e && JsonEquivalent(held, *e);
    }
  }
  return false;
}

// Compares a result with expected column names and rows (as text). `ordered`: row order counts.
// On mismatch, `why` says where.
inline bool ResultMatches(const Table& t, const std::vector<std::string>& columns,
                          const std::vector<std::vector<std::string>>& rows, bool ordered,
                          std::string* why, bool markdown = false, RandomValues random = {}) {
  if (t.num_columns() != columns.size()) {
    *why = "got " + std::to_string(t.num_columns()) + " columns " + t.schema().ToString() +
           ", expected " + std::to_string(columns.size());
    return false;
  }
  for (size_t c = 0; c < columns.size(); ++c) {
    const std::string& name = t.schema().field(c).name;
    if (name != columns[c] && !(markdown && name == MarkdownUnescape(columns[c]))) {
      *why = "column " + std::to_string(c) + " is '" + name +
             "', expected '" + columns[c] + "'";
      return false;
    }
  }
  if (t.num_rows() != rows.size()) {
    *why = "got " + std::to_string(t.num_rows()) + " rows, expected " + std::to_string(rows.size());
    return false;
  }
  auto row_matches = [&](size_t r, const std::vector<std::string>& want) {
    if (want.size() != t.num_columns()) return false;
    for (size_t c = 0; c < want.size(); ++c) {
      if (!CellMatches(*t.column(c), r, want[c], markdown, random)) return false;
    }
    return true;
  };
  if (ordered) {
    for (size_t r = 0; r < rows.size(); ++r) {
      if (!row_matches(r, rows[r])) {
        *why = "row " + std::to_string(r) + " differs: got [";
        for (size_t c = 0; c < t.num_columns(); ++c) {
          *why += (c ? ", " : "") + CellText(*t.column(c), r);
        }
        *why += "]";
        return false;
      }
    }
    return true;
  }
  std::vector<bool> used(rows.size(), false);
  for (size_t r = 0; r < t.num_rows(); ++r) {
    bool found = false;
    for (size_t w = 0; w < rows.size() && !found; ++w) {
      if (!used[w] && row_matches(r, rows[w])) {
        used[w] = true;
        found = true;
      }
    }
    if (!found) {
      *why = "row " + std::to_string(r) + " has no match: [";
      for (size_t c = 0; c < t.num_columns(); ++c) {
        *why += (c ? ", " : "") + CellText(*t.column(c), r);
      }
      *why += "]";
      return false;
    }
  }
  return true;
}

inline std::string FirstLine(const std::string& s) {
  std::string l = s.substr(0, s.find('\n'));
  return l.size() > 160 ? l.substr(0, 160) : l;
}

}  // namespace quarry::kql::referee
