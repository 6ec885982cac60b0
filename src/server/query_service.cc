#include "server/query_service.h"

#include <fmt/core.h>

#include <condition_variable>
#include <future>
#include <thread>

#include <nlohmann/json.hpp>

#include "analytics/windowed_catalog.h"
#include "common/time.h"
#include "hunt/kql_safety.h"
#include "kql/engine.h"
#include "server/log_analytics_json.h"
#include "sources/kusto_paging.h"
#include "common/json_text.h"

namespace quarry::server {

struct QueryService::Shared {
  std::shared_ptr<const kql::Catalog> catalog;
  std::function<Status()> refresh;
  std::mutex mutex;
  std::mutex refresh_mutex;
  int running = 0;
};

namespace {

struct Job {
  std::string query;
  std::optional<sources::TimeWindow> window;
  int64_t now_ticks = 0;
  size_t engine_row_limit = 0;
};

Result<TablePtr> RunJob(const std::shared_ptr<const kql::Catalog>& catalog, const Job& job) {
  kql::QueryOptions options;
  options.now_ticks = job.now_ticks;
  options.max_result_rows = job.engine_row_limit;
  std::optional<analytics::WindowedCatalog> scoped;
  const kql::Catalog* use = catalog.get();
  if (job.window) {
    // The API's timespan includes its end; the windowed catalog's upper bound is exclusive.
    scoped.emplace(*catalog, job.window->start_ticks, job.window->end_ticks + 1);
    use = &*scoped;
  }
  kql::Engine engine(*use);
  QUARRY_ASSIGN_OR_RETURN(kql::QueryResult result, engine.Run(job.query, options));
  return result.table;
}

}  // namespace

QueryService::QueryService(std::shared_ptr<const kql::Catalog> catalog,
                           std::function<Status()> refresh, QueryServiceOptions options)
    : shared_(std::make_shared<Shared>()), options_(options) {
  shared_->catalog = std::move(catalog);
  shared_->refresh = std::move(refresh);
  if (options_.max_concurrent < 1) options_.max_concurrent = 1;
}

ServiceReply QueryService::Error(int status, const std::string& code, const std::string& message,
                                 const std::string& correlation_id, const std::string& inner_code,
                                 const std::string& inner_message) {
  ServiceReply reply;
  reply.status = status;
  reply.body = JsonText(LogAnalyticsError(code, message, correlation_id, inner_code, inner_message));
  return reply;
}

ServiceReply QueryService::Handle(std::string_view body, const std::string& id) {
  nlohmann::json request = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (request.is_discarded() || !request.is_object()) {
    return Error(400, "BadArgumentError", "The request body is not a JSON object.", id);
  }
  auto query = request.find("query");
  if (query == request.end() || !query->is_string() || query->get<std::string>().empty()) {
    return Error(400, "BadArgumentError", "The request has no 'query' string.", id);
  }
  Job job;
  job.query = query->get<std::string>();
  job.now_ticks = NowTicks();
  job.engine_row_limit = options_.max_rows * 4 + 1;
  if (auto timespan = request.find("timespan"); timespan != request.end() && !timespan->is_null()) {
    if (!timespan->is_string()) {
      return Error(400, "BadArgumentError", "'timespan' must be an ISO 8601 string.", id);
    }
    auto window = sources::ParseTimespanSetting(timespan->get<std::string>(), job.now_ticks);
    if (!window.ok()) {
      return Error(400, "BadArgumentError", "The 'timespan' is not valid.", id, "InvalidTimespan",
                   window.status().message());
    }
    job.window = *window;
  }
  if (Status safe = hunt::CheckKqlSafety(job.query); !safe.ok()) {
    return Error(400, "BadArgumentError", "The query was refused by Quarry's safety check.", id,
                 "QueryRefused", safe.message());
  }
  {
    std::lock_guard lock(shared_->mutex);
    if (shared_->running >= options_.max_concurrent) {
      ServiceReply reply =
          Error(429, "ThrottledError",
                fmt::format("Too many concurrent queries (limit {}); retry shortly.",
                            options_.max_concurrent),
                id);
      reply.headers.emplace_back("Retry-After", "1");
      return reply;
    }
    ++shared_->running;
  }
  if (shared_->refresh) {
    std::lock_guard lock(shared_->refresh_mutex);
    if (Status refreshed = shared_->refresh(); !refreshed.ok()) {
      std::lock_guard count_lock(shared_->mutex);
      --shared_->running;
      return Error(503, "ServiceUnavailableError", "The workspace could not be read.", id,
                   "WorkspaceUnavailable", refreshed.message());
    }
  }
  auto promise = std::make_shared<std::promise<Result<TablePtr>>>();
  std::future<Result<TablePtr>> future = promise->get_future();
  std::thread([shared = shared_, job, promise] {
    Result<TablePtr> result = RunJob(shared->catalog, job);
    {
      // Free the slot before the answer is delivered, so a client that sends its next query
      // as soon as it has this answer is never refused for a slot still held by this one.
      std::lock_guard lock(shared->mutex);
      --shared->running;
    }
    promise->set_value(std::move(result));
  }).detach();

  if (future.wait_for(options_.time_limit) != std::future_status::ready) {
    return Error(504, "GatewayTimeout",
                 fmt::format("The query ran longer than the server's limit of {:g}s.",
                             static_cast<double>(options_.time_limit.count()) / 1000.0),
                 id, "QueryExecutionTimeout", "Narrow the time range or the tables queried.");
  }
  Result<TablePtr> result = future.get();
  if (!result.ok()) {
    const Status& s = result.status();
    switch (s.code()) {
      case StatusCode::kInvalidArgument:
        return Error(400, "BadArgumentError", "The query is not valid.", id, "SemanticError",
                     s.message());
      case StatusCode::kNotFound:
        return Error(400, "BadArgumentError", "The query names something that does not exist.", id,
                     "SemanticError", s.message());
      case StatusCode::kResourceExhausted:
        return Error(400, "BadArgumentError", "The query result is too large.", id,
                     "QueryResultTooLarge", s.message());
      case StatusCode::kUnimplemented:
        return Error(400, "BadArgumentError", "The query uses something Quarry does not support.",
                     id, "NotSupported", s.message());
      default:
        return Error(500, "InternalServerError", "The query failed.", id, StatusCodeName(s.code()),
                     s.message());
    }
  }
  TablePtr table = *result;
  bool cut = false;
  if (table->num_rows() > options_.max_rows) {
    std::vector<ColumnPtr> columns;
    for (const auto& column : table->columns()) {
      columns.push_back(Column::Slice(*column, 0, options_.max_rows));
    }
    table = std::make_shared<const Table>(table->schema(), std::move(columns), options_.max_rows);
    cut = true;
  }
  nlohmann::ordered_json answer = TableToLogAnalyticsJson(*table);
  if (cut) {
    answer["error"] = {
        {"code", "PartialError"},
        {"message", "There were some errors when processing your query."},
        {"details",
         {{{"code", "EngineError"},
           {"message", "Something went wrong processing your query on the server."},
           {"innererror",
            {{"code", "-2133196797"},
             {"message",
              fmt::format("The results of this query exceed the set limit of {} records, so not "
                          "all records were returned (E_QUERY_RESULT_SET_TOO_LARGE, "
                          "0x80DA0003).",
                          options_.max_rows)},
             {"severity", 2},
             {"severityName", "Error"}}}}}}};
  }
  ServiceReply reply;
  reply.body = JsonText(answer);
  return reply;
}

}  // namespace quarry::server
