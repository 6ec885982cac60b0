// Paging a Kusto query by time window instead of losing rows at the service's result-size limit
// (Log Analytics and Azure Data Explorer stop at 500,000 rows / 64 MB and say so).
//
// FetchPaged() runs the query once over the whole window. When the answer says it was cut, the
// window is split in two halves ([start, mid] and [mid + 1 tick, end]; both bounds inclusive,
// as the services apply them) and each half is fetched the same way, recursively, and the pages
// are concatenated in time order. It gives up with ResourceExhausted when the total passes the
// row cap, when more than `max_pages` requests would be needed, or when a window of
// `min_window_ticks` is still cut — never returning a silently truncated table. Results of
// aggregations, take and top are per window once paging happens; the notes say so.
//
// Pure logic over a fetch function; thread-compatible.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "common/status.h"
#include "common/time.h"
#include "sources/kusto_response.h"
#include "sources/log_source.h"

namespace quarry::sources {

struct TimeWindow {
  int64_t start_ticks = 0;
  int64_t end_ticks = 0;
};

// "2024-01-01T00:00:00.0000000Z/2024-01-02T00:00:00.0000000Z"
std::string FormatIsoInterval(const TimeWindow& window);

// ISO 8601 durations as the Log Analytics API takes them: "P7D", "PT12H", "P1DT2H30M",
// "PT0.5S", "P2W". nullopt when not one.
std::optional<int64_t> ParseIsoDuration(std::string_view text);

// A timespan setting: a duration ("P1D", the window ending at `now_ticks`) or an interval
// "start/end" (ISO 8601 datetimes), "start/duration" or "duration/end". InvalidArgument
// otherwise.
Result<TimeWindow> ParseTimespanSetting(std::string_view text, int64_t now_ticks);

struct PagingOptions {
  size_t row_cap = 1'000'000;
  int max_pages = 256;
  int64_t min_window_ticks = kTicksPerSecond;
  // The window paged over when the query had none and its first answer was cut.
  int64_t fallback_lookback_ticks = 730 * kTicksPerDay;
  int64_t now_ticks = 0;
  std::string service;  // for messages
};

using PageFetcher = std::function<Result<KustoResult>(const std::optional<TimeWindow>& window)>;

// Runs `fetch` over `window` (nullopt: no time bound), paging as described above. Warnings and
// a note about paging and the row cap go to `stats` (may be null).
Result<TablePtr> FetchPaged(const PageFetcher& fetch, std::optional<TimeWindow> window,
                            const PagingOptions& options, QueryStats* stats);

}  // namespace quarry::sources
