// The `declare pattern` statement: a name, string arguments, an optional string path argument,
// and the mappings from argument values (and a path) to tabular expressions:
//
//   declare pattern country = (name:string)[state:string]
//   {
//     ("USA").["New York"] = { print Capital = "Albany" };
//     ("Canada").["Alberta"] = { print Capital = "Edmonton" };
//   };
//
// `declare pattern name;` alone declares an empty pattern (no mappings). Everything the
// statement's shape can get wrong (a non-string argument, a mapping with the wrong number of
// values, a path where none is declared or none where one is, a tuple mapped twice) is a
// positioned parse error; which mapping an invocation selects is the executor's business.
#include "kql/parser_impl.h"

// GCC 12 reports a false -Wrestrict on `"literal" + std::string` at -O2 (GCC bug 105329).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"
#endif

namespace quarry::kql {
namespace {

std::string Tuple(const PatternMapping& m) {
  std::string out = "(";
  for (size_t i = 0; i < m.values.size(); ++i) out += (i ? ", \"" : "\"") + m.values[i] + "\"";
  out += ")";
  if (m.path) out += ".[\"" + *m.path + "\"]";
  return out;
}

}  // namespace

bool Parser::ParsePattern(Statement* st) {
  Advance();  // `pattern`
  st->kind = Statement::Kind::kPattern;
  auto name = ExpectName("after 'declare pattern'");
  if (!name) return false;
  st->name = *name;
  if (!AcceptPunct("=")) return true;  // an empty pattern
  Span params_at = Peek().span;
  if (!ParseParams(&st->params)) return false;
  if (st->params.empty()) {
    Fail(params_at, "pattern '" + st->name + "' needs at least one argument, like (name:string)");
    return false;
  }
  for (const auto& p : st->params) {
    if (p.tabular || !p.type || *p.type != Type::kString || p.default_value) {
      Fail(p.span, "pattern argument '" + p.name + "' must be a string without a default (" +
                       p.name + ":string)");
      return false;
    }
  }
  if (AcceptPunct("[")) {
    Param path;
    path.span = Peek().span;
    auto path_name = ExpectName("for the pattern's path argument");
    if (!path_name) return false;
    path.name = *path_name;
    if (!ExpectPunct(":", "and a type after the path argument's name")) return false;
    path.type = ParseTypeName();
    if (!path.type) return false;
    if (*path.type != Type::kString) {
      Fail(path.span,
           "the path argument '" + path.name + "' must be a string (" + path.name + ":string)");
      return false;
    }
    if (!ExpectPunct("]", "to close the path argument")) return false;
    st->path_param = std::move(path);
  }
  if (!ExpectPunct("{", "to start the mappings of pattern '" + st->name + "'")) return false;
  while (ok() && !AtPunct("}")) {
    if (AcceptPunct(";")) continue;
    PatternMapping m;
    if (!ParsePatternMapping(*st, &m)) return false;
    for (const auto& other : st->mappings) {
      if (other.values == m.values && other.path == m.path) {
        Fail(m.span, "pattern '" + st->name + "' maps " + Tuple(m) + " twice");
        return false;
      }
    }
    st->mappings.push_back(std::move(m));
    if (!AtPunct("}") && !ExpectPunct(";", "after the pattern mapping")) return false;
  }
  return ExpectPunct("}", "to close the mappings of pattern '" + st->name + "'");
}

bool Parser::ParsePatternMapping(const Statement& pattern, PatternMapping* m) {
  m->span = Peek().span;
  if (!ExpectPunct("(", "to start a pattern mapping, like (\"value\") = { ... }")) return false;
  while (ok() && !AtPunct(")")) {
    if (Peek().kind != TokenKind::kString) {
      FailHere("expected a string value in the mapping of pattern '" + pattern.name + "'");
      return false;
    }
    m->values.push_back(Advance().text);
    if (!AcceptPunct(",")) break;
  }
  Span values = Span::Join(m->span, Peek().span);
  if (!ExpectPunct(")", "to close the mapping's values")) return false;
  if (m->values.size() != pattern.params.size()) {
    Fail(values, "this mapping gives " + std::to_string(m->values.size()) +
                     " value(s), but pattern '" + pattern.name + "' takes " +
                     std::to_string(pattern.params.size()) + " argument(s)");
    return false;
  }
  if (AcceptPunct(".")) {
    auto path = ExpectName("after '.' in the mapping (the path, like .[\"value\"])");
    if (!path) return false;
    m->path = *path;
  }
  Span head = Span::Join(m->span, tokens_[pos_ > 0 ? pos_ - 1 : 0].span);
  if (pattern.path_param && !m->path) {
    Fail(head, "pattern '" + pattern.name + "' has the path argument '" + pattern.path_param->name +
                   "', so each mapping needs a path, like " + Tuple(*m) + ".[\"value\"]");
    return false;
  }
  if (!pattern.path_param && m->path) {
    Fail(head, "pattern '" + pattern.name +
                   "' declares no path argument, so its mappings take "
                   "no path");
    return false;
  }
  if (!ExpectPunct("=", "after the mapping's values")) return false;
  if (!ExpectPunct("{", "to start the mapping's tabular expression")) return false;
  Span body_at = Peek().span;
  m->body = ParseBody(true);
  if (!ok()) return false;
  if (!m->body->result) {
    Fail(body_at, "the mapping " + Tuple(*m) + " of pattern '" + pattern.name + "' is empty");
    return false;
  }
  if (!ExpectPunct("}", "to close the mapping's tabular expression")) return false;
  m->span.end = tokens_[pos_ - 1].span.end;
  return true;
}

}  // namespace quarry::kql
