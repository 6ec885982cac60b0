// KQL lexer: query text -> tokens with spans.
//
// Handles Kusto's literal forms: numbers (long, real, hex), timespans (1d, 2h, 30m, 10s, 100ms,
// 1.5h, 3tick), strings ('..', "..", with escapes; @'..' / @".." verbatim; h'..' obfuscated;
// ```..``` multi-line), the raw-text literals datetime(...), timespan(...), time(...), guid(...),
// comments (//), and multi-character operators (==, =~, !~, !has, in~, project-away, ...).
// Never throws: a malformed token ends the stream with a kError token carrying the message.
// Pure function; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kql/diagnostic.h"

namespace quarry::kql {

enum class TokenKind {
  kEnd,
  kIdent,     // names and keywords, including `!has`, `in~`, `project-away`, `$left`
  kString,    // text = decoded value
  kLong,      // i
  kReal,      // d
  kTimespan,  // i = ticks
  kRaw,       // datetime(...) etc.: text = type name, raw = the text between the parentheses
  kPunct,     // text = spelling: | ( ) [ ] { } , ; : . = == != <> < <= > >= =~ !~ => .. + - * / % ?
  kError,     // text = message
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  Span span;
  std::string text;
  std::string raw;
  int64_t i = 0;
  double d = 0;

  bool Is(TokenKind k, std::string_view t) const { return kind == k && text == t; }
  bool IsPunct(std::string_view t) const { return Is(TokenKind::kPunct, t); }
  bool IsIdent(std::string_view t) const { return Is(TokenKind::kIdent, t); }
};

// Tokenizes the whole text. The last token is kEnd or kError.
std::vector<Token> Lex(std::string_view text);

}  // namespace quarry::kql
