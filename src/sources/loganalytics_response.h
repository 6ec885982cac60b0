// Parsers for the Azure Monitor Log Analytics query API (POST /v1/workspaces/{id}/query).
//
// Success (HTTP 200), as documented in "Azure Monitor Log Analytics API response format":
//   {"tables":[{"name":"PrimaryResult","columns":[{"name":"Category","type":"string"},...],
//               "rows":[["Administrative",20839],...]}]}
// A non-fatal error still answers 200 and adds an "error" object beside the tables
// ({"code":"PartialError","message":...,"details":[{"code":...,"message":...,
//   "innererror":{"code":...,"message":...}}]}); it becomes a warning, and a result-size limit
// in it sets `truncated`. A fatal error answers 4xx/5xx with {"error":{"code","message",
// "innererror":{...}}}.
//
// Pure functions; thread-safe.
#pragma once

#include <string_view>

#include "common/status.h"
#include "sources/kusto_response.h"

namespace quarry::sources {

// The PrimaryResult table (or the first table), typed. InvalidArgument for a body that is not
// a query result.
Result<KustoResult> ParseLogAnalyticsResponse(std::string_view body);

// The error object of a failed request's body.
KustoServiceError ParseLogAnalyticsError(std::string_view body);

}  // namespace quarry::sources
