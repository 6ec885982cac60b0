// Shared by the referee runners: loading the cases in ../shared/kql and comparing Quarry's
// results with expected values by meaning, not spelling (True/true, datetime and timespan
// styles, number formats, JSON whitespace, null vs empty cell).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <optional>
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

// "14:00:00:00": days before the clock with a colon, as some docs pages print a timespan.
inline std::optional<int64_t> ParseDaysColonClock(const std::string& s) {
  size_t colon = s.find(':');
  if (colon == std::string::npos || std::count(s.begin(), s.end(), ':') != 3) return std::nullopt;
  return ParseTimespan(s.substr(0, colon) + "." + s.substr(colon + 1));
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
inline bool CellMatches(const Column& c, size_t row, const std::string& expected_raw,
                        bool markdown = false) {
  std::string expected = Trim(expected_raw);
  if (c.IsNull(row)) {
    return expected.empty() || Lower(expected) == "null" || expected == "[]" ||
           (c.type() == Type::kDynamic && expected == "{}");
  }
  Value v = c.GetValue(row);
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
                                Lower(expected) == (d > 0 ? "inf" : "-inf");
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
      Json e;
      try {
        e = Json::parse(expected);
      } catch (const Json::exception&) {
        return j.is_string() && j.get<std::string>() == expected;
      }
      return JsonEquivalent(j, e);
    }
    case Type::kString: {
      const std::string& s = v.string_value();
      if (s == expected || s == expected_raw) return true;
      // A Markdown table cannot show line breaks or no-break spaces: the docs print such values
      // with their whitespace collapsed.
      if (markdown &&
          (s.find('\n') != std::string::npos || s.find("\xC2\xA0") != std::string::npos)) {
        if (CollapseWhitespace(s) == CollapseWhitespace(expected)) return true;
      }
      // Docs sometimes print JSON held in strings with other spacing.
      try {
        return JsonEquivalent(Json::parse(s), Json::parse(expected));
      } catch (const Json::exception&) {
        return false;
      }
    }
  }
  return false;
}

// Compares a result with expected column names and rows (as text). `ordered`: row order counts.
// On mismatch, `why` says where.
inline bool ResultMatches(const Table& t, const std::vector<std::string>& columns,
                          const std::vector<std::vector<std::string>>& rows, bool ordered,
                          std::string* why, bool markdown = false) {
  if (t.num_columns() != columns.size()) {
    *why = "got " + std::to_string(t.num_columns()) + " columns " + t.schema().ToString() +
           ", expected " + std::to_string(columns.size());
    return false;
  }
  for (size_t c = 0; c < columns.size(); ++c) {
    if (t.schema().field(c).name != columns[c]) {
      *why = "column " + std::to_string(c) + " is '" + t.schema().field(c).name +
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
      if (!CellMatches(*t.column(c), r, want[c], markdown)) return false;
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
