#include "hunt/kql_safety.h"

#include <cctype>
#include <set>
#include <string>

namespace quarry::hunt {
namespace {

struct Position {
  int line = 1;
  int column = 1;
};

Position PositionOf(std::string_view text, size_t offset) {
  Position p;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else {
      ++p.column;
    }
  }
  return p;
}

Status Refuse(std::string_view kql, size_t offset, const std::string& what, const std::string& why) {
  Position p = PositionOf(kql, offset);
  return PermissionDenied("query refused: " + what + " at line " + std::to_string(p.line) +
                          ", column " + std::to_string(p.column) + ": " + why);
}

bool IsIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }
bool IsIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }

// Skips a string literal starting at i (any Kusto form); returns the offset after it, or npos
// when the literal is unterminated.
size_t SkipString(std::string_view s, size_t i) {
  if (s.compare(i, 3, "```") == 0) {
    size_t end = s.find("```", i + 3);
    return end == std::string_view::npos ? end : end + 3;
  }
  bool verbatim = false;
  if (s[i] == 'h' || s[i] == 'H') ++i;
  if (s[i] == '@') {
    verbatim = true;
    ++i;
  }
  char quote = s[i];
  ++i;
  while (i < s.size()) {
    char c = s[i];
    if (c == '\n' && !verbatim) return std::string_view::npos;
    if (verbatim) {
      if (c == quote) {
        if (i + 1 < s.size() && s[i + 1] == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
    } else {
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == quote) return i + 1;
    }
    ++i;
  }
  return std::string_view::npos;
}

bool StartsString(std::string_view s, size_t i) {
  char c = s[i];
  if (c == '"' || c == '\'') return true;
  if (s.compare(i, 3, "```") == 0) return true;
  auto next = [&](size_t k) { return k < s.size() ? s[k] : '\0'; };
  if (c == '@' && (next(i + 1) == '"' || next(i + 1) == '\'')) return true;
  if ((c == 'h' || c == 'H') && (i == 0 || !IsIdentChar(s[i - 1]))) {
    char n = next(i + 1);
    if (n == '"' || n == '\'') return true;
    if (n == '@' && (next(i + 2) == '"' || next(i + 2) == '\'')) return true;
  }
  return false;
}

size_t SkipSpaceAndComments(std::string_view s, size_t i) {
  while (i < s.size()) {
    if (std::isspace(static_cast<unsigned char>(s[i]))) {
      ++i;
    } else if (s.compare(i, 2, "//") == 0) {
      size_t nl = s.find('\n', i);
      i = nl == std::string_view::npos ? s.size() : nl + 1;
    } else {
      break;
    }
  }
  return i;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

Status CheckKqlSafety(std::string_view kql) {
  static const std::set<std::string, std::less<>> kExternal = {"externaldata", "external_data",
                                                               "external_table"};
  static const std::set<std::string, std::less<>> kCrossResource = {"workspace", "cluster",
                                                                    "database", "app", "resource",
                                                                    "adx", "arg"};
  static const std::set<std::string, std::less<>> kPlugins = {
      "http_request", "http_request_post", "sql_request", "mysql_request", "postgresql_request",
      "cosmosdb_sql_request", "azure_digital_twins_query_request", "python", "r"};
  bool statement_start = true;
  std::string previous_ident;
  size_t i = 0;
  while (true) {
    i = SkipSpaceAndComments(kql, i);
    if (i >= kql.size()) break;
    char c = kql[i];
    if (statement_start && c == '.' && i + 1 < kql.size() && IsIdentStart(kql[i + 1])) {
      size_t end = i + 1;
      while (end < kql.size() && IsIdentChar(kql[end])) ++end;
      return Refuse(kql, i, "management command '" + std::string(kql.substr(i, end - i)) + "'",
                    "Quarry only runs read-only queries; control commands are never sent");
    }
    statement_start = false;
    if (StartsString(kql, i)) {
      size_t end = SkipString(kql, i);
      if (end == std::string_view::npos) {
        return Refuse(kql, i, "unterminated string literal", "the query cannot be checked");
      }
      i = end;
      previous_ident.clear();
      continue;
    }
    if (c == ';') {
      statement_start = true;
      ++i;
      continue;
    }
    if (c == '[') {
      // Bracketed identifiers ['name'] hold a string literal; skip it as data.
      size_t j = SkipSpaceAndComments(kql, i + 1);
      if (j < kql.size() && StartsString(kql, j)) {
        size_t end = SkipString(kql, j);
        if (end == std::string_view::npos) {
          return Refuse(kql, j, "unterminated string literal", "the query cannot be checked");
        }
        i = end;
        continue;
      }
    }
    if (IsIdentStart(c)) {
      size_t end = i;
      while (end < kql.size() && IsIdentChar(kql[end])) ++end;
      std::string ident = Lower(kql.substr(i, end - i));
      size_t after = SkipSpaceAndComments(kql, end);
      bool call = after < kql.size() && kql[after] == '(';
      if (kExternal.count(ident)) {
        return Refuse(kql, i, "'" + ident + "'",
                      "reading external data is not allowed; query the workspace's own tables");
      }
      if (call && kCrossResource.count(ident)) {
        return Refuse(kql, i, "cross-resource function '" + ident + "()'",
                      "queries may only read the workspace Quarry was pointed at");
      }
      if (previous_ident == "evaluate" && kPlugins.count(ident)) {
        return Refuse(kql, i, "plugin '" + ident + "'",
                      "plugins that reach other services or run code are not allowed");
      }
      previous_ident = ident;
      i = end;
      continue;
    }
    previous_ident.clear();
    ++i;
  }
  return Status::Ok();
}

}  // namespace quarry::hunt
