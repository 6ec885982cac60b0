#include "sources/loganalytics_source.h"

#include <fmt/core.h>

#include "common/time.h"
#include "net/auth/token_response.h"
#include "sources/kusto_client.h"
#include "sources/loganalytics_response.h"
#include "common/json_text.h"

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
  KustoEndpoint endpoint;
  endpoint.service = Describe();
  endpoint.url = QueryUrl();
  endpoint.headers = {{"Content-Type", "application/json"},
                      {"Accept", "application/json"},
                      {"Prefer", fmt::format("wait={}", config_.server_timeout.count())}};
  endpoint.timeout =
      config_.client_timeout.count() > 0
          ? config_.client_timeout
          : std::chrono::milliseconds(config_.server_timeout) + std::chrono::seconds(30);
  endpoint.access_hint = "the Log Analytics Reader role on the workspace";
  endpoint.parse = ParseLogAnalyticsResponse;
  endpoint.parse_error = ParseLogAnalyticsError;
  return PostKustoQuery(*http_, token, endpoint, JsonText(body));
}

Result<TablePtr> LogAnalyticsSource::Query(std::string_view kql, const QueryOptions& options,
                                           QueryStats* stats) {
  KustoRun run{Describe(), config_.resource, config_.timespan, config_.row_cap, config_.max_pages};
  return RunKustoQuery(*credential_, run, options, stats,
                       [&](const std::optional<TimeWindow>& w, const std::string& token) {
                         return FetchOnce(kql, w, token);
                       });
}

}  // namespace quarry::sources
