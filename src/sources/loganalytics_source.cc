#include "sources/loganalytics_source.h"

#include <fmt/core.h>

#include "common/time.h"
#include "net/auth/token_response.h"
#include "sources/loganalytics_response.h"

namespace quarry::sources {
namespace {

std::string TrimSlash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

LogAnalyticsSource::LogAnalyticsSource(LogAnalyticsConfig config,
                                       std::shared_ptr<net::TokenCredential> credential,
                                       std::shared_ptr<net::HttpClient> http)
    : config_(std::move(config)), credential_(std::move(credential)), http_(std::move(http)) {}

std::string LogAnalyticsSource::Describe() const {
  return "Log Analytics workspace " + config_.workspace_id;
}

std::string LogAnalyticsSource::QueryUrl() const {
  return fmt::format("{}/v1/workspaces/{}/query", TrimSlash(config_.endpoint),
                     net::UrlEncode(config_.workspace_id));
}

Result<KustoResult> LogAnalyticsSource::FetchOnce(std::string_view kql,
                                                  const std::optional<TimeWindow>& window,
                                                  const std::string& token) {
  Json body = {{"query", std::string(kql)}};
  if (window) body["timespan"] = FormatIsoInterval(*window);
  net::HttpRequest request;
  request.method = "POST";
  request.url = QueryUrl();
  request.headers = {{"Authorization", "Bearer " + token},
                     {"Content-Type", "application/json"},
                     {"Accept", "application/json"},
                     {"Prefer", fmt::format("wait={}", config_.server_timeout.count())}};
  request.body = body.dump();
  request.total_timeout =
      config_.client_timeout.count() > 0
          ? config_.client_timeout
          : std::chrono::milliseconds(config_.server_timeout) + std::chrono::seconds(30);
  Result<net::HttpResponse> response = http_->Send(request);
  if (!response.ok()) {
    if (response.status().code() == StatusCode::kDeadlineExceeded) {
      return DeadlineExceeded(fmt::format(
          "{} did not answer within {:g}s; the query may be too broad: narrow the time range",
          Describe(), static_cast<double>(request.total_timeout.count()) / 1000.0));
    }
    return response.status().WithContext(Describe());
  }
  if (response->status != 200) {
    return KustoRequestFailed(Describe(), response->status, ParseLogAnalyticsError(response->body),
                              "the Log Analytics Reader role on the workspace");
  }
  Result<KustoResult> parsed = ParseLogAnalyticsResponse(response->body);
  if (!parsed.ok()) {
    return Unavailable(fmt::format("{} sent an answer Quarry cannot read: {}", Describe(),
                                   parsed.status().message()));
  }
  return parsed;
}

Result<TablePtr> LogAnalyticsSource::Query(std::string_view kql, const QueryOptions& options,
                                           QueryStats* stats) {
  const int64_t now = options.now_ticks.value_or(NowTicks());
  std::optional<TimeWindow> window;
  if (!config_.timespan.empty()) {
    QUARRY_ASSIGN_OR_RETURN(window, ParseTimespanSetting(config_.timespan, now));
  }
  Result<net::AccessToken> token = credential_->GetToken(config_.resource);
  if (!token.ok()) return token.status();
  PagingOptions paging;
  paging.row_cap = options.max_rows != 0 ? options.max_rows : config_.row_cap;
  paging.max_pages = config_.max_pages;
  paging.now_ticks = now;
  paging.service = Describe();
  const std::string bearer = token->token;
  return FetchPaged([&](const std::optional<TimeWindow>& w) { return FetchOnce(kql, w, bearer); },
                    window, paging, stats);
}

}  // namespace quarry::sources
