// The data-driven KQL test format (tests/kql/cases/*.test), in the spirit of DuckDB's
// sqllogictest:
//
//   # comment lines start with '#'
//   prelude                       <- optional: its text is put before every later query of the file
//   let T = datatable(a:long)[1, 2];
//   ----
//
//   T | where a > 1               <- a query (any number of lines)
//   ----
//   a:long                        <- expected columns: name:type separated by ' | '
//   2                             <- expected rows, cells separated by ' | '
//                                 <- a blank line ends the case
//   T | where b > 1
//   ----
//   error: column 'b' not found   <- or: an error whose message contains this text
//
// Cells: null is `null`, the empty string `""`; a string that contains '|', starts or ends with
// a space, or reads `null` is written as a JSON string ("a|b"); datetimes and timespans in
// Kusto's canonical text; dynamic values as compact JSON; reals in Kusto's shortest form. A
// line `# rowsort` right before a query compares rows ignoring order. now() is pinned to
// 2024-01-01T00:00:00Z.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "table/table.h"

namespace quarry::kql::testing {

struct TestCase {
  std::string query;
  int line = 0;          // line of the query's first line in the file
  bool expect_error = false;
  std::string error;     // substring of the expected message
  std::string columns;   // "a:long | b:string"
  std::vector<std::string> rows;
  bool rowsort = false;
};

struct TestFile {
  std::string prelude;
  std::vector<TestCase> cases;
};

namespace detail {

inline std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

}  // namespace detail

inline TestFile ParseTestFile(const std::string& text) {
  TestFile file;
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  size_t i = 0;
  bool rowsort = false;
  while (i < lines.size()) {
    std::string t = detail::Trim(lines[i]);
    if (t.empty()) {
      ++i;
      continue;
    }
    if (t[0] == '#') {
      if (t == "# rowsort") rowsort = true;
      ++i;
      continue;
    }
    bool prelude = t == "prelude";
    if (prelude) ++i;
    TestCase c;
    c.line = static_cast<int>(i + 1);
    c.rowsort = rowsort;
    rowsort = false;
    while (i < lines.size() && detail::Trim(lines[i]) != "----") c.query += lines[i++] + "\n";
    ++i;  // ----
    if (prelude) {
      file.prelude += c.query;
      continue;
    }
    bool first = true;
    while (i < lines.size() && !detail::Trim(lines[i]).empty()) {
      std::string l = detail::Trim(lines[i++]);
      if (first && l.rfind("error:", 0) == 0) {
        c.expect_error = true;
        c.error = detail::Trim(l.substr(6));
      } else if (first) {
        c.columns = l;
      } else {
        c.rows.push_back(l);
      }
      first = false;
    }
    file.cases.push_back(std::move(c));
  }
  return file;
}

inline std::string FormatCell(const Column& c, size_t row) {
  if (c.IsNull(row)) return "null";
  std::string s;
  if (c.type() == Type::kDynamic) {
    s = c.dynamic(row)->dump();
  } else {
    s = c.GetValue(row).ToString();
  }
  bool is_text = c.type() == Type::kString || c.type() == Type::kGuid;
  if (is_text && (s.empty() || s == "null" || s.find('|') != std::string::npos ||
                  s.front() == ' ' || s.back() == ' ' || s.find('\n') != std::string::npos ||
                  s.front() == '"')) {
    return Json(s).dump();
  }
  return s;
}

inline std::string FormatColumns(const Schema& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i) out += " | ";
    out += s.field(i).name + ":" + std::string(TypeName(s.field(i).type));
  }
  return out;
}

inline std::vector<std::string> FormatRows(const Table& t) {
  std::vector<std::string> rows;
  for (size_t r = 0; r < t.num_rows(); ++r) {
    std::string line;
    for (size_t c = 0; c < t.num_columns(); ++c) {
      if (c) line += " | ";
      line += FormatCell(*t.column(c), r);
    }
    rows.push_back(line);
  }
  return rows;
}

}  // namespace quarry::kql::testing
