// LogAnalyticsSource: runs KQL in an Azure Log Analytics workspace (Microsoft Sentinel's data)
// through the query API: POST {endpoint}/v1/workspaces/{id}/query with
// {"query": ..., "timespan": ISO 8601} and an Entra ID bearer token for
// https://api.loganalytics.io.
//
// Throttling (429, Retry-After) and transient 5xx are retried by the HttpClient; what remains is
// reported plainly (kusto_response.h). "Prefer: wait=N" asks the service for a server-side time
// limit of N seconds. Partial errors become notes in QueryStats. A result the service cut at its
// size limit is fetched again page by page over time windows (kusto_paging.h) up to the row cap
// (QueryOptions::max_rows, else the config's row_cap), which the notes state.
//
// Thread-safe: Query() may run from several threads (the credential and HttpClient are).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "net/auth/token_credential.h"
#include "net/http_client.h"
#include "sources/kusto_paging.h"
#include "sources/kusto_response.h"
#include "sources/log_source.h"

namespace quarry::sources {

inline constexpr char kLogAnalyticsEndpoint[] = "https://api.loganalytics.io";

struct LogAnalyticsConfig {
  std::string workspace_id;                      // the workspace (customer) id, a GUID
  std::string endpoint = kLogAnalyticsEndpoint;  // sovereign clouds and tests change it
  std::string resource = kLogAnalyticsEndpoint;  // the token audience
  std::string timespan;  // "P1D" or "start/end"; empty: only the query's own time filters
  std::chrono::seconds server_timeout{180};
  // How long to wait for an answer; 0: server_timeout + 30 s.
  std::chrono::milliseconds client_timeout{0};
  size_t row_cap = 1'000'000;
  int max_pages = 256;
};

class LogAnalyticsSource : public LogSource {
 public:
  // REQUIRES: credential and http non-null.
  LogAnalyticsSource(LogAnalyticsConfig config, std::shared_ptr<net::TokenCredential> credential,
                     std::shared_ptr<net::HttpClient> http);

  std::string Describe() const override;
  Result<TablePtr> Query(std::string_view kql, const QueryOptions& options,
                         QueryStats* stats = nullptr) override;

  // The URL queries are posted to.
  std::string QueryUrl() const;

 private:
  Result<KustoResult> FetchOnce(std::string_view kql, const std::optional<TimeWindow>& window,
                                const std::string& token);

  LogAnalyticsConfig config_;
  std::shared_ptr<net::TokenCredential> credential_;
  std::shared_ptr<net::HttpClient> http_;
};

}  // namespace quarry::sources
