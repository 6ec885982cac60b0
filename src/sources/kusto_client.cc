#include "sources/kusto_client.h"

#include <fmt/core.h>

#include "common/time.h"

namespace quarry::sources {

Result<KustoResult> PostKustoQuery(net::HttpClient& http, const std::string& token,
                                   const KustoEndpoint& endpoint, std::string body) {
  net::HttpRequest request;
  request.method = "POST";
  request.url = endpoint.url;
  request.headers = {{"Authorization", "Bearer " + token}};
  request.headers.insert(request.headers.end(), endpoint.headers.begin(), endpoint.headers.end());
  request.body = std::move(body);
  request.total_timeout = endpoint.timeout;
  Result<net::HttpResponse> response = http.Send(request);
  if (!response.ok()) {
    if (response.status().code() == StatusCode::kDeadlineExceeded) {
      return DeadlineExceeded(fmt::format(
          "{} did not answer within {:g}s; the query may be too broad: narrow the time range",
          endpoint.service, static_cast<double>(request.total_timeout.count()) / 1000.0));
    }
    return response.status().WithContext(endpoint.service);
  }
  if (response->status != 200) {
    return KustoRequestFailed(endpoint.service, response->status,
                              endpoint.parse_error(response->body), endpoint.access_hint);
  }
  Result<KustoResult> parsed = endpoint.parse(response->body);
  if (!parsed.ok()) {
    return Unavailable(fmt::format("{} sent an answer Quarry cannot read: {}", endpoint.service,
                                   parsed.status().message()));
  }
  return parsed;
}

Result<TablePtr> RunKustoQuery(
    net::TokenCredential& credential, const KustoRun& run, const QueryOptions& options,
    QueryStats* stats,
    const std::function<Result<KustoResult>(const std::optional<TimeWindow>&,
                                            const std::string& token)>& fetch) {
  const int64_t now = options.now_ticks.value_or(NowTicks());
  std::optional<TimeWindow> window;
  if (!run.timespan.empty()) {
    QUARRY_ASSIGN_OR_RETURN(window, ParseTimespanSetting(run.timespan, now));
  }
  PagingOptions paging;
  paging.row_cap = options.max_rows != 0 ? options.max_rows : run.row_cap;
  paging.max_pages = run.max_pages;
  paging.now_ticks = now;
  paging.service = run.service;
  // The token is asked for before every page: a long paged run can outlive one token, and a
  // caching credential answers from its cache until shortly before expiry.
  return FetchPaged(
      [&](const std::optional<TimeWindow>& w) -> Result<KustoResult> {
        QUARRY_ASSIGN_OR_RETURN(net::AccessToken token, credential.GetToken(run.resource));
        return fetch(w, token.token);
      },
      window, paging, stats);
}

}  // namespace quarry::sources
