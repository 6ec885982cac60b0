// KQL parser: text -> Query (let/set statements and a final tabular expression).
//
// Covers the query syntax used by hunting queries: let (scalar, tabular, lambda functions with
// typed and tabular parameters, defaults), pipes, every tabular operator Quarry knows (see
// ast.h OpKind; externaldata and management commands are parsed only to be rejected), Kusto
// precedence (or < and < comparisons/string operators < + - < * / % < unary < postfix), all
// literal forms. Never throws and never crashes: errors come back as a Diagnostic at the first
// offending token (nesting deeper than a fixed limit is an error, not a stack overflow).
// Pure function; thread-safe.
#pragma once

#include <string_view>

#include "common/status.h"
#include "kql/ast.h"

namespace quarry::kql {

// On error, `diagnostic` (if given) receives the position and message; the returned Status holds
// the rendered message with a caret.
Result<QueryPtr> ParseQuery(std::string_view text, Diagnostic* diagnostic = nullptr);

// Parses one scalar expression (tests and tools).
Result<ExprPtr> ParseExpression(std::string_view text, Diagnostic* diagnostic = nullptr);

}  // namespace quarry::kql
