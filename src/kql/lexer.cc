#include "kql/lexer.h"

#include <array>
#include <cerrno>
#include <cstdlib>

#include "common/time.h"

namespace quarry::kql {
namespace {

bool IsIdentStart(unsigned char c) { return std::isalpha(c) || c == '_' || c == '$' || c >= 0x80; }
bool IsIdentChar(unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; }

constexpr std::array<std::string_view, 22> kHyphenated = {
    "project-away",  "project-keep",    "project-rename", "project-reorder", "project-smart",
    "mv-expand",     "mv-apply",        "parse-where",    "parse-kv",        "make-series",
    "top-nested",    "top-hitters",     "sample-distinct", "make-graph",     "graph-match",
    "graph-to-table", "graph-merge",    "graph-shortest-paths", "graph-mark-components",
    "partition-by",  "make-table",     "project-by-names"};

constexpr std::array<std::string_view, 20> kNegatable = {
    "has",       "has_cs",       "contains",   "contains_cs",   "startswith", "startswith_cs",
    "endswith",  "endswith_cs",  "in",         "between",       "hasprefix",  "hasprefix_cs",
    "hassuffix", "hassuffix_cs", "has_any",    "has_all",       "matches",    "in~",
    "like",      "contains~"};

constexpr std::array<std::string_view, 4> kRawLiterals = {"datetime", "timespan", "time", "guid"};

constexpr std::array<std::string_view, 27> kPuncts = {
    "==", "!=", "<>", "<=", ">=", "=~", "!~", "=>", "..", "|", "(", ")", "[", "]",
    "{",  "}",  ",",  ";",  ":",  ".",  "=",  "<",  ">",  "+", "-", "*", "/"};

class Lexer {
 public:
  explicit Lexer(std::string_view text) : t_(text) {}

  std::vector<Token> Run() {
    std::vector<Token> out;
    while (true) {
      SkipSpace();
      Token tok = Next();
      bool stop = tok.kind == TokenKind::kEnd || tok.kind == TokenKind::kError;
      out.push_back(std::move(tok));
      if (stop) break;
    }
    return out;
  }

 private:
  char At(size_t i) const { return i < t_.size() ? t_[i] : '\0'; }

  void SkipSpace() {
    while (p_ < t_.size()) {
      unsigned char c = t_[p_];
      if (std::isspace(c)) {
        ++p_;
      } else if (c == '/' && At(p_ + 1) == '/') {
        while (p_ < t_.size() && t_[p_] != '\n') ++p_;
      } else {
        break;
      }
    }
  }

  Token Make(TokenKind kind, size_t begin, std::string text) {
    Token tok;
    tok.kind = kind;
    tok.span = Span{static_cast<uint32_t>(begin), static_cast<uint32_t>(p_)};
    tok.text = std::move(text);
    return tok;
  }

  Token Error(size_t begin, std::string message) {
    if (p_ <= begin) p_ = begin + 1;
    if (p_ > t_.size()) p_ = t_.size();
    return Make(TokenKind::kError, begin, std::move(message));
  }

  Token Next() {
    size_t begin = p_;
    if (p_ >= t_.size()) return Make(TokenKind::kEnd, begin, "");
    unsigned char c = t_[p_];
    if (c == '`' && t_.substr(p_, 3) == "```") return MultiLine(begin, "```");
    if (c == '~' && t_.substr(p_, 3) == "~~~") return MultiLine(begin, "~~~");
    if (c == '\'' || c == '"') return QuotedString(begin, false);
    if (c == '@' && (At(p_ + 1) == '\'' || At(p_ + 1) == '"')) {
      ++p_;
      return QuotedString(begin, true);
    }
    if ((c == 'h' || c == 'H') && (At(p_ + 1) == '\'' || At(p_ + 1) == '"')) {
      ++p_;
      return QuotedString(begin, false);
    }
    if ((c == 'h' || c == 'H') && At(p_ + 1) == '@' && (At(p_ + 2) == '\'' || At(p_ + 2) == '"')) {
      p_ += 2;
      return QuotedString(begin, true);
    }
    if (std::isdigit(c) || (c == '.' && std::isdigit(static_cast<unsigned char>(At(p_ + 1))) &&
                            At(p_ - 1) != '.')) {
      return Number(begin);
    }
    if (c == '!' && IsIdentStart(static_cast<unsigned char>(At(p_ + 1)))) {
      size_t q = p_ + 1;
      while (q < t_.size() && IsIdentChar(t_[q])) ++q;
      std::string word(t_.substr(p_ + 1, q - p_ - 1));
      if (At(q) == '~' && (word == "in" || word == "contains")) {
        word += '~';
        ++q;
      }
      for (auto n : kNegatable) {
        if (n == word) {
          p_ = q;
          return Make(TokenKind::kIdent, begin, "!" + word);
        }
      }
    }
    if (IsIdentStart(c)) return Identifier(begin);
    for (auto punct : kPuncts) {
      if (t_.substr(p_, punct.size()) == punct) {
        p_ += punct.size();
        return Make(TokenKind::kPunct, begin, std::string(punct));
      }
    }
    if (c == '%' || c == '?' || c == '@' || c == '#') {
      ++p_;
      return Make(TokenKind::kPunct, begin, std::string(1, static_cast<char>(c)));
    }
    ++p_;
    std::string shown = std::isprint(c) ? std::string(1, static_cast<char>(c))
                                        : "\\x" + std::to_string(static_cast<int>(c));
    return Error(begin, "unexpected character '" + shown + "'");
  }

