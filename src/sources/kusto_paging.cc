#include "sources/kusto_paging.h"

#include <fmt/core.h>

#include <cctype>
#include <cmath>
#include <vector>

namespace quarry::sources {
namespace {

struct Pager {
  const PageFetcher& fetch;
  const PagingOptions& options;
  QueryStats* stats;
  std::vector<TablePtr> pages;
  size_t rows = 0;
  int requests = 0;

  Status CapExceeded() const {
    return ResourceExhausted(fmt::format(
        "the result from {} has more than {} rows, the row cap: narrow the time range or add "
        "filters (or raise the cap with --max-rows)",
        options.service, options.row_cap));
  }

  Status Take(KustoResult result) {
    if (stats) {
      for (auto& w : result.warnings) stats->notes.push_back(std::move(w));
    }
    rows += result.primary->num_rows();
    if (options.row_cap != 0 && rows > options.row_cap) return CapExceeded();
    pages.push_back(std::move(result.primary));
    return Status::Ok();
  }

  Status Fetch(const TimeWindow& window) {
    if (++requests > options.max_pages) {
      return ResourceExhausted(fmt::format(
          "the result from {} is too large to page: more than {} time windows would be needed; "
          "narrow the time range or add filters",
          options.service, options.max_pages));
    }
    QUARRY_ASSIGN_OR_RETURN(KustoResult result, fetch(window));
    if (!result.truncated) return Take(std::move(result));
    if (window.end_ticks - window.start_ticks <= options.min_window_ticks) {
      return ResourceExhausted(
          fmt::format("{} returns more rows than its result limit within the single window {}: add "
                      "filters or project fewer columns",
                      options.service, FormatIsoInterval(window)));
    }
    return Split(window);
  }

  Status Split(const TimeWindow& window) {
    const int64_t mid = window.start_ticks + (window.end_ticks - window.start_ticks) / 2;
    QUARRY_RETURN_IF_ERROR(Fetch({window.start_ticks, mid}));
    return Fetch({mid + 1, window.end_ticks});
  }
};

Result<TablePtr> Concatenate(const std::vector<TablePtr>& pages, const std::string& service) {
  if (pages.size() == 1) return pages.front();
  const Schema& schema = pages.front()->schema();
  size_t rows = 0;
  for (const auto& page : pages) {
    if (!(page->schema() == schema)) {
      return Unavailable(fmt::format(
          "{} answered the time windows of one query with different columns ({} vs {}); run "
          "it over a narrower time range",
          service, schema.ToString(), page->schema().ToString()));
    }
    rows += page->num_rows();
  }
  std::vector<ColumnPtr> columns;
  for (size_t c = 0; c < schema.size(); ++c) {
    std::vector<ColumnPtr> parts;
    parts.reserve(pages.size());
    for (const auto& page : pages) parts.push_back(page->column(c));
    columns.push_back(Column::Concat(parts));
  }
  return std::make_shared<const Table>(schema, std::move(columns), rows);
}

}  // namespace

std::string FormatIsoInterval(const TimeWindow& window) {
  return FormatDatetime(window.start_ticks) + "/" + FormatDatetime(window.end_ticks);
}

std::optional<int64_t> ParseIsoDuration(std::string_view text) {
  if (text.size() < 3 || (text[0] != 'P' && text[0] != 'p')) return std::nullopt;
  bool in_time = false;
  bool any = false;
  double total = 0;
  size_t i = 1;
  while (i < text.size()) {
    char c = static_cast<char>(std::toupper(static_cast<unsigned char>(text[i])));
    if (c == 'T') {
      if (in_time) return std::nullopt;
      in_time = true;
      ++i;
      continue;
    }
    size_t start = i;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) ||
                               text[i] == '.' || text[i] == ',')) {
      ++i;
    }
    if (start == i || i >= text.size()) return std::nullopt;
    std::string number(text.substr(start, i - start));
    for (char& ch : number) {
      if (ch == ',') ch = '.';
    }
    char* end = nullptr;
    double value = std::strtod(number.c_str(), &end);
    if (end == nullptr || *end != '\0') return std::nullopt;
    char unit = static_cast<char>(std::toupper(static_cast<unsigned char>(text[i++])));
    double ticks_per_unit = 0;
    if (!in_time && unit == 'W') ticks_per_unit = 7.0 * kTicksPerDay;
    if (!in_time && unit == 'D') ticks_per_unit = kTicksPerDay;
    if (in_time && unit == 'H') ticks_per_unit = kTicksPerHour;
    if (in_time && unit == 'M') ticks_per_unit = kTicksPerMinute;
    if (in_time && unit == 'S') ticks_per_unit = kTicksPerSecond;
    if (ticks_per_unit == 0) return std::nullopt;  // years and months have no fixed length
    total += value * ticks_per_unit;
    any = true;
  }
  if (!any || total > 3.0e18) return std::nullopt;
  return static_cast<int64_t>(std::llround(total));
}

