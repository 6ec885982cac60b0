// The KQL abstract syntax tree. Every node carries the Span of the text it came from, so the
// binder and executor can point at the exact spot of an error.
//
// Expressions are one node type (Expr) with a kind; operators (==, has, in, between, +, unary -)
// are calls named by their KQL spelling, as the function registry names them. A tabular
// expression is a Pipeline: a source operator (table, datatable, print, range, union, ...)
// followed by piped operators. A Query is `let`/`set` statements and a final expression.
//
// Trees are built once by the parser and then read-only; share them freely between threads.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kql/diagnostic.h"
#include "table/value.h"

namespace quarry::kql {

struct Expr;
struct Pipeline;
struct Query;
using ExprPtr = std::shared_ptr<const Expr>;
using PipelinePtr = std::shared_ptr<const Pipeline>;
using QueryPtr = std::shared_ptr<const Query>;

enum class ExprKind {
  kLiteral,   // value
  kName,      // a column, let-bound name or table: name
  kCall,      // name(args): functions and operators ("==", "has", "in", "between", "-" unary)
  kMember,    // args[0].name
  kIndex,     // args[0][args[1]]
  kStar,      // `*` as an argument (arg_max(x, *), count(*))
  kTabular,   // a pipeline used as a value: pipeline
  kNamedArg,  // name = args[0] inside a call's argument list
  kTypeName,  // typeof(long) and `to typeof(string)`: value holds a null of that type
};

struct Expr {
  ExprKind kind = ExprKind::kLiteral;
  Span span;
  std::string name;
  Value value;
  std::vector<ExprPtr> args;
  PipelinePtr pipeline;
};

// `name = expr`, `(a, b) = expr` or a bare `expr` in project/extend/summarize lists.
struct Assignment {
  std::vector<std::string> names;
  ExprPtr expr;
  Span span;
};

struct SortKey {
  ExprPtr expr;
  bool descending = true;            // Kusto's default for sort/top is desc
  std::optional<bool> nulls_first;   // default: first for asc, last for desc
};

// parse / parse-where pattern element: a literal to match or a column to capture.
struct ParsePart {
  bool is_literal = false;
  std::string text;  // literal text, or the column name ("" for `*`)
  std::optional<Type> type;
};

enum class OpKind {
  // Sources.
  kTable, kDatatable, kPrint, kRange, kUnion, kCallSource, kParens, kSearch, kFind, kEvaluate,
  kExternal,
  // Piped operators.
  kWhere, kProject, kProjectAway, kProjectKeep, kProjectRename, kProjectReorder, kExtend,
  kSummarize, kCount, kTake, kTop, kSort, kDistinct, kGetschema, kAs, kRender, kSerialize, kJoin,
  kLookup, kMvExpand, kMvApply, kParse, kParseWhere, kMakeSeries, kTopNested, kSample,
  kSampleDistinct, kInvoke, kConsume, kFork, kFacet, kPartition, kParseKv, kTopHitters,
  kUnsupported,
};

struct Operator {
  OpKind kind = OpKind::kTable;
  Span span;
  std::string name;                          // spelling ("where", "order", table name, ...)
  std::map<std::string, ExprPtr> options;    // kind=, withsource=, hint.strategy=, ...
  std::vector<Assignment> items;             // project/extend/summarize aggregations/print/...
  std::vector<Assignment> by;                // summarize/make-series/top-nested keys
  std::vector<SortKey> sort;                 // sort/top keys
  std::vector<std::string> columns;          // project-away patterns, datatable names, ...
  std::vector<std::optional<Type>> column_types;  // datatable / parse typed columns
  std::vector<std::pair<std::string, std::string>> renames;  // project-rename new <- old
  std::vector<ExprPtr> exprs;                // take count, datatable values, range from/to/step, ...
  std::vector<PipelinePtr> subqueries;       // join/lookup right side, union legs, ...
  std::vector<ParsePart> parse_parts;
  ExprPtr expr;                              // where predicate, take/top/sample count, ...
  ExprPtr expr2;                             // join/lookup `on` condition, mv-expand limit, ...
  std::vector<Operator> nested;              // top-nested levels
};

struct Pipeline {
  Span span;
  std::vector<Operator> ops;  // ops[0] is the source
};

struct Param {
  std::string name;
  std::optional<Type> type;
  bool tabular = false;
  ExprPtr default_value;
  Span span;
};

// One mapping of a `declare pattern`: `("v1", "v2").["path"] = { body }`.
struct PatternMapping {
  Span span;
  std::vector<std::string> values;  // one per pattern argument
  std::optional<std::string> path;  // set exactly when the pattern declares a path argument
  QueryPtr body;                    // the tabular expression the tuple maps to
};

struct Statement {
  // kDeclare: `declare query_parameters(...)` and `alias`, read and skipped.
  enum class Kind { kLet, kSet, kDeclare, kPattern };
  Kind kind = Kind::kLet;
  Span span;
  std::string name;
  ExprPtr value;                 // let x = value (scalar or kTabular); set x = value
  bool is_function = false;      // let f = (params) { body }
  std::vector<Param> params;     // a function's parameters; a pattern's arguments
  QueryPtr body;
  // declare pattern name = (params) [path_param] { mappings }; an empty pattern
  // (`declare pattern name;`) has no params and no mappings.
  std::optional<Param> path_param;
  std::vector<PatternMapping> mappings;
};

struct Query {
  Span span;
  std::vector<Statement> statements;
  ExprPtr result;  // the final expression (tabular at top level); may be null for an empty body
};

// Compact tree dump for tests: "(where (table T) (> (col a) 1))".
std::string DumpExpr(const Expr& e);
std::string DumpPipeline(const Pipeline& p);
std::string DumpQuery(const Query& q);

}  // namespace quarry::kql
