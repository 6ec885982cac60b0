#include "range/demo_workspace.h"

#include <fmt/core.h>

#include <filesystem>

#include "common/time.h"

namespace quarry::range {

Status WorkspaceSink::Begin() {
  QUARRY_ASSIGN_OR_RETURN(writer_, workspace_.BeginWrite());
  return Status::Ok();
}

Result<uint64_t> WorkspaceSink::Append(std::string_view table, const Table& rows) {
  return writer_->Append(table, rows);
}

Status WorkspaceSink::Checkpoint() {
  QUARRY_RETURN_IF_ERROR(writer_->Commit());
  writer_.reset();
  QUARRY_ASSIGN_OR_RETURN(writer_, workspace_.BeginWrite());
  return Status::Ok();
}

Status WorkspaceSink::Commit() {
  Status s = writer_->Commit();
  writer_.reset();
  return s;
}

bool DemoWorkspaceExists(const std::string& dir) {
  std::error_code ec;
  return std::filesystem::exists(std::filesystem::path(dir) / kTruthFileName, ec);
}

Result<DemoInitResult> InitDemoWorkspace(const std::string& dir, const RangeOptions& options,
                                         const ProgressFn& progress) {
  if (DemoWorkspaceExists(dir)) {
    return AlreadyExists("workspace " + dir + " already holds a cyber range (" + kTruthFileName +
                         "); remove the directory or choose another --workspace");
  }
  QUARRY_ASSIGN_OR_RETURN(auto workspace, store::Workspace::Open(dir, /*create=*/true));
  if (!workspace->Tables().empty()) {
    return AlreadyExists("workspace " + dir + " already holds tables; the cyber range is only "
                         "written into an empty workspace (choose another --workspace)");
  }
  auto sink = std::make_unique<WorkspaceSink>(*workspace);
  QUARRY_RETURN_IF_ERROR(sink->Begin());
  Status checkpoint;
  auto on_hour = [&](int done, int total) {
    if (done % 24 == 0 && done < total && checkpoint.ok()) checkpoint = sink->Checkpoint();
    if (progress) progress(done, total);
  };
  DemoInitResult result;
  auto truth = Generate(options, *sink, &result.stats, on_hour);
  if (!truth.ok()) return truth.status().WithContext("generating the cyber range in " + dir);
  if (!checkpoint.ok()) return checkpoint.WithContext("committing to " + dir);
  QUARRY_RETURN_IF_ERROR(sink->Commit());
  QUARRY_RETURN_IF_ERROR(WriteGroundTruth(dir, *truth));
  result.truth = std::move(*truth);
  return result;
}

Result<WorkspaceSummary> SummarizeWorkspace(const std::string& dir) {
  QUARRY_ASSIGN_OR_RETURN(auto workspace, store::Workspace::Open(dir, /*create=*/false));
  WorkspaceSummary s;
  for (const auto& t : workspace->Tables()) {
    s.tables.push_back({t.name, t.rows, t.min_time, t.max_time});
    s.total_rows += t.rows;
    if (t.min_time && (!s.min_time || *t.min_time < *s.min_time)) s.min_time = t.min_time;
    if (t.max_time && (!s.max_time || *t.max_time > *s.max_time)) s.max_time = t.max_time;
  }
  if (DemoWorkspaceExists(dir)) {
    QUARRY_ASSIGN_OR_RETURN(GroundTruth truth, ReadGroundTruth(dir));
    s.scenarios = truth.Scenarios().size();
    s.lookalikes = truth.LookAlikes().size();
  }
  return s;
}

std::string FormatSummary(const WorkspaceSummary& s) {
  auto when = [](const std::optional<int64_t>& t) { return t ? FormatDatetime(*t) : std::string("-"); };
  std::string out = fmt::format("{:<28} {:>12}  {:<28}  {}\n", "TABLE", "ROWS", "FROM", "TO");
  for (const auto& t : s.tables) {
    out += fmt::format("{:<28} {:>12}  {:<28}  {}\n", t.name, t.rows, when(t.min_time), when(t.max_time));
  }
  out += fmt::format("{:<28} {:>12}  {:<28}  {}\n", "total", s.total_rows, when(s.min_time), when(s.max_time));
  out += fmt::format("planted scenarios: {}  benign look-alikes: {}\n", s.scenarios, s.lookalikes);
  return out;
}

}  // namespace quarry::range
