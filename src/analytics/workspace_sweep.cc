#include "analytics/workspace_sweep.h"

#include <algorithm>

#include "attack/catalog.h"
#include "common/time.h"
#include "schemas/builtin_schemas.h"
#include "sources/workspace_catalog.h"

namespace quarry::analytics {

Result<TimeWindow> ResolveSweepWindow(const std::vector<store::TableInfo>& tables,
                                      std::optional<int64_t> since_ticks,
                                      std::optional<int64_t> now_ticks) {
  if (since_ticks) {
    if (*since_ticks <= 0) return InvalidArgument("--since must be a positive timespan such as 7d");
    int64_t now = now_ticks.value_or(NowTicks());
    return TimeWindow{now - *since_ticks, now + 1};
  }
  std::optional<int64_t> lo, hi;
  for (const auto& t : tables) {
    if (!t.min_time || !t.max_time || t.rows == 0) continue;
    lo = lo ? std::min(*lo, *t.min_time) : *t.min_time;
    hi = hi ? std::max(*hi, *t.max_time) : *t.max_time;
  }
  if (!lo) return NotFound("the workspace holds no timed rows to sweep (ingest logs first)");
  int64_t end = *hi + 1;
  if (now_ticks) end = std::min(end, *now_ticks + 1);
  return TimeWindow{*lo, end};
}

Status ParseSweepTimes(std::string_view since, std::string_view now,
                       WorkspaceSweepOptions* options) {
  if (!since.empty()) {
    auto ticks = ParseTimespan(since);
    if (!ticks) {
      return InvalidArgument("--since '" + std::string(since) +
                             "' is not a timespan such as 7d or 12h");
    }
    options->since_ticks = *ticks;
  }
  if (!now.empty()) {
    auto ticks = ParseDatetime(now);
    if (!ticks) {
      return InvalidArgument("--now '" + std::string(now) +
                             "' is not a datetime such as 2024-06-15T00:00:00Z");
    }
    options->now_ticks = *ticks;
  }
  return Status::Ok();
}

Result<WorkspaceSweep> SweepWorkspace(const std::vector<Rule>& rules,
                                      const WorkspaceSweepOptions& options) {
  QUARRY_ASSIGN_OR_RETURN(auto workspace, store::Workspace::Open(options.workspace_dir, false));
  QUARRY_ASSIGN_OR_RETURN(const SchemaRegistry* schemas, BuiltinSchemas());
  sources::WorkspaceCatalog catalog(*workspace, schemas);
  WorkspaceSweep out;
  QUARRY_ASSIGN_OR_RETURN(out.window, ResolveSweepWindow(workspace->Tables(), options.since_ticks,
                                                         options.now_ticks));
  out.now_ticks = options.now_ticks.value_or(out.window.end_ticks - 1);
  SweepOptions sweep_options;
  sweep_options.window = out.window;
  sweep_options.now_ticks = out.now_ticks;
  sweep_options.threads = options.threads;
  auto attack = attack::BuiltinCatalog();
  if (attack.ok()) sweep_options.analyst.attack = *attack;
  out.result = Sweep(rules, catalog, sweep_options);
  return out;
}

}  // namespace quarry::analytics
