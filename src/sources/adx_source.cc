#include "sources/adx_source.h"

#include <fmt/core.h>

#include "common/time.h"
#include "sources/adx_response.h"

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
  net::HttpRequest request;
  request.method = "POST";
  request.url = QueryUrl();
  request.headers = {{"Authorization", "Bearer " + token},
                     {"Content-Type", "application/json; charset=utf-8"},
                     {"Accept", "application/json"},
                     {"x-ms-app", "Quarry"}};
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
    return KustoRequestFailed(Describe(), response->status, ParseAdxError(response->body),
                              "the Viewer role on the database");
  }
  Result<KustoResult> parsed = ParseAdxV2Response(response->body);
  if (!parsed.ok()) {
    return Unavailable(fmt::format("{} sent an answer Quarry cannot read: {}", Describe(),
                                   parsed.status().message()));
  }
  return parsed;
}

Result<TablePtr> AdxSource::Query(std::string_view kql, const QueryOptions& options,
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