  Token Identifier(size_t begin) {
    ++p_;  // the start character ('$' starts a name but does not continue one)
    while (p_ < t_.size() && IsIdentChar(t_[p_])) ++p_;
    std::string word(t_.substr(begin, p_ - begin));
    if (At(p_) == '-' && IsIdentStart(static_cast<unsigned char>(At(p_ + 1)))) {
      size_t q = p_ + 1;
      while (q < t_.size() && (IsIdentChar(t_[q]) || (t_[q] == '-' && q + 1 < t_.size() &&
                                                      IsIdentStart(t_[q + 1])))) {
        ++q;
      }
      std::string_view joined = t_.substr(begin, q - begin);
      for (auto h : kHyphenated) {
        if (joined == h) {
          p_ = q;
          return Make(TokenKind::kIdent, begin, std::string(joined));
        }
      }
      // Only the first hyphen of a longer run may be ours ("project-away-x" is not).
      size_t q2 = p_ + 1;
      while (q2 < t_.size() && IsIdentChar(t_[q2])) ++q2;
      std::string_view joined2 = t_.substr(begin, q2 - begin);
      for (auto h : kHyphenated) {
        if (joined2 == h) {
          p_ = q2;
          return Make(TokenKind::kIdent, begin, std::string(joined2));
        }
      }
    }
    if (At(p_) == '~' && word == "in") {
      ++p_;
      return Make(TokenKind::kIdent, begin, "in~");
    }
    for (auto r : kRawLiterals) {
      if (word != r) continue;
      size_t q = p_;
      while (q < t_.size() && (t_[q] == ' ' || t_[q] == '\t')) ++q;
      if (At(q) != '(') break;
      size_t close = t_.find(')', q);
      if (close == std::string_view::npos) {
        p_ = t_.size();
        return Error(begin, word + "( literal is missing its closing ')'");
      }
      p_ = close + 1;
      Token tok = Make(TokenKind::kRaw, begin, word);
      tok.raw = std::string(t_.substr(q + 1, close - q - 1));
      return tok;
    }
    return Make(TokenKind::kIdent, begin, std::move(word));
  }

