#include "kql/parser.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

#include "common/time.h"
#include "kql/parser_impl.h"

// GCC 12 reports a false -Wrestrict on `"literal" + std::string` at -O2 (GCC bug 105329).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"
#endif

namespace quarry::kql {
namespace {

std::shared_ptr<Expr> NewExpr(ExprKind kind, Span span) {
  auto e = std::make_shared<Expr>();
  e->kind = kind;
  e->span = span;
  return e;
}

ExprPtr MakeCall(std::string name, Span span, std::vector<ExprPtr> args) {
  auto e = NewExpr(ExprKind::kCall, span);
  e->name = std::move(name);
  e->args = std::move(args);
  return e;
}

constexpr std::array<std::string_view, 9> kComparePuncts = {"==", "!=", "<>", "<",  "<=",
                                                            ">",  ">=", "=~", "!~"};
constexpr std::array<std::string_view, 33> kStringOps = {
    "has",          "!has",          "has_cs",        "!has_cs",      "contains",
    "!contains",    "contains_cs",   "!contains_cs",  "startswith",   "!startswith",
    "startswith_cs", "!startswith_cs", "endswith",    "!endswith",    "endswith_cs",
    "!endswith_cs", "hasprefix",     "!hasprefix",    "hasprefix_cs", "!hasprefix_cs",
    "hassuffix",    "!hassuffix",    "hassuffix_cs",  "!hassuffix_cs", "like",
    "!like",        "matches",       "contains~",     "!contains~",   "notcontains",
    "notcontainscs", "notlike",      "!matches"};
constexpr std::array<std::string_view, 8> kListOps = {"in",      "!in",     "in~",    "!in~",
                                                      "has_any", "has_all", "!has_any", "!has_all"};

bool IsTypeLiteralName(std::string_view w) {
  return w == "bool" || w == "boolean" || w == "int" || w == "long" || w == "real" ||
         w == "double" || w == "decimal" || w == "dynamic" || w == "string" || w == "int64" ||
         w == "int32" || w == "float";
}

}  // namespace

Parser::Parser(std::string_view text) : text_(text), tokens_(Lex(text)) {}

const Token& Parser::Peek(size_t ahead) const {
  size_t i = std::min(pos_ + ahead, tokens_.size() - 1);
  return tokens_[i];
}

const Token& Parser::Advance() {
  const Token& t = tokens_[std::min(pos_, tokens_.size() - 1)];
  // The lexer's error token is its last: consuming it (a loop skipping tokens) is the error, and
  // stops every `while (ok() ...)` loop that would otherwise spin on it.
  if (t.kind == TokenKind::kError) Fail(t.span, t.text);
  if (pos_ < tokens_.size() - 1) ++pos_;
  return t;
}

bool Parser::AcceptPunct(std::string_view p) {
  if (!AtPunct(p)) return false;
  Advance();
  return true;
}

bool Parser::AcceptIdent(std::string_view w) {
  if (!AtIdent(w)) return false;
  Advance();
  return true;
}

std::string Parser::Describe(const Token& t) const {
  switch (t.kind) {
    case TokenKind::kEnd: return "the end of the query";
    case TokenKind::kString: return "a string";
    default: break;
  }
  std::string_view s = text_.substr(t.span.begin, std::min<size_t>(t.span.end - t.span.begin, 40));
  return "'" + std::string(s) + "'";
}

std::nullptr_t Parser::Fail(Span span, std::string message) {
  if (!error_) error_ = Diagnostic{span, std::move(message)};
  return nullptr;
}

std::nullptr_t Parser::FailHere(std::string message) {
  const Token& t = Peek();
  if (t.kind == TokenKind::kError) return Fail(t.span, t.text);
  return Fail(t.span, std::move(message) + ", found " + Describe(t));
}

bool Parser::ExpectPunct(std::string_view p, std::string_view context) {
  if (AcceptPunct(p)) return true;
  FailHere("expected '" + std::string(p) + "' " + std::string(context));
  return false;
}

bool Parser::ExpectIdent(std::string_view w, std::string_view context) {
  if (AcceptIdent(w)) return true;
  FailHere("expected '" + std::string(w) + "' " + std::string(context));
  return false;
}

std::optional<std::string> Parser::ExpectName(std::string_view context) {
  if (Peek().kind == TokenKind::kIdent) return Advance().text;
  if (Peek().kind == TokenKind::kRaw) return Advance().text;
  if (AtPunct("[") && Peek(1).kind == TokenKind::kString && Peek(2).IsPunct("]")) {
    Advance();
    std::string name = Advance().text;
    Advance();
    return name;
  }
  FailHere("expected a name " + std::string(context));
  return std::nullopt;
}

// ---- statements ----

QueryPtr Parser::ParseTopLevel() {
  if (AtPunct(".")) {
    Fail(Peek().span,
         "management commands (like '.show') are not supported: Quarry runs queries only");
    return nullptr;
  }
  auto q = ParseBody(false);
  if (!ok()) return nullptr;
  if (!AtEnd()) return FailHere("expected the end of the query");
  return q;
}

ExprPtr Parser::ParseSingleExpression() {
  auto e = ParseExpr();
  if (!ok()) return nullptr;
  if (!AtEnd()) return FailHere("expected the end of the expression");
  return e;
}

QueryPtr Parser::ParseBody(bool braced) {
  DepthGuard guard(this);
  if (guard.TooDeep()) return FailHere("query nested too deeply");
  auto q = std::make_shared<Query>();
  q->span.begin = Peek().span.begin;
  while (ok()) {
    while (AcceptPunct(";")) {
    }
    if (AtEnd() || (braced && AtPunct("}"))) break;
    if (AtIdent("let") || AtIdent("set") || AtIdent("declare") || AtIdent("alias")) {
      if (!ParseStatement(q.get())) return nullptr;
      if (!AcceptPunct(";")) {
        if (!(AtEnd() || (braced && AtPunct("}")))) return FailHere("expected ';' after the statement");
      }
      continue;
    }
    if (q->result) return FailHere("expected ';' between the query and what follows");
    q->result = ParseExprOrPipeline();
    if (!ok()) return nullptr;
  }
  if (!ok()) return nullptr;
  q->span.end = Peek().span.begin;
  return q;
}

std::optional<Type> Parser::ParseTypeName() {
  const Token& t = Peek();
  if (t.kind != TokenKind::kIdent && t.kind != TokenKind::kRaw) {
    FailHere("expected a type name");
    return std::nullopt;
  }
  auto type = TypeFromName(t.text);
  if (!type) {
    Fail(t.span, "unknown type '" + t.text +
                     "' (expected bool, int, long, real, decimal, string, datetime, timespan, "
                     "guid or dynamic)");
    return std::nullopt;
  }
  Advance();
  return type;
}

bool Parser::ParseParams(std::vector<Param>* params) {
  if (!ExpectPunct("(", "to start the parameter list")) return false;
  while (ok() && !AtPunct(")")) {
    Param p;
    p.span = Peek().span;
    auto name = ExpectName("for a parameter");
    if (!name) return false;
    p.name = *name;
    if (!ExpectPunct(":", "and a type after the parameter name")) return false;
    if (AtPunct("(")) {
      Advance();
      p.tabular = true;
      int depth = 1;
      while (ok() && depth > 0) {
        if (AtEnd()) { FailHere("expected ')' to close the table parameter's schema"); return false; }
        if (AtPunct("(")) ++depth;
        if (AtPunct(")")) --depth;
        Advance();
      }
    } else {
      p.type = ParseTypeName();
      if (!p.type) return false;
    }
    if (AcceptPunct("=")) {
      p.default_value = ParseExpr();
      if (!ok()) return false;
    }
    params->push_back(std::move(p));
    if (!AcceptPunct(",")) break;
  }
  return ExpectPunct(")", "to close the parameter list");
}

bool Parser::ParseStatement(Query* q) {
  Statement st;
  st.span = Peek().span;
  std::string keyword = Advance().text;
  if (keyword == "set") {
    st.kind = Statement::Kind::kSet;
    auto name = ExpectName("after 'set'");
    if (!name) return false;
    st.name = *name;
    while (AcceptPunct(".")) {
      auto part = ExpectName("in the option name");
      if (!part) return false;
      st.name += "." + *part;
    }
    if (AcceptPunct("=")) {
      st.value = ParseExpr();
      if (!ok()) return false;
    }
  } else if (keyword == "declare" && AtIdent("pattern")) {
    if (!ParsePattern(&st)) return false;
  } else if (keyword == "declare" || keyword == "alias") {
    st.kind = Statement::Kind::kDeclare;
    st.name = keyword;
    // Skipped, but `declare pattern p = ... { ...; ...; }` holds ';' inside its braces.
    int depth = 0;
    while (ok() && !AtEnd() && (depth > 0 || !AtPunct(";"))) {
      if (AtPunct("{") || AtPunct("(") || AtPunct("[")) ++depth;
      if ((AtPunct("}") || AtPunct(")") || AtPunct("]")) && depth > 0) --depth;
      Advance();
    }
  } else {
    auto name = ExpectName("after 'let'");
    if (!name) return false;
    st.name = *name;
    if (!ExpectPunct("=", "after the name in 'let'")) return false;
    bool lambda = AtPunct("(") && ((AtPunct(")", 1) && AtPunct("{", 2)) ||
                                   (Peek(1).kind == TokenKind::kIdent && AtPunct(":", 2)));
    bool view = AtIdent("view") && AtPunct("(", 1);
    if (view) Advance();
    if (lambda || view) {
      st.is_function = true;
      if (!ParseParams(&st.params)) return false;
      if (!ExpectPunct("{", "to start the function body")) return false;
      st.body = ParseBody(true);
      if (!ok()) return false;
      if (!ExpectPunct("}", "to close the function body")) return false;
    } else {
      st.value = ParseExprOrPipeline();
      if (!ok()) return false;
    }
  }
  st.span.end = Peek().span.begin;
  q->statements.push_back(std::move(st));
  return true;
}

// ---- expressions ----

ExprPtr Parser::MakeLiteral(Span span, Value v) {
  auto e = NewExpr(ExprKind::kLiteral, span);
  e->value = std::move(v);
  return e;
}

ExprPtr Parser::ParseExprOrPipeline() {
  DepthGuard guard(this);
  if (guard.TooDeep()) return FailHere("query nested too deeply");
  ExprPtr e = IsSourceKeyword() ? ParseSourceAsExpr() : ParseExpr();
  if (!ok()) return nullptr;
  if (!AtPunct("|")) return e;
  auto pipeline = ParsePipelineFrom(e);
  if (!ok()) return nullptr;
  auto t = NewExpr(ExprKind::kTabular, pipeline->span);
  t->pipeline = pipeline;
  return t;
}

ExprPtr Parser::ParseExpr() {
  DepthGuard guard(this);
  if (guard.TooDeep()) return FailHere("expression nested too deeply");
  return ParseOr();
}

ExprPtr Parser::ParseOr() {
  auto lhs = ParseAnd();
  while (ok() && AtIdent("or")) {
    Span op = Advance().span;
    auto rhs = ParseAnd();
    if (!ok()) return nullptr;
    lhs = MakeCall("or", Span::Join(lhs->span, rhs->span), {lhs, rhs});
    (void)op;
  }
  return ok() ? lhs : nullptr;
}

ExprPtr Parser::ParseAnd() {
  auto lhs = ParseCompare();
  while (ok() && AtIdent("and")) {
    Advance();
    auto rhs = ParseCompare();
    if (!ok()) return nullptr;
    lhs = MakeCall("and", Span::Join(lhs->span, rhs->span), {lhs, rhs});
  }
  return ok() ? lhs : nullptr;
}

ExprPtr Parser::ParseCompare() {
  auto lhs = ParseAdditive();
  while (ok()) {
    const Token& t = Peek();
    std::string op;
    if (t.kind == TokenKind::kPunct &&
        std::find(kComparePuncts.begin(), kComparePuncts.end(), t.text) != kComparePuncts.end()) {
      op = t.text == "<>" ? "!=" : t.text;
    } else if (t.kind == TokenKind::kIdent &&
               std::find(kStringOps.begin(), kStringOps.end(), t.text) != kStringOps.end()) {
      op = t.text;
    } else if (t.kind == TokenKind::kIdent &&
               (std::find(kListOps.begin(), kListOps.end(), t.text) != kListOps.end() ||
                t.text == "between" || t.text == "!between")) {
      std::string list_op = t.text;
      Span op_span = Advance().span;
      lhs = ParseListOperand(lhs, list_op, op_span);
      if (!ok()) return nullptr;
      continue;
    } else {
      break;
    }
    Span op_span = Advance().span;
    if (op == "matches" || op == "!matches") {
      if (!ExpectIdent("regex", "after 'matches'")) return nullptr;
      op += " regex";
    }
    if (AtPunct("(") && op.find("regex") == std::string::npos) {
      // `x has ("a", "b")`: Kusto reads a list after a string operator as "any of them".
      size_t save = pos_;
      Advance();
      std::vector<ExprPtr> items;
      while (ok() && !AtPunct(")")) {
        auto item = ParseExpr();
        if (!ok()) return nullptr;
        items.push_back(item);
        if (!AcceptPunct(",")) break;
      }
      if (ok() && items.size() > 1 && AtPunct(")")) {
        Span end = Advance().span;
        bool negated = op[0] == '!';
        std::string positive = negated ? op.substr(1) : op;
        ExprPtr acc;
        for (const auto& item : items) {
          auto c = MakeCall(positive, Span::Join(lhs->span, item->span), {lhs, item});
          acc = acc ? MakeCall("or", Span::Join(lhs->span, end), {acc, c}) : c;
        }
        lhs = negated ? MakeCall("not", Span::Join(lhs->span, end), {acc}) : acc;
        continue;
      }
      if (!ok()) return nullptr;
      pos_ = save;
    }
    auto rhs = ParseAdditive();
    if (!ok()) return nullptr;
    (void)op_span;
    lhs = MakeCall(op, Span::Join(lhs->span, rhs->span), {lhs, rhs});
  }
  return ok() ? lhs : nullptr;
}

ExprPtr Parser::ParseListOperand(ExprPtr lhs, const std::string& op, Span op_span) {
  std::vector<ExprPtr> args{lhs};
  Span end = op_span;
  if (op == "between" || op == "!between") {
    if (!ExpectPunct("(", "after '" + op + "'")) return nullptr;
    auto lo = ParseAdditive();
    if (!ok()) return nullptr;
    if (!ExpectPunct("..", "between the bounds of '" + op + " (low .. high)'")) return nullptr;
    auto hi = ParseAdditive();
    if (!ok()) return nullptr;
    end = Peek().span;
    if (!ExpectPunct(")", "to close '" + op + "'")) return nullptr;
    args.push_back(lo);
    args.push_back(hi);
    return MakeCall(op, Span::Join(lhs->span, end), std::move(args));
  }
  if (AcceptPunct("(")) {
    while (ok() && !AtPunct(")")) {
      auto item = ParseExprOrPipeline();
      if (!ok()) return nullptr;
      args.push_back(item);
      if (!AcceptPunct(",")) break;
    }
    end = Peek().span;
    if (!ExpectPunct(")", "to close the list after '" + op + "'")) return nullptr;
  } else {
    auto item = ParseAdditive();
    if (!ok()) return nullptr;
    args.push_back(item);
    end = item->span;
  }
  return MakeCall(op, Span::Join(lhs->span, end), std::move(args));
}

ExprPtr Parser::ParseAdditive() {
  auto lhs = ParseMultiplicative();
  while (ok() && (AtPunct("+") || AtPunct("-"))) {
    std::string op = Advance().text;
    auto rhs = ParseMultiplicative();
    if (!ok()) return nullptr;
    lhs = MakeCall(op, Span::Join(lhs->span, rhs->span), {lhs, rhs});
  }
  return ok() ? lhs : nullptr;
}

ExprPtr Parser::ParseMultiplicative() {
  auto lhs = ParseUnary();
  while (ok() && (AtPunct("*") || AtPunct("/") || AtPunct("%"))) {
    std::string op = Advance().text;
    auto rhs = ParseUnary();
    if (!ok()) return nullptr;
    lhs = MakeCall(op, Span::Join(lhs->span, rhs->span), {lhs, rhs});
  }
  return ok() ? lhs : nullptr;
}

ExprPtr Parser::ParseUnary() {
  DepthGuard guard(this);
  if (guard.TooDeep()) return FailHere("expression nested too deeply");
  if (AtPunct("-") || AtPunct("+")) {
    Token op = Advance();
    const Token& t = Peek();
    if (op.text == "-" && (t.kind == TokenKind::kLong || t.kind == TokenKind::kReal ||
                           t.kind == TokenKind::kTimespan)) {
      Token lit = Advance();
      Span span = Span::Join(op.span, lit.span);
      if (lit.kind == TokenKind::kLong) return MakeLiteral(span, Value::Long(-lit.i));
      if (lit.kind == TokenKind::kReal) return MakeLiteral(span, Value::Real(-lit.d));
      return MakeLiteral(span, Value::Timespan(-lit.i));
    }
    auto operand = ParseUnary();
    if (!ok()) return nullptr;
    if (op.text == "+") return operand;
    return MakeCall("__neg", Span::Join(op.span, operand->span), {operand});
  }
  return ParsePostfix();
}

ExprPtr Parser::ParsePostfix() {
  auto e = ParsePrimary();
  while (ok()) {
    if (AtPunct(".") && Peek(1).kind == TokenKind::kIdent) {
      Advance();
      Token name = Advance();
      if (AtPunct("(")) {
        // cluster("c").database("d").T style chains: a call whose first argument is the receiver.
        auto call = ParseCallArgs("." + name.text, name.span);
        if (!ok()) return nullptr;
        auto c = std::const_pointer_cast<Expr>(call);
        c->args.insert(c->args.begin(), e);
        c->span = Span::Join(e->span, c->span);
        e = c;
        continue;
      }
      auto m = NewExpr(ExprKind::kMember, Span::Join(e->span, name.span));
      m->name = name.text;
      m->args.push_back(e);
      e = m;
    } else if (AtPunct(".") && Peek(1).kind == TokenKind::kRaw) {
      Advance();
      Token name = Advance();
      return Fail(name.span, "'" + name.text + "(...)' cannot follow '.'");
    } else if (AtPunct(".") && AtPunct("[", 1)) {
      Advance();
    } else if (AtPunct("[")) {
      Advance();
      auto index = ParseExpr();
      if (!ok()) return nullptr;
      Span end = Peek().span;
      if (!ExpectPunct("]", "to close the index")) return nullptr;
      auto ix = NewExpr(ExprKind::kIndex, Span::Join(e->span, end));
      ix->args = {e, index};
      e = ix;
    } else {
      break;
    }
  }
  return ok() ? e : nullptr;
}

ExprPtr Parser::ParseCallArgs(std::string name, Span name_span) {
  if (!ExpectPunct("(", "to start the argument list")) return nullptr;
  auto call = NewExpr(ExprKind::kCall, name_span);
  call->name = std::move(name);
  while (ok() && !AtPunct(")")) {
    if (AtPunct("*") && (AtPunct(",", 1) || AtPunct(")", 1))) {
      call->args.push_back(NewExpr(ExprKind::kStar, Advance().span));
    } else if (Peek().kind == TokenKind::kIdent && AtPunct("=", 1)) {
      Token n = Advance();
      Advance();
      auto value = ParseExpr();
      if (!ok()) return nullptr;
      auto named = NewExpr(ExprKind::kNamedArg, Span::Join(n.span, value->span));
      named->name = n.text;
      named->args.push_back(value);
      call->args.push_back(named);
    } else {
      auto arg = ParseExprOrPipeline();
      if (!ok()) return nullptr;
      call->args.push_back(arg);
    }
    if (!AcceptPunct(",")) break;
  }
  Span end = Peek().span;
  if (!ExpectPunct(")", "to close the arguments of " + call->name + "()")) return nullptr;
  call->span = Span::Join(name_span, end);
  return call;
}

ExprPtr Parser::ParseRawLiteral(const Token& t) {
  std::string raw = t.raw;
  auto trim = [](std::string s) {
    size_t b = s.find_first_not_of(" \t\r\n");
    size_t e = s.find_last_not_of(" \t\r\n");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
  };
  raw = trim(raw);
  if (raw.size() >= 2 && (raw.front() == '"' || raw.front() == '\'') && raw.back() == raw.front()) {
    raw = raw.substr(1, raw.size() - 2);
  }
  bool is_null = raw == "null";
  if (t.text == "datetime") {
    if (is_null) return MakeLiteral(t.span, Value::Null(Type::kDatetime));
    auto ticks = ParseDatetime(raw);
    if (!ticks) {
      // A time without a date means that time today, as in Kusto: startofday(now()) + time.
      if (auto clock = ParseTimeOfDay(raw)) {
        auto today = MakeCall("startofday", t.span, {MakeCall("now", t.span, {})});
        return MakeCall("+", t.span, {today, MakeLiteral(t.span, Value::Timespan(*clock))});
      }
      return Fail(t.span, "'" + raw + "' is not a valid datetime");
    }
    return MakeLiteral(t.span, Value::Datetime(*ticks));
  }
  if (t.text == "timespan" || t.text == "time") {
    if (is_null) return MakeLiteral(t.span, Value::Null(Type::kTimespan));
    auto ticks = ParseTimespan(raw);
    if (!ticks) return Fail(t.span, "'" + raw + "' is not a valid timespan");
    return MakeLiteral(t.span, Value::Timespan(*ticks));
  }
  if (is_null) return MakeLiteral(t.span, Value::Null(Type::kGuid));
  std::string g;
  for (char c : raw) g += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  bool valid = g.size() == 36;
  for (size_t i = 0; valid && i < g.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    valid = dash ? g[i] == '-' : std::isxdigit(static_cast<unsigned char>(g[i])) != 0;
  }
  if (!valid) return Fail(t.span, "'" + raw + "' is not a valid guid");
  return MakeLiteral(t.span, Value::Guid(g));
}

std::optional<Json> Parser::ParseJsonValue() {
  DepthGuard guard(this);
  if (guard.TooDeep()) {
    FailHere("dynamic literal nested too deeply");
    return std::nullopt;
  }
  const Token& t = Peek();
  if (AcceptIdent("null")) return Json(nullptr);
  if (AcceptPunct("[")) {
    Json arr = Json::array();
    while (ok() && !AtPunct("]")) {
      auto v = ParseJsonValue();
      if (!v) return std::nullopt;
      arr.push_back(std::move(*v));
      if (!AcceptPunct(",")) break;
    }
    if (!ExpectPunct("]", "to close the array")) return std::nullopt;
    return arr;
  }
  if (AcceptPunct("{")) {
    Json obj = Json::object();
    while (ok() && !AtPunct("}")) {
      const Token& k = Peek();
      if (k.kind != TokenKind::kString && k.kind != TokenKind::kIdent) {
        FailHere("expected a property name");
        return std::nullopt;
      }
      std::string key = Advance().text;
      if (!ExpectPunct(":", "after the property name")) return std::nullopt;
      auto v = ParseJsonValue();
      if (!v) return std::nullopt;
      obj[key] = std::move(*v);
      if (!AcceptPunct(",")) break;
    }
    if (!ExpectPunct("}", "to close the property bag")) return std::nullopt;
    return obj;
  }
  auto e = ParseUnary();
  if (!e) return std::nullopt;
  if (e->kind != ExprKind::kLiteral) {
    Fail(e->span, "a dynamic literal may hold only constants");
    return std::nullopt;
  }
  const Value& v = e->value;
  if (v.is_null()) return Json(nullptr);
  switch (v.type()) {
    case Type::kBool: return Json(v.bool_value());
    case Type::kInt:
    case Type::kLong: return Json(v.int_value());
    case Type::kReal:
    case Type::kDecimal:
      if (!std::isfinite(v.real_value())) return Json(FormatReal(v.real_value()));
      return Json(v.real_value());
    case Type::kDynamic: return v.dynamic_value();
    default: return Json(v.ToString());
  }
  (void)t;
}

ExprPtr Parser::ParseTypedLiteral(const Token& type_token) {
  std::string type_name = type_token.text;
  if (!ExpectPunct("(", "after '" + type_name + "'")) return nullptr;
  Span begin = type_token.span;
  auto type = TypeFromName(type_name);
  if (!type) return Fail(type_token.span, "unknown type '" + type_name + "'");
  if (*type == Type::kDynamic) {
    auto j = ParseJsonValue();
    if (!j) return nullptr;
    Span end = Peek().span;
    if (!ExpectPunct(")", "to close dynamic(...)")) return nullptr;
    return MakeLiteral(Span::Join(begin, end), Value::Dynamic(std::move(*j)));
  }
  Value v = Value::Null(*type);
  if (AcceptIdent("null")) {
    // typed null
  } else if (*type == Type::kBool) {
    const Token& t = Peek();
    std::string w = t.text;
    for (auto& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (t.kind == TokenKind::kIdent && (w == "true" || w == "false")) {
      v = Value::Bool(w == "true");
      Advance();
    } else if (t.kind == TokenKind::kLong && (t.i == 0 || t.i == 1)) {
      v = Value::Bool(t.i == 1);
      Advance();
    } else {
      return FailHere("expected true, false or null in bool(...)");
    }
  } else if (*type == Type::kString) {
    if (Peek().kind != TokenKind::kString) return FailHere("expected a string in string(...)");
    v = Value::String(Advance().text);
  } else {
    bool negative = false;
    if (AcceptPunct("-")) negative = true;
    else AcceptPunct("+");
    const Token& t = Peek();
    double d = 0;
    bool integral = false;
    int64_t i = 0;
    if (t.kind == TokenKind::kLong) {
      integral = true;
      i = t.i;
      d = static_cast<double>(t.i);
    } else if (t.kind == TokenKind::kReal) {
      d = t.d;
    } else if (t.kind == TokenKind::kIdent && (t.text == "nan" || t.text == "NaN")) {
      d = std::nan("");
    } else if (t.kind == TokenKind::kIdent && (t.text == "inf" || t.text == "Infinity")) {
      d = INFINITY;
    } else {
      return FailHere("expected a number in " + type_name + "(...)");
    }
    Advance();
    if (negative) {
      d = -d;
      i = -i;
    }
    switch (*type) {
      case Type::kInt: {
        // A hexadecimal literal spells the 32 bits: int(0xf090013d) is negative, as in Kusto.
        bool hex_bits = !negative && t.text.size() > 2 && (t.text[1] == 'x' || t.text[1] == 'X') &&
                        i >= 0 && i <= 0xFFFFFFFFLL;
        if (hex_bits && i > INT32_MAX) i -= 0x100000000LL;
        if (!integral || i < INT32_MIN || i > INT32_MAX) {
          return Fail(t.span, "int(...) needs a whole number within 32 bits");
        }
        v = Value::Int(static_cast<int32_t>(i));
        break;
      }
      case Type::kLong:
        if (!integral) return Fail(t.span, "long(...) needs a whole number");
        v = Value::Long(i);
        break;
      case Type::kDecimal: v = Value::Decimal(d); break;
      default: v = Value::Real(d); break;
    }
  }
  Span end = Peek().span;
  if (!ExpectPunct(")", "to close " + type_name + "(...)")) return nullptr;
  return MakeLiteral(Span::Join(begin, end), v);
}

ExprPtr Parser::ParsePrimary() {
  const Token& t = Peek();
  switch (t.kind) {
    case TokenKind::kError: return Fail(t.span, t.text);
    case TokenKind::kEnd: return FailHere("expected an expression");
    case TokenKind::kLong: {
      Token tok = Advance();
      return MakeLiteral(tok.span, Value::Long(tok.i));
    }
    case TokenKind::kReal: {
      Token tok = Advance();
      return MakeLiteral(tok.span, Value::Real(tok.d));
    }
    case TokenKind::kTimespan: {
      Token tok = Advance();
      return MakeLiteral(tok.span, Value::Timespan(tok.i));
    }
    case TokenKind::kString: {
      Token tok = Advance();
      std::string s = tok.text;
      Span span = tok.span;
      while (Peek().kind == TokenKind::kString) {
        span = Span::Join(span, Peek().span);
        s += Advance().text;
      }
      return MakeLiteral(span, Value::String(std::move(s)));
    }
    case TokenKind::kRaw: {
      Token tok = Advance();
      return ParseRawLiteral(tok);
    }
    case TokenKind::kPunct: {
      if (t.text == "(") {
        Span begin = Advance().span;
        auto inner = ParseExprOrPipeline();
        if (!ok()) return nullptr;
        if (AtPunct(",")) {
          // A tuple only makes sense as a list operand; report it where it appears.
          return FailHere("unexpected ',' inside parentheses");
        }
        Span end = Peek().span;
        if (!ExpectPunct(")", "to close '('")) return nullptr;
        if (inner->kind == ExprKind::kTabular) {
          auto copy = std::make_shared<Expr>(*inner);
          copy->span = Span::Join(begin, end);
          return copy;
        }
        return inner;
      }
      if (t.text == "[" && Peek(1).kind == TokenKind::kString && AtPunct("]", 2)) {
        Span begin = Advance().span;
        std::string name = Advance().text;
        Span end = Advance().span;
        auto e = NewExpr(ExprKind::kName, Span::Join(begin, end));
        e->name = std::move(name);
        return e;
      }
      if (t.text == "*") return NewExpr(ExprKind::kStar, Advance().span);
      return FailHere("expected an expression");
    }
    case TokenKind::kIdent: break;
  }
  Token tok = Advance();
  std::string lower = tok.text;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if ((lower == "true" || lower == "false") && !AtPunct("(")) {
    return MakeLiteral(tok.span, Value::Bool(lower == "true"));
  }
  if (AtPunct("(")) {
    if (IsTypeLiteralName(tok.text)) return ParseTypedLiteral(tok);
    if (tok.text == "typeof") {
      Advance();
      auto type = ParseTypeName();
      if (!type) return nullptr;
      Span end = Peek().span;
      if (!ExpectPunct(")", "to close typeof(...)")) return nullptr;
      auto e = NewExpr(ExprKind::kTypeName, Span::Join(tok.span, end));
      e->value = Value::Null(*type);
      return e;
    }
    return ParseCallArgs(tok.text, tok.span);
  }
  auto e = NewExpr(ExprKind::kName, tok.span);
  e->name = tok.text;
  return e;
}

Result<QueryPtr> ParseQuery(std::string_view text, Diagnostic* diagnostic) {
  Parser p(text);
  auto q = p.ParseTopLevel();
  if (p.error()) {
    if (diagnostic) *diagnostic = *p.error();
    return DiagnosticStatus(*p.error(), text);
  }
  if (!q || !q->result) {
    Diagnostic d{Span{0, static_cast<uint32_t>(text.size())}, "the query has no tabular expression"};
    if (diagnostic) *diagnostic = d;
    return DiagnosticStatus(d, text);
  }
  return q;
}

Result<ExprPtr> ParseExpression(std::string_view text, Diagnostic* diagnostic) {
  Parser p(text);
  auto e = p.ParseSingleExpression();
  if (p.error()) {
    if (diagnostic) *diagnostic = *p.error();
    return DiagnosticStatus(*p.error(), text);
  }
  return e;
}

}  // namespace quarry::kql
