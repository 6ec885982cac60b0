// Sweeping a local workspace: opens it, works out the time window (by default all of its data;
// `since` counts back from `now`), runs the rules and builds findings. `quarry sweep` and
// `quarry rules run` are thin wrappers around this.
//
// Thread-safety: independent calls are safe; each opens its own workspace snapshot.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analytics/rule.h"
#include "analytics/sweep.h"
#include "common/status.h"
#include "store/workspace.h"

namespace quarry::analytics {

struct WorkspaceSweepOptions {
  std::string workspace_dir;
  std::optional<int64_t> since_ticks;  // window = [now - since, now]
  std::optional<int64_t> now_ticks;    // default: the end of the data (with since: the clock)
  int threads = 0;
};

struct WorkspaceSweep {
  SweepResult result;
  TimeWindow window;
  int64_t now_ticks = 0;
};

// The window for a sweep over tables with these time ranges. Without `since`: from the earliest
// to just after the latest row (NotFound when the workspace holds no timed rows). With `since`:
// [now - since, now], now defaulting to the system clock.
Result<TimeWindow> ResolveSweepWindow(const std::vector<store::TableInfo>& tables,
                                      std::optional<int64_t> since_ticks,
                                      std::optional<int64_t> now_ticks);

// Reads the --since (timespan, e.g. "7d") and --now (datetime) flag texts into `options`; empty
// texts leave the defaults. InvalidArgument names the flag and its value.
Status ParseSweepTimes(std::string_view since, std::string_view now,
                       WorkspaceSweepOptions* options);

Result<WorkspaceSweep> SweepWorkspace(const std::vector<Rule>& rules,
                                      const WorkspaceSweepOptions& options);

}  // namespace quarry::analytics
