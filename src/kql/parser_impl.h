// Internal to the parser (parser.cc, parser_ops.cc): the recursive-descent Parser class.
// Not thread-safe; one instance per parse.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kql/ast.h"
#include "kql/lexer.h"

namespace quarry::kql {

class Parser {
 public:
  explicit Parser(std::string_view text);

  QueryPtr ParseTopLevel();
  ExprPtr ParseSingleExpression();
  const std::optional<Diagnostic>& error() const { return error_; }

 private:
  friend class DepthGuard;

  // Token access.
  const Token& Peek(size_t ahead = 0) const;
  const Token& Advance();
  bool AtPunct(std::string_view p, size_t ahead = 0) const { return Peek(ahead).IsPunct(p); }
  bool AtIdent(std::string_view w, size_t ahead = 0) const { return Peek(ahead).IsIdent(w); }
  bool AtEnd() const { return Peek().kind == TokenKind::kEnd; }
  bool AcceptPunct(std::string_view p);
  bool AcceptIdent(std::string_view w);
  bool ExpectPunct(std::string_view p, std::string_view context);
  bool ExpectIdent(std::string_view w, std::string_view context);
  std::optional<std::string> ExpectName(std::string_view context);
  bool ok() const { return !error_.has_value(); }
  std::nullptr_t Fail(Span span, std::string message);
  std::nullptr_t FailHere(std::string message);
  std::string Describe(const Token& t) const;

  // Statements (parser.cc).
  QueryPtr ParseBody(bool braced);
  bool ParseStatement(Query* q);
  bool ParseParams(std::vector<Param>* params);
  std::optional<Type> ParseTypeName();
  // After `declare`, at `pattern` (parser_pattern.cc).
  bool ParsePattern(Statement* st);
  bool ParsePatternMapping(const Statement& pattern, PatternMapping* m);

  // Expressions (parser.cc).
  ExprPtr ParseExprOrPipeline();
  ExprPtr ParseExpr();
  ExprPtr ParseOr();
  ExprPtr ParseAnd();
  ExprPtr ParseCompare();
  ExprPtr ParseAdditive();
  ExprPtr ParseMultiplicative();
  ExprPtr ParseUnary();
  ExprPtr ParsePostfix();
  ExprPtr ParsePrimary();
  ExprPtr ParseCallArgs(std::string name, Span name_span);
  ExprPtr ParseListOperand(ExprPtr lhs, const std::string& op, Span op_span);
  ExprPtr ParseTypedLiteral(const Token& type_token);
  ExprPtr ParseRawLiteral(const Token& t);
  std::optional<Json> ParseJsonValue();
  ExprPtr MakeLiteral(Span span, Value v);

  // Tabular (parser_ops.cc).
  // With continue_pipes=false only turns `source` into a pipeline (no `| op` after it).
  PipelinePtr ParsePipelineFrom(ExprPtr source, bool continue_pipes = true);
  bool IsSourceKeyword(size_t ahead = 0) const;
  ExprPtr ParseSourceAsExpr();
  bool ParseSource(Operator* op);
  bool ParseOperator(Operator* op);
  bool ParseOptions(Operator* op, std::initializer_list<std::string_view> allowed);
  bool ParseAssignments(std::vector<Assignment>* out, bool allow_default = false,
                        Operator* op = nullptr);
  bool ParseAssignment(Assignment* a);
  bool ParseSortKeys(std::vector<SortKey>* out);
  std::optional<std::string> ParseColumnPattern();
  bool ParsePatternList(std::vector<std::string>* out);
  PipelinePtr ParseSubquery(std::string_view context);
  PipelinePtr ParseSourcelessPipeline();
  bool ParseDatatable(Operator* op);
  bool ParseRange(Operator* op);
  bool ParseUnionLegs(Operator* op);
  bool ParseJoin(Operator* op);
  bool ParseMvExpand(Operator* op);
  bool ParseParse(Operator* op);
  bool ParseMakeSeries(Operator* op);
  bool ParseTopNested(Operator* op);
  void SkipToPipe();

  std::string_view text_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
  std::optional<Diagnostic> error_;
};

// Bounds recursion so that deeply nested input is an error, not a stack overflow.
class DepthGuard {
 public:
  explicit DepthGuard(Parser* p) : p_(p) { ++p_->depth_; }
  ~DepthGuard() { --p_->depth_; }
  bool TooDeep() const { return p_->depth_ > 150; }

 private:
  Parser* p_;
};

}  // namespace quarry::kql
