// The parsed answers of the Kusto REST services (Log Analytics query API, Azure Data Explorer
// REST v2): the primary result table, warnings for partial errors, whether the service cut the
// result at its size limit; and the OneAPI error object of a failed request.
//
// Pure functions; thread-safe. Shapes are documented beside each parser:
// loganalytics_response.h and adx_response.h.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "table/table.h"
#include "table/value.h"

namespace quarry::sources {

struct KustoResult {
  TablePtr primary;
  std::vector<std::string> warnings;  // partial errors and anything else the analyst should know
  bool truncated = false;             // the service stopped at its result-size limit
};

// What a failed request's body says: the OneAPI code and the most specific message found
// (innermost "innererror", or ADX's "@message"); both empty when the body is not such an error.
struct KustoServiceError {
  std::string code;
  std::string inner_code;
  std::string message;
};

// A OneAPI error object ({"code","message","innererror":{...},"details":[...]}) described by its
// most specific message.
KustoServiceError DescribeOneApiError(const Json& error);

// True when `text` is Kusto saying the result was cut at its size limit
// (E_QUERY_RESULT_SET_TOO_LARGE / 0x80DA0003 / "exceed the set limit").
bool IsResultLimitMessage(std::string_view text);

}  // namespace quarry::sources

namespace quarry::sources {

// The Status for a failed Kusto request, written for the analyst: 400 -> InvalidArgument (the
// query, with the service's message), 401 -> Unauthenticated, 403 -> PermissionDenied,
// 404 -> NotFound, 429 -> ResourceExhausted, 504 or a timeout code -> DeadlineExceeded, other
// 5xx -> Unavailable. `service` is "Log Analytics workspace <id>" or similar; `access_hint` says
// which role is needed ("Log Analytics Reader").
Status KustoRequestFailed(const std::string& service, int http_status,
                          const KustoServiceError& error, const std::string& access_hint);

}  // namespace quarry::sources
