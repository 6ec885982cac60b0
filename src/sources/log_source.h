// LogSource: where a hunt's KQL runs — the local workspace, Azure Log Analytics / Sentinel, or
// Azure Data Explorer. Every backend takes the same KQL text and returns one result table, so
// guardrails and analysis are identical on all of them.
//
// Thread-safety: implementations must allow Query() from several threads at once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "table/table.h"

namespace quarry::sources {

struct QueryOptions {
  std::optional<int64_t> now_ticks;  // what now()/ago() mean; default: the clock at start
  size_t max_rows = 0;               // 0: no cap; else a larger result is ResourceExhausted
};

// What a backend can say about how a query ran (for --explain and "nothing found" answers).
struct QueryStats {
  size_t partitions_total = 0;  // segments (local) or shards the queried tables have
  size_t partitions_read = 0;   // those actually read after time-filter skipping
  size_t rows_read = 0;
  std::vector<std::string> notes;
};

class LogSource {
 public:
  virtual ~LogSource() = default;
  // "local workspace ./quarry-data", "Log Analytics workspace <id>", ...
  virtual std::string Describe() const = 0;
  // Runs `kql`. Errors: InvalidArgument for bad KQL (positioned message), NotFound for unknown
  // tables, Unavailable / DeadlineExceeded for a backend that can't answer. `stats` may be null.
  virtual Result<TablePtr> Query(std::string_view kql, const QueryOptions& options,
                                 QueryStats* stats = nullptr) = 0;
};

}  // namespace quarry::sources
