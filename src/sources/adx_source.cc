#include "sources/adx_source.h"

#include <fmt/core.h>

#include "common/time.h"
#include "sources/adx_response.h"
#include "sources/kusto_client.h"
#include "common/json_text.h"

namespace quarry::sources {
namespace {

std::string TrimSlash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

AdxSource::AdxSource(AdxConfig config, std::shared_ptr<net::TokenCredential> credential,
                     std::shared_ptr<net::HttpClient> http)
    : config_(std::move(config)), credential_(std::move(credential)), http_(std::move(http)) {
  config_.cluster_url = TrimSlash(config_.cluster_url);
  if (config_.resource.empty()) config_.resource = config_.cluster_url;
}

std::string AdxSource::Describe() const {
  return fmt::format("Azure Data Explorer database {} at {}", config_.database,
                     config_.cluster_url);
}

std::string AdxSource::QueryUrl() const {
  return config_.cluster_url + "/v2/rest/query";
}

Result<KustoResult> AdxSource::FetchOnce(std::string_view kql,
                                         const std::optional<TimeWindow>& window,
                                         const std::string& token) {
  Json options = {
      {"servertimeout", FormatTimespan(config_.server_timeout.count() * kTicksPerSecond)}};
  if (window) {
    options["query_datetimescope_column"] = config_.time_column;
    options["query_datetimescope_from"] = FormatDatetime(window->start_ticks);
    options["query_datetimescope_to"] = FormatDatetime(window->end_ticks);
  }
  Json body = {
      {"db", config_.database}, {"csl", std::string(kql)}, {"properties", {{"Options", options}}}};
  KustoEndpoint endpoint;
  endpoint.service = Describe();
  endpoint.url = QueryUrl();
  endpoint.headers = {{"Content-Type", "application/json; charset=utf-8"},
                      {"Accept", "application/json"},
                      {"x-ms-app", "Quarry"}};
  endpoint.timeout =
      config_.client_timeout.count() > 0
          ? config_.client_timeout
          : std::chrono::milliseconds(config_.server_timeout) + std::chrono::seconds(30);
  endpoint.access_hint = "the Viewer role on the database";
  endpoint.parse = ParseAdxV2Response;
  endpoint.parse_error = ParseAdxError;
  return PostKustoQuery(*http_, token, endpoint, JsonText(body));
}

Result<TablePtr> AdxSource::Query(std::string_view kql, const QueryOptions& options,
                                  QueryStats* stats) {
  KustoRun run{Describe(), config_.resource, config_.timespan, config_.row_cap, config_.max_pages};
  return RunKustoQuery(*credential_, run, options, stats,
                       [&](const std::optional<TimeWindow>& w, const std::string& token) {
                         return FetchOnce(kql, w, token);
                       });
}

}  // namespace quarry::sources
