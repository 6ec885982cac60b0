// The request flow Log Analytics and Azure Data Explorer share: post one query with a bearer
// token, turn HTTP failures into plain errors (kusto_response.h) and parse the answer; and run a
// query with sign-in, the configured timespan, paging and the row cap (kusto_paging.h).
// Thread-safe when the HttpClient and credential are.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "net/auth/token_credential.h"
#include "net/http_client.h"
#include "sources/kusto_paging.h"
#include "sources/kusto_response.h"
#include "sources/log_source.h"

namespace quarry::sources {

struct KustoEndpoint {
  std::string service;  // "Log Analytics workspace <id>", for messages
  std::string url;
  net::Headers headers;  // besides Authorization
  std::chrono::milliseconds timeout{0};
  std::string access_hint;  // the role a 403 asks for
  std::function<Result<KustoResult>(std::string_view)> parse;
  std::function<KustoServiceError(std::string_view)> parse_error;
};

Result<KustoResult> PostKustoQuery(net::HttpClient& http, const std::string& token,
                                   const KustoEndpoint& endpoint, std::string body);

struct KustoRun {
  std::string service;
  std::string resource;  // token audience
  std::string timespan;  // configured timespan setting, may be empty
  size_t row_cap = 0;    // used when QueryOptions::max_rows is 0
  int max_pages = 256;
};

// Resolves the timespan and pages `fetch` (one request for a window and a token), asking
// `credential` for the token before each page.
Result<TablePtr> RunKustoQuery(
    net::TokenCredential& credential, const KustoRun& run, const QueryOptions& options,
    QueryStats* stats,
    const std::function<Result<KustoResult>(const std::optional<TimeWindow>&,
                                            const std::string& token)>& fetch);

}  // namespace quarry::sources