  Token Number(size_t begin) {
    bool is_real = false;
    if (t_[p_] == '0' && (At(p_ + 1) == 'x' || At(p_ + 1) == 'X') &&
        std::isxdigit(static_cast<unsigned char>(At(p_ + 2)))) {
      p_ += 2;
      size_t digits = p_;
      while (p_ < t_.size() && std::isxdigit(static_cast<unsigned char>(t_[p_]))) ++p_;
      if (p_ - digits > 16) return Error(begin, "hexadecimal literal too large");
      Token tok = Make(TokenKind::kLong, begin, std::string(t_.substr(begin, p_ - begin)));
      tok.i = static_cast<int64_t>(std::strtoull(std::string(t_.substr(digits, p_ - digits)).c_str(),
                                                 nullptr, 16));
      return tok;
    }
    while (p_ < t_.size() && std::isdigit(static_cast<unsigned char>(t_[p_]))) ++p_;
    if (At(p_) == '.' && At(p_ + 1) != '.') {
      is_real = true;
      ++p_;
      while (p_ < t_.size() && std::isdigit(static_cast<unsigned char>(t_[p_]))) ++p_;
    }
    if ((At(p_) == 'e' || At(p_) == 'E') &&
        (std::isdigit(static_cast<unsigned char>(At(p_ + 1))) ||
         ((At(p_ + 1) == '+' || At(p_ + 1) == '-') &&
          std::isdigit(static_cast<unsigned char>(At(p_ + 2)))))) {
      is_real = true;
      p_ += 2;
      while (p_ < t_.size() && std::isdigit(static_cast<unsigned char>(t_[p_]))) ++p_;
    }
    std::string num(t_.substr(begin, p_ - begin));
    if (IsIdentStart(static_cast<unsigned char>(At(p_))) && At(p_) != '$') {
      size_t q = p_;
      while (q < t_.size() && IsIdentChar(t_[q])) ++q;
      std::string unit(t_.substr(p_, q - p_));
      p_ = q;
      auto ticks = ParseTimespan(num + unit);
      if (!ticks) return Error(begin, "'" + num + unit + "' is not a number or a timespan");
      Token tok = Make(TokenKind::kTimespan, begin, num + unit);
      tok.i = *ticks;
      return tok;
    }
    Token tok = Make(is_real ? TokenKind::kReal : TokenKind::kLong, begin, num);
    if (!is_real) {
      errno = 0;
      long long v = std::strtoll(num.c_str(), nullptr, 10);
      if (errno == ERANGE) {
        tok.kind = TokenKind::kReal;
        tok.d = std::strtod(num.c_str(), nullptr);
      } else {
        tok.i = v;
      }
    } else {
      tok.d = std::strtod(num.c_str(), nullptr);
    }
    return tok;
  }

  Token QuotedString(size_t begin, bool verbatim) {
    char quote = t_[p_++];
    std::string value;
    while (true) {
      if (p_ >= t_.size()) return Error(begin, "string literal is not terminated");
      char c = t_[p_];
      if (c == '\n' || c == '\r') return Error(begin, "string literal is not terminated on its line");
      if (c == quote) {
        if (verbatim && At(p_ + 1) == quote) {
          value += quote;
          p_ += 2;
          continue;
        }
        ++p_;
        break;
      }
      if (c == '\\' && !verbatim) {
        char e = At(p_ + 1);
        p_ += 2;
        switch (e) {
          case 'n': value += '\n'; break;
          case 't': value += '\t'; break;
          case 'r': value += '\r'; break;
          case '0': value += '\0'; break;
          case '\\': value += '\\'; break;
          case '\'': value += '\''; break;
          case '"': value += '"'; break;
          case 'u': {
            unsigned code = 0;
            for (int k = 0; k < 4; ++k) {
              char h = At(p_);
              if (!std::isxdigit(static_cast<unsigned char>(h))) {
                return Error(begin, "\\u escape needs four hexadecimal digits");
              }
              code = code * 16 + static_cast<unsigned>(std::isdigit(static_cast<unsigned char>(h))
                                                           ? h - '0'
                                                           : (std::tolower(h) - 'a' + 10));
              ++p_;
            }
            AppendUtf8(&value, code);
            break;
          }
          default:
            if (p_ > t_.size()) return Error(begin, "string literal is not terminated");
            value += '\\';  // Kusto keeps an unknown escape as written ("\d" in a regex)
            value += e;
        }
        continue;
      }
      value += c;
      ++p_;
    }
    return Make(TokenKind::kString, begin, std::move(value));
  }

  Token MultiLine(size_t begin, std::string_view fence) {
    p_ += 3;
    size_t close = t_.find(fence, p_);
    if (close == std::string_view::npos) {
      p_ = t_.size();
      return Error(begin, "multi-line string is not terminated (missing " + std::string(fence) + ")");
    }
    std::string value(t_.substr(p_, close - p_));
    p_ = close + 3;
    return Make(TokenKind::kString, begin, std::move(value));
  }

  static void AppendUtf8(std::string* out, unsigned code) {
    if (code < 0x80) {
      *out += static_cast<char>(code);
    } else if (code < 0x800) {
      *out += static_cast<char>(0xC0 | (code >> 6));
      *out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      *out += static_cast<char>(0xE0 | (code >> 12));
      *out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      *out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  std::string_view t_;
  size_t p_ = 0;
};

}  // namespace

std::vector<Token> Lex(std::string_view text) { return Lexer(text).Run(); }

}  // namespace quarry::kql
