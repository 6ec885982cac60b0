// The demo workspace: the cyber range written into a store workspace, with its ground truth
// saved beside the data as range_truth.json.
//
// InitDemoWorkspace generates the range through a WorkspaceSink (store::Writer as an EventSink),
// committing once per generated day so the store never holds more than a day uncommitted, and
// writes the ground truth last: a workspace with range_truth.json is complete. Not thread-safe;
// the store's writer lock keeps other processes out while it runs.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "range/event_sink.h"
#include "range/generator.h"
#include "range/ground_truth.h"
#include "range/range_options.h"
#include "store/workspace.h"

namespace quarry::range {

// Appends to a store workspace; Checkpoint() commits what was appended and starts a new write.
class WorkspaceSink : public EventSink {
 public:
  explicit WorkspaceSink(store::Workspace& workspace) : workspace_(workspace) {}
  // Takes the workspace's writer lock (FailedPrecondition if another writer holds it).
  Status Begin();
  Result<uint64_t> Append(std::string_view table, const Table& rows) override;
  Status Checkpoint();
  Status Commit();

 private:
  store::Workspace& workspace_;
  std::unique_ptr<store::Writer> writer_;
};

struct DemoInitResult {
  GroundTruth truth;
  GenerateStats stats;
};

// True when `dir` holds a complete cyber range (its range_truth.json exists).
bool DemoWorkspaceExists(const std::string& dir);

// Builds the cyber range in `dir` (created when missing). AlreadyExists when the directory
// already holds tables or a ground truth: the range is only ever written into an empty workspace.
Result<DemoInitResult> InitDemoWorkspace(const std::string& dir, const RangeOptions& options,
                                         const ProgressFn& progress = nullptr);

struct WorkspaceSummary {
  struct TableLine {
    std::string name;
    uint64_t rows = 0;
    std::optional<int64_t> min_time, max_time;
  };
  std::vector<TableLine> tables;
  uint64_t total_rows = 0;
  std::optional<int64_t> min_time, max_time;
  size_t scenarios = 0, lookalikes = 0;  // from the ground truth, when present
};

// Tables, row counts and time range of the workspace at `dir`, plus its scenario count.
Result<WorkspaceSummary> SummarizeWorkspace(const std::string& dir);
std::string FormatSummary(const WorkspaceSummary& summary);

}  // namespace quarry::range