Result<TimeWindow> ParseTimespanSetting(std::string_view text, int64_t now_ticks) {
  size_t slash = text.find('/');
  if (slash == std::string_view::npos) {
    if (auto duration = ParseIsoDuration(text)) return TimeWindow{now_ticks - *duration, now_ticks};
    return InvalidArgument(
        fmt::format("timespan '{}' is neither an ISO 8601 duration (P1D, PT12H) nor an interval "
                    "(2024-05-01T00:00:00Z/2024-05-02T00:00:00Z)",
                    text));
  }
  std::string_view first = text.substr(0, slash);
  std::string_view second = text.substr(slash + 1);
  auto start = ParseDatetime(first);
  if (!start) {
    auto duration = ParseIsoDuration(first);
    auto end = ParseDatetime(second);
    if (duration && end) return TimeWindow{*end - *duration, *end};
    return InvalidArgument(fmt::format("timespan start '{}' is not a datetime", first));
  }
  if (auto end = ParseDatetime(second)) {
    if (*end < *start) {
      return InvalidArgument(fmt::format("timespan '{}' ends before it starts", text));
    }
    return TimeWindow{*start, *end};
  }
  if (auto duration = ParseIsoDuration(second)) return TimeWindow{*start, *start + *duration};
  return InvalidArgument(
      fmt::format("timespan end '{}' is neither a datetime nor a duration", second));
}

Result<TablePtr> FetchPaged(const PageFetcher& fetch, std::optional<TimeWindow> window,
                            const PagingOptions& options, QueryStats* stats) {
  Pager pager{fetch, options, stats, {}, 0, 0};
  QUARRY_ASSIGN_OR_RETURN(KustoResult first, fetch(window));
  pager.requests = 1;
  if (!first.truncated) {
    QUARRY_RETURN_IF_ERROR(pager.Take(std::move(first)));
    if (stats) {
      stats->rows_read += pager.rows;
      if (options.row_cap != 0) {
        stats->notes.push_back(fmt::format("row cap {} (not reached)", options.row_cap));
      }
    }
    return pager.pages.front();
  }
  TimeWindow paged = window.value_or(
      TimeWindow{options.now_ticks - options.fallback_lookback_ticks, options.now_ticks});
  if (stats) {
    stats->notes.push_back(fmt::format(
        "{} cut the result at its size limit, so Quarry paged the query by time window over {}{}",
        options.service, FormatIsoInterval(paged),
        window ? "" : " (no timespan was given: the last 730 days)"));
  }
  if (window) {
    QUARRY_RETURN_IF_ERROR(pager.Split(paged));
  } else {
    QUARRY_RETURN_IF_ERROR(pager.Fetch(paged));
  }
  if (stats) {
    stats->rows_read += pager.rows;
    stats->notes.push_back(fmt::format(
        "{} requests; results are concatenated window by window, so summarize, take and top "
        "applied per window; row cap {}",
        pager.requests, options.row_cap));
  }
  return Concatenate(pager.pages, options.service);
}

}  // namespace quarry::sources
