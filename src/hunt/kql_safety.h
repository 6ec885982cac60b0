// KQL safety check: refuses any query that reaches outside the data Quarry was pointed at or
// changes the service — `externaldata` / `external_data`, cross-resource functions
// (`workspace()`, `cluster()`, `database()`, `app()`, `resource()`), request plugins
// (`evaluate http_request`, `sql_request`, ...) and management commands (`.show`, `.set`,
// `.drop` ...). It applies to every query Quarry runs: built from a plan, a pivot, or typed by
// a user into `quarry query`.
//
// Until the KQL parser is wired in, this is a careful token-level scan: string literals (all
// Kusto forms: "..", '..', @"..", h"..", ```..```) and comments are skipped, so a host name like
// `cluster("x")` inside a string is data, not a call. Pure function; thread-safe.
#pragma once

#include <string_view>

#include "common/status.h"

namespace quarry::hunt {

// OK, or PermissionDenied saying what was found, where (line:column) and why it is refused.
Status CheckKqlSafety(std::string_view kql);

}  // namespace quarry::hunt
