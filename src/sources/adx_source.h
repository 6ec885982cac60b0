// AdxSource: runs KQL in an Azure Data Explorer database through the REST API v2:
// POST {cluster}/v2/rest/query with {"db": ..., "csl": ..., "properties": {"Options": {...}}}
// and an Entra ID bearer token whose audience is the cluster URL.
//
// Same behaviour as LogAnalyticsSource: retries in the HttpClient, plain errors, partial errors
// as notes, paging by time window when the result is cut — here through the client request
// properties query_datetimescope_column / _from / _to, which bound every table's time column
// (config.time_column, "TimeGenerated" by default) — and a stated row cap.
//
// Thread-safe: Query() may run from several threads.
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

struct AdxConfig {
  std::string cluster_url;  // "https://mycluster.westeurope.kusto.windows.net"
  std::string database;
  std::string resource;  // token audience; empty: the cluster URL
  std::string time_column = "TimeGenerated";
  std::string timespan;  // as LogAnalyticsConfig::timespan
  std::chrono::seconds server_timeout{240};
  // How long to wait for an answer; 0: server_timeout + 30 s.
  std::chrono::milliseconds client_timeout{0};
  size_t row_cap = 1'000'000;
  int max_pages = 256;
};

class AdxSource : public LogSource {
 public:
  // REQUIRES: credential and http non-null.
  AdxSource(AdxConfig config, std::shared_ptr<net::TokenCredential> credential,
            std::shared_ptr<net::HttpClient> http);

  std::string Describe() const override;
  Result<TablePtr> Query(std::string_view kql, const QueryOptions& options,
                         QueryStats* stats = nullptr) override;

  std::string QueryUrl() const;

 private:
  Result<KustoResult> FetchOnce(std::string_view kql, const std::optional<TimeWindow>& window,
                                const std::string& token);

  AdxConfig config_;
  std::shared_ptr<net::TokenCredential> credential_;
  std::shared_ptr<net::HttpClient> http_;
};

}  // namespace quarry::sources
