// QueryService: the Log Analytics query API over a local catalog, independent of HTTP.
//
// Handle() takes the JSON body of POST /v1/workspaces/{id}/query ({"query": KQL, "timespan":
// ISO 8601 duration or interval, optional}) and answers with an HTTP status and a body in the
// API's shapes (log_analytics_json.h). Every query passes the same KQL safety check as
// `quarry query` (hunt/kql_safety.h) before it runs. The timespan scopes every table by its
// TimeGenerated/Timestamp column (analytics/windowed_catalog.h). Queries run on worker threads:
// at most `max_concurrent` at once (more is 429 with Retry-After), each allowed `time_limit`
// (longer is 504 GatewayTimeout; the worker finishes in the background and keeps its slot until
// then, so runaway queries cannot pile up). Results beyond `max_rows` are cut and reported as
// Log Analytics does: HTTP 200 with a PartialError naming E_QUERY_RESULT_SET_TOO_LARGE.
//
// Thread-safe: Handle() is called from the HTTP server's threads.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "kql/catalog.h"

namespace quarry::server {

struct QueryServiceOptions {
  std::chrono::milliseconds time_limit{120'000};
  int max_concurrent = 4;
  size_t max_rows = 500'000;
};

struct ServiceReply {
  int status = 200;
  std::string body;  // JSON
  std::vector<std::pair<std::string, std::string>> headers;
};

class QueryService {
 public:
  // `refresh` (may be empty) runs before each query, e.g. to see new commits to a workspace.
  QueryService(std::shared_ptr<const kql::Catalog> catalog, std::function<Status()> refresh,
               QueryServiceOptions options);

  ServiceReply Handle(std::string_view body, const std::string& correlation_id);

  // A reply in the API's error shape.
  static ServiceReply Error(int status, const std::string& code, const std::string& message,
                            const std::string& correlation_id, const std::string& inner_code = "",
                            const std::string& inner_message = "");

 private:
  struct Shared;
  std::shared_ptr<Shared> shared_;
  QueryServiceOptions options_;
};

}  // namespace quarry::server
