// Tabular sources and piped operators of the KQL parser.
#include <algorithm>

#include "kql/parser_impl.h"

namespace quarry::kql {
namespace {

bool IsHint(std::string_view name) { return name.rfind("hint.", 0) == 0; }

}  // namespace

bool Parser::IsSourceKeyword(size_t ahead) const {
  const Token& t = Peek(ahead);
  if (t.kind != TokenKind::kIdent) return false;
  const Token& next = Peek(ahead + 1);
  if (t.text == "datatable" || t.text == "externaldata") return next.IsPunct("(");
  if (t.text == "inline_external_table") return next.kind == TokenKind::kIdent || next.IsPunct("(");
  if (t.text == "range") return next.kind == TokenKind::kIdent || next.kind == TokenKind::kRaw;
  if (t.text == "print") return !next.IsPunct("|");
  if (t.text == "union" || t.text == "search" || t.text == "find" || t.text == "evaluate") {
    return !next.IsPunct("(") || t.text == "union" || t.text == "search";
  }
  return false;
}

ExprPtr Parser::ParseSourceAsExpr() {
  auto pipeline = std::make_shared<Pipeline>();
  Operator op;
  op.span.begin = Peek().span.begin;
  if (!ParseSource(&op)) return nullptr;
  op.span.end = tokens_[pos_ > 0 ? pos_ - 1 : 0].span.end;
  pipeline->span = op.span;
  pipeline->ops.push_back(std::move(op));
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::kTabular;
  e->span = pipeline->span;
  e->pipeline = pipeline;
  return e;
}

PipelinePtr Parser::ParsePipelineFrom(ExprPtr source, bool continue_pipes) {
  auto pipeline = std::make_shared<Pipeline>();
  pipeline->span = source->span;
  if (source->kind == ExprKind::kTabular) {
    *pipeline = *source->pipeline;
  } else if (source->kind == ExprKind::kName) {
    Operator op;
    op.kind = OpKind::kTable;
    op.span = source->span;
    op.name = source->name;
    pipeline->ops.push_back(std::move(op));
  } else if (source->kind == ExprKind::kCall || source->kind == ExprKind::kMember ||
             source->kind == ExprKind::kIndex) {  // pattern("a").["path"]
    Operator op;
    op.kind = OpKind::kCallSource;
    op.span = source->span;
    op.name = source->name;
    op.expr = source;
    pipeline->ops.push_back(std::move(op));
  } else {
    return Fail(source->span, "expected a table, a tabular function or a tabular expression "
                              "before '|'");
  }
  while (ok() && continue_pipes && AcceptPunct("|")) {
    DepthGuard guard(this);
    if (guard.TooDeep()) return FailHere("query nested too deeply");
    Operator op;
    op.span.begin = Peek().span.begin;
    if (!ParseOperator(&op)) return nullptr;
    op.span.end = tokens_[pos_ > 0 ? pos_ - 1 : 0].span.end;
    if (op.span.end < op.span.begin) op.span.end = op.span.begin;
    pipeline->ops.push_back(std::move(op));
  }
  if (!ok()) return nullptr;
  pipeline->span.end = tokens_[pos_ > 0 ? pos_ - 1 : 0].span.end;
  return pipeline;
}

PipelinePtr Parser::ParseSubquery(std::string_view context) {
  if (AcceptPunct("(")) {
    auto e = ParseExprOrPipeline();
    if (!ok()) return nullptr;
    if (!ExpectPunct(")", "to close the " + std::string(context))) return nullptr;
    return ParsePipelineFrom(e, false);
  }
  if (Peek().kind == TokenKind::kIdent) {
    auto e = ParsePostfix();
    if (!ok()) return nullptr;
    return ParsePipelineFrom(e, false);
  }
  return FailHere("expected a table or '(' query ')' for the " + std::string(context));
}

// The body of mv-apply's `on (...)`: operators without a source.
PipelinePtr Parser::ParseSourcelessPipeline() {
  auto pipeline = std::make_shared<Pipeline>();
  Operator source;
  source.kind = OpKind::kTable;
  source.name = "";
  source.span = Peek().span;
  pipeline->ops.push_back(source);
  AcceptPunct("|");
  while (ok()) {
    Operator op;
    op.span.begin = Peek().span.begin;
    if (!ParseOperator(&op)) return nullptr;
    op.span.end = tokens_[pos_ > 0 ? pos_ - 1 : 0].span.end;
    pipeline->ops.push_back(std::move(op));
    if (!AcceptPunct("|")) break;
  }
  return ok() ? pipeline : nullptr;
}

bool Parser::ParseOptions(Operator* op, std::initializer_list<std::string_view> allowed) {
  while (ok() && Peek().kind == TokenKind::kIdent) {
    size_t k = 0;
    std::string name = Peek().text;
    while (AtPunct(".", k + 1) && Peek(k + 2).kind == TokenKind::kIdent) {
      name += "." + Peek(k + 2).text;
      k += 2;
    }
    if (!AtPunct("=", k + 1)) break;
    bool known = IsHint(name) || std::find(allowed.begin(), allowed.end(), name) != allowed.end();
    if (!known) break;
    for (size_t i = 0; i <= k + 1; ++i) Advance();
    ExprPtr value;
    if (Peek().kind == TokenKind::kIdent) {
      auto e = std::make_shared<Expr>();
      e->kind = ExprKind::kName;
      e->span = Peek().span;
      e->name = Advance().text;
      value = e;
    } else {
      value = ParseUnary();
      if (!ok()) return false;
    }
    op->options[name] = value;
  }
  return ok();
}

bool Parser::ParseAssignment(Assignment* a) {
  a->span.begin = Peek().span.begin;
  if (AtPunct("(") && Peek(1).kind == TokenKind::kIdent &&
      (AtPunct(",", 2) || (AtPunct(")", 2) && AtPunct("=", 3)))) {
    Advance();
    while (ok()) {
      auto n = ExpectName("in the list of output names");
      if (!n) return false;
      a->names.push_back(*n);
      if (!AcceptPunct(",")) break;
    }
    if (!ExpectPunct(")", "to close the list of names")) return false;
    if (!ExpectPunct("=", "after the list of names")) return false;
  } else if (Peek().kind == TokenKind::kIdent && AtPunct("=", 1)) {
    a->names.push_back(Advance().text);
    Advance();
  } else if (AtPunct("[") && Peek(1).kind == TokenKind::kString && AtPunct("]", 2) &&
             AtPunct("=", 3)) {
    Advance();
    a->names.push_back(Advance().text);
    Advance();
    Advance();
  }
  a->expr = ParseExpr();
  if (!ok()) return false;
  a->span.end = a->expr->span.end;
  return true;
}

bool Parser::ParseAssignments(std::vector<Assignment>* out, bool allow_default, Operator* op) {
  while (ok()) {
    Assignment a;
    if (!ParseAssignment(&a)) return false;
    if (allow_default && AtIdent("default") && AtPunct("=", 1)) {
      Advance();
      Advance();
      auto d = ParseUnary();
      if (!ok()) return false;
      op->exprs.resize(out->size() + 1);
      op->exprs[out->size()] = d;
    }
    out->push_back(std::move(a));
    if (!AcceptPunct(",")) break;
    // Kusto tolerates a trailing comma before the next operator.
    if (AtPunct("|") || AtPunct(")") || AtPunct(";") || AtEnd() || AtIdent("by")) break;
  }
  return ok();
}

bool Parser::ParseSortKeys(std::vector<SortKey>* out) {
  while (ok()) {
    SortKey k;
    k.expr = ParseExpr();
    if (!ok()) return false;
    if (AcceptIdent("asc")) k.descending = false;
    else if (AcceptIdent("desc")) k.descending = true;
    if (AcceptIdent("nulls")) {
      if (AcceptIdent("first")) k.nulls_first = true;
      else if (AcceptIdent("last")) k.nulls_first = false;
      else {
        FailHere("expected 'first' or 'last' after 'nulls'");
        return false;
      }
    }
    out->push_back(std::move(k));
    if (!AcceptPunct(",")) break;
  }
  return ok();
}

std::optional<std::string> Parser::ParseColumnPattern() {
  std::string pattern;
  uint32_t last_end = 0;
  bool first = true;
  while (ok()) {
    const Token& t = Peek();
    bool adjacent = first || t.span.begin == last_end;
    if (!adjacent) break;
    if (t.kind == TokenKind::kIdent || t.IsPunct("*") || t.kind == TokenKind::kRaw) {
      pattern += t.IsPunct("*") ? "*" : t.text;
      last_end = t.span.end;
      Advance();
    } else if (first && t.IsPunct("[") && Peek(1).kind == TokenKind::kString && AtPunct("]", 2)) {
      Advance();
      pattern += Advance().text;
      last_end = Advance().span.end;
    } else {
      break;
    }
    first = false;
  }
  if (pattern.empty()) {
    FailHere("expected a column name");
    return std::nullopt;
  }
  return pattern;
}

bool Parser::ParsePatternList(std::vector<std::string>* out) {
  while (ok()) {
    auto p = ParseColumnPattern();
    if (!p) return false;
    std::string entry = *p;
    if (AtIdent("asc") || AtIdent("desc") || AtIdent("granny-asc") || AtIdent("granny-desc")) {
      entry += " " + Advance().text;  // project-reorder's ordering of the matched columns
    }
    out->push_back(entry);
    if (!AcceptPunct(",")) break;
  }
  return ok();
}

void Parser::SkipToPipe() {
  int depth = 0;
  while (!AtEnd() && Peek().kind != TokenKind::kError) {
    if (depth == 0 && (AtPunct("|") || AtPunct(";") || AtPunct(")") || AtPunct("}") ||
                       AtPunct("]"))) {
      break;
    }
    if (AtPunct("(") || AtPunct("[") || AtPunct("{")) ++depth;
    if (AtPunct(")") || AtPunct("]") || AtPunct("}")) --depth;
    Advance();
  }
}

bool Parser::ParseDatatable(Operator* op) {
  if (!ExpectPunct("(", "after 'datatable'")) return false;
  while (ok() && !AtPunct(")")) {
    auto name = ExpectName("for a datatable column");
    if (!name) return false;
    if (!ExpectPunct(":", "and a type after the column name")) return false;
    auto type = ParseTypeName();
    if (!type) return false;
    op->columns.push_back(*name);
    op->column_types.push_back(type);
    if (!AcceptPunct(",")) break;
  }
  if (!ExpectPunct(")", "to close the datatable schema")) return false;
  if (!ExpectPunct("[", "to start the datatable values")) return false;
  while (ok() && !AtPunct("]")) {
    auto v = ParseExpr();
    if (!ok()) return false;
    op->exprs.push_back(v);
    if (!AcceptPunct(",")) break;
  }
  return ExpectPunct("]", "to close the datatable values");
}

bool Parser::ParseRange(Operator* op) {
  auto name = ExpectName("for the range column");
  if (!name) return false;
  op->columns.push_back(*name);
  if (!ExpectIdent("from", "in 'range x from A to B step C'")) return false;
  auto from = ParseExpr();
  if (!ok()) return false;
  if (!ExpectIdent("to", "in 'range x from A to B step C'")) return false;
  auto to = ParseExpr();
  if (!ok()) return false;
  if (!ExpectIdent("step", "in 'range x from A to B step C'")) return false;
  auto step = ParseExpr();
  if (!ok()) return false;
  op->exprs = {from, to, step};
  return true;
}

bool Parser::ParseUnionLegs(Operator* op) {
  if (!ParseOptions(op, {"kind", "withsource", "isfuzzy"})) return false;
  while (ok()) {
    if (AtPunct("(")) {
      auto leg = ParseSubquery("union leg");
      if (!leg) return false;
      op->subqueries.push_back(leg);
    } else if (Peek().kind == TokenKind::kIdent && AtPunct("(", 1)) {
      auto leg = ParseSubquery("union leg");
      if (!leg) return false;
      op->subqueries.push_back(leg);
    } else {
      Span span = Peek().span;
      auto pattern = ParseColumnPattern();
      if (!pattern) return false;
      auto leg = std::make_shared<Pipeline>();
      Operator t;
      t.kind = OpKind::kTable;
      t.name = *pattern;
      t.span = Span{span.begin, tokens_[pos_ - 1].span.end};
      leg->span = t.span;
      leg->ops.push_back(std::move(t));
      op->subqueries.push_back(leg);
    }
    if (!AcceptPunct(",")) break;
  }
  return ok();
}

bool Parser::ParseJoin(Operator* op) {
  if (!ParseOptions(op, {"kind", "withsource"})) return false;
  auto right = ParseSubquery(op->kind == OpKind::kJoin ? "right side of the join"
                                                       : "lookup table");
  if (!right) return false;
  op->subqueries.push_back(right);
  if (op->kind == OpKind::kJoin && !AtIdent("on")) {
    if (AtIdent("where")) { FailHere("'join ... where' is not supported; use 'on'"); return false; }
    return true;  // Kusto allows a join without `on` only for cross joins via hints; binder decides
  }
  if (!ExpectIdent("on", op->kind == OpKind::kJoin ? "after the join's right side"
                                                   : "after the lookup table")) {
    return false;
  }
  while (ok()) {
    auto cond = ParseExpr();
    if (!ok()) return false;
    op->exprs.push_back(cond);
    if (!AcceptPunct(",")) break;
  }
  return ok();
}

bool Parser::ParseMvExpand(Operator* op) {
  if (!ParseOptions(op, {"kind", "bagexpansion", "with_itemindex", "itemindex"})) return false;
  while (ok()) {
    Assignment a;
    if (!ParseAssignment(&a)) return false;
    std::optional<Type> type;
    if (AcceptIdent("to")) {
      if (!ExpectIdent("typeof", "after 'to'")) return false;
      if (!ExpectPunct("(", "after 'typeof'")) return false;
      type = ParseTypeName();
      if (!type) return false;
      if (!ExpectPunct(")", "to close typeof(...)")) return false;
    }
    op->items.push_back(std::move(a));
    op->column_types.push_back(type);
    if (!AcceptPunct(",")) break;
  }
  if (AcceptIdent("limit")) {
    op->expr2 = ParseUnary();
    if (!ok()) return false;
  }
  if (op->kind == OpKind::kMvApply) {
    if (!ExpectIdent("on", "in mv-apply")) return false;
    if (!ExpectPunct("(", "after 'on'")) return false;
    auto sub = ParseSourcelessPipeline();
    if (!sub) return false;
    if (!ExpectPunct(")", "to close mv-apply's subquery")) return false;
    op->subqueries.push_back(sub);
  }
  return ok();
}

bool Parser::ParseParse(Operator* op) {
  if (!ParseOptions(op, {"kind", "flags"})) return false;
  op->expr = ParseExpr();
  if (!ok()) return false;
  if (!ExpectIdent("with", "after the parsed expression")) return false;
  while (ok() && !AtEnd() && !AtPunct("|") && !AtPunct(")") && !AtPunct(";") && !AtPunct("}")) {
    ParsePart part;
    if (Peek().kind == TokenKind::kString) {
      part.is_literal = true;
      while (Peek().kind == TokenKind::kString) part.text += Advance().text;
    } else if (AcceptPunct("*")) {
      part.text = "";
    } else {
      auto name = ExpectName("(a column to capture) in the parse pattern");
      if (!name) return false;
      part.text = *name;
      if (AcceptPunct(":")) {
        part.type = ParseTypeName();
        if (!part.type) return false;
      }
    }
    op->parse_parts.push_back(std::move(part));
    AcceptPunct(",");
  }
  return ok();
}

bool Parser::ParseMakeSeries(Operator* op) {
  if (!ParseOptions(op, {"kind"})) return false;
  if (!ParseAssignments(&op->items, true, op)) return false;
  if (!ExpectIdent("on", "in make-series (aggregations on axis ...)")) return false;
  op->expr = ParseAdditive();  // not ParseExpr: `on T in range(...)` is not the `in` operator
  if (!ok()) return false;
  op->exprs.resize(std::max<size_t>(op->exprs.size(), op->items.size()));
  ExprPtr from, to, step;
  if (AcceptIdent("in")) {
    if (!ExpectIdent("range", "after 'in'")) return false;
    if (!ExpectPunct("(", "after 'range'")) return false;
    from = ParseExpr();
    if (!ok() || !ExpectPunct(",", "in range(start, stop, step)")) return false;
    to = ParseExpr();
    if (!ok() || !ExpectPunct(",", "in range(start, stop, step)")) return false;
    step = ParseExpr();
    if (!ok() || !ExpectPunct(")", "to close range(...)")) return false;
  } else {
    if (AcceptIdent("from")) {
      from = ParseExpr();
      if (!ok()) return false;
    }
    if (AcceptIdent("to")) {
      to = ParseExpr();
      if (!ok()) return false;
    }
    if (!ExpectIdent("step", "in make-series")) return false;
    step = ParseExpr();
    if (!ok()) return false;
  }
  op->subqueries.clear();
  op->options["__from"] = from;
  op->options["__to"] = to;
  op->options["__step"] = step;
  if (AcceptIdent("by")) return ParseAssignments(&op->by);
  return ok();
}

bool Parser::ParseTopNested(Operator* op) {
  while (ok()) {
    Operator level;
    level.kind = OpKind::kTopNested;
    level.span = Peek().span;
    if (!AtIdent("of")) {
      level.expr = ParseUnary();
      if (!ok()) return false;
    }
    if (!ExpectIdent("of", "in top-nested")) return false;
    Assignment key;
    if (!ParseAssignment(&key)) return false;
    level.items.push_back(key);
    if (AcceptIdent("with")) {
      if (!ExpectIdent("others", "after 'with'") || !ExpectPunct("=", "after 'others'")) {
        return false;
      }
      level.expr2 = ParseExpr();
      if (!ok()) return false;
    }
    if (!ExpectIdent("by", "in top-nested")) return false;
    Assignment agg;
    if (!ParseAssignment(&agg)) return false;
    level.by.push_back(agg);
    SortKey order;
    if (AcceptIdent("asc")) order.descending = false;
    else AcceptIdent("desc");
    level.sort.push_back(order);
    op->nested.push_back(std::move(level));
    if (!AcceptPunct(",")) break;
    if (!ExpectIdent("top-nested", "after ',' in top-nested")) return false;
  }
  return ok();
}

bool Parser::ParseSource(Operator* op) {
  Token kw = Advance();
  op->name = kw.text;
  if (kw.text == "datatable") {
    op->kind = OpKind::kDatatable;
    return ParseDatatable(op);
  }
  if (kw.text == "print") {
    op->kind = OpKind::kPrint;
    return ParseAssignments(&op->items);
  }
  if (kw.text == "range") {
    op->kind = OpKind::kRange;
    return ParseRange(op);
  }
  if (kw.text == "union") {
    op->kind = OpKind::kUnion;
    return ParseUnionLegs(op);
  }
  if (kw.text == "externaldata" || kw.text == "inline_external_table") {
    op->kind = OpKind::kExternal;
    SkipToPipe();
    if (AtIdent("with")) SkipToPipe();
    return ok();
  }
  if (kw.text == "search") {
    op->kind = OpKind::kSearch;
    if (!ParseOptions(op, {"kind"})) return false;
    if (AcceptIdent("in")) {
      if (!ExpectPunct("(", "after 'search in'")) return false;
      if (!ParsePatternList(&op->columns)) return false;
      if (!ExpectPunct(")", "to close 'search in (...)'")) return false;
    }
    op->expr = ParseExpr();
    return ok();
  }
  if (kw.text == "evaluate") {
    op->kind = OpKind::kEvaluate;
    if (!ParseOptions(op, {})) return false;
    op->expr = ParsePostfix();
    return ok();
  }
  op->kind = OpKind::kFind;
  SkipToPipe();
  return ok();
}

bool Parser::ParseOperator(Operator* op) {
  const Token& t = Peek();
  if (t.kind != TokenKind::kIdent) {
    FailHere("expected a tabular operator after '|'");
    return false;
  }
  std::string kw = Advance().text;
  op->name = kw;
  if (kw == "where" || kw == "filter") {
    op->kind = OpKind::kWhere;
    op->expr = ParseExpr();
  } else if (kw == "project") {
    op->kind = OpKind::kProject;
    ParseAssignments(&op->items);
  } else if (kw == "extend") {
    op->kind = OpKind::kExtend;
    ParseAssignments(&op->items);
  } else if (kw == "project-away" || kw == "project-keep" || kw == "project-reorder") {
    op->kind = kw == "project-away"   ? OpKind::kProjectAway
               : kw == "project-keep" ? OpKind::kProjectKeep
                                      : OpKind::kProjectReorder;
    ParsePatternList(&op->columns);
  } else if (kw == "project-by-names") {
    // Kept as a reorder-like operator so column pruning reads every column (names may be data).
    op->kind = OpKind::kProjectReorder;
    while (ok()) {
      op->exprs.push_back(ParseExpr());
      if (!ok() || !AcceptPunct(",")) break;
    }
  } else if (kw == "project-rename") {
    op->kind = OpKind::kProjectRename;
    while (ok()) {
      auto to = ExpectName("for the new column name");
      if (!to || !ExpectPunct("=", "in 'project-rename new = old'")) return false;
      auto from = ExpectName("for the column to rename");
      if (!from) return false;
      op->renames.emplace_back(*to, *from);
      if (!AcceptPunct(",")) break;
    }
  } else if (kw == "summarize") {
    op->kind = OpKind::kSummarize;
    if (!ParseOptions(op, {})) return false;
    if (!AtIdent("by")) ParseAssignments(&op->items);
    if (ok() && AcceptIdent("by")) ParseAssignments(&op->by);
  } else if (kw == "count") {
    op->kind = OpKind::kCount;
  } else if (kw == "take" || kw == "limit") {
    op->kind = OpKind::kTake;
    if (!ParseOptions(op, {})) return false;
    op->expr = ParseExpr();
  } else if (kw == "top") {
    op->kind = OpKind::kTop;
    if (!ParseOptions(op, {})) return false;
    op->expr = ParseAdditive();
    if (ok() && ExpectIdent("by", "after the row count of 'top'")) ParseSortKeys(&op->sort);
  } else if (kw == "sort" || kw == "order") {
    op->kind = OpKind::kSort;
    if (!ParseOptions(op, {})) return false;
    if (ExpectIdent("by", "after '" + kw + "'")) ParseSortKeys(&op->sort);
  } else if (kw == "distinct") {
    op->kind = OpKind::kDistinct;
    if (!ParseOptions(op, {})) return false;
    if (AtPunct("*")) {
      Advance();
      op->columns.push_back("*");
    } else {
      ParseAssignments(&op->items);
    }
  } else if (kw == "getschema") {
    op->kind = OpKind::kGetschema;
  } else if (kw == "as") {
    op->kind = OpKind::kAs;
    if (!ParseOptions(op, {})) return false;
    auto name = ExpectName("after 'as'");
    if (!name) return false;
    op->columns.push_back(*name);
  } else if (kw == "render") {
    op->kind = OpKind::kRender;
    SkipToPipe();
  } else if (kw == "serialize") {
    op->kind = OpKind::kSerialize;
    if (Peek().kind == TokenKind::kIdent || AtPunct("[")) ParseAssignments(&op->items);
  } else if (kw == "join" || kw == "lookup") {
    op->kind = kw == "join" ? OpKind::kJoin : OpKind::kLookup;
    ParseJoin(op);
  } else if (kw == "union") {
    op->kind = OpKind::kUnion;
    ParseUnionLegs(op);
  } else if (kw == "mv-expand" || kw == "mvexpand" || kw == "mv-apply") {
    op->kind = kw == "mv-apply" ? OpKind::kMvApply : OpKind::kMvExpand;
    ParseMvExpand(op);
  } else if (kw == "parse" || kw == "parse-where") {
    op->kind = kw == "parse" ? OpKind::kParse : OpKind::kParseWhere;
    ParseParse(op);
  } else if (kw == "make-series") {
    op->kind = OpKind::kMakeSeries;
    ParseMakeSeries(op);
  } else if (kw == "top-nested") {
    op->kind = OpKind::kTopNested;
    ParseTopNested(op);
  } else if (kw == "sample") {
    op->kind = OpKind::kSample;
    op->expr = ParseExpr();
  } else if (kw == "sample-distinct") {
    op->kind = OpKind::kSampleDistinct;
    op->expr = ParseAdditive();
    if (ok() && ExpectIdent("of", "in 'sample-distinct N of column'")) op->expr2 = ParseExpr();
  } else if (kw == "search") {
    op->kind = OpKind::kSearch;
    if (!ParseOptions(op, {"kind"})) return false;
    op->expr = ParseExpr();
  } else if (kw == "evaluate") {
    op->kind = OpKind::kEvaluate;
    if (!ParseOptions(op, {})) return false;
    op->expr = ParsePostfix();
    // An output schema: `evaluate plugin(...) : (*, Name:type, ...)`.
    if (ok() && AcceptPunct(":")) {
      if (!ExpectPunct("(", "to start the output schema")) return false;
      while (ok() && !AtPunct(")")) {
        if (AcceptPunct("*")) {
          op->columns.push_back("*");
          op->column_types.push_back(std::nullopt);
        } else {
          auto name = ExpectName("for an output column");
          if (!name || !ExpectPunct(":", "and a type after the column name")) return false;
          auto type = ParseTypeName();
          if (!type) return false;
          op->columns.push_back(*name);
          op->column_types.push_back(type);
        }
        if (!AcceptPunct(",")) break;
      }
      if (!ExpectPunct(")", "to close the output schema")) return false;
    }
  } else if (kw == "invoke") {
    op->kind = OpKind::kInvoke;
    op->expr = ParsePostfix();
  } else if (kw == "consume") {
    op->kind = OpKind::kConsume;
    SkipToPipe();
  } else if (kw == "parse-kv") {
    op->kind = OpKind::kParseKv;
    op->expr = ParseExpr();
    if (!ok() || !ExpectIdent("as", "in 'parse-kv Text as (key:type, ...)'") ||
        !ExpectPunct("(", "to start the parse-kv key list")) {
      return false;
    }
    while (ok() && !AtPunct(")")) {
      auto name = ExpectName("for a parse-kv key");
      if (!name || !ExpectPunct(":", "and a type after the key")) return false;
      auto type = ParseTypeName();
      if (!type) return false;
      op->columns.push_back(*name);
      op->column_types.push_back(type);
      if (!AcceptPunct(",")) break;
    }
    if (!ExpectPunct(")", "to close the parse-kv key list")) return false;
    if (AcceptIdent("with")) {
      if (!ExpectPunct("(", "after 'with'")) return false;
      while (ok() && !AtPunct(")")) {
        auto name = ExpectName("for a parse-kv option");
        if (!name || !ExpectPunct("=", "after the option name")) return false;
        op->options[*name] = ParseUnary();
        if (!AcceptPunct(",")) break;
      }
      if (!ExpectPunct(")", "to close the parse-kv options")) return false;
    }
  } else if (kw == "fork" || kw == "facet" || kw == "partition" ||
             kw == "top-hitters" || kw == "make-graph" || kw == "graph-match" ||
             kw == "scan" || kw == "reduce" || kw == "project-smart" || kw == "find" ||
             kw == "lookup-kv" || kw == "graph-to-table" || kw == "graph-shortest-paths" ||
             kw == "graph-mark-components" || kw == "graph-merge" || kw == "make-table" ||
             kw == "execute-and-cache" || kw == "assert-schema") {
    op->kind = OpKind::kUnsupported;
    SkipToPipe();
  } else {
    if (IsSourceKeyword(0) || kw == "print" || kw == "datatable" || kw == "range") {
      Fail(t.span, "'" + kw + "' starts a query; it cannot follow '|'");
    } else {
      Fail(t.span, "unknown tabular operator '" + kw + "'");
    }
    return false;
  }
  return ok();
}

}  // namespace quarry::kql
