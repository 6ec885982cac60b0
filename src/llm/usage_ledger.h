// UsageLedger: an append-only JSON-lines record of every model call — when, which model, which
// hunt, prompt tokens estimated before vs. billed after, and the estimated and actual cost — and
// the summary `quarry usage` prints (today, by model, how far estimates were off).
//
// One object per line: {"time":"2026-11-23T10:00:00.0000000Z","model":"gpt-4.1-mini",
// "hunt_id":"h1","estimated_prompt_tokens":1200,"prompt_tokens":1180,"completion_tokens":300,
// "cached_tokens":0,"reasoning_tokens":0,"estimated_cost_usd":0.0012,"actual_cost_usd":0.00095}.
// Each Append writes one whole line with O_APPEND and fsyncs it, so concurrent writers do not
// interleave lines and a crash loses at most the line being written. Unreadable lines are
// skipped and counted when reading. Thread-safety: Append and ReadAll are safe concurrently.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/status.h"
#include "llm/chat.h"

namespace quarry::llm {

struct UsageRecord {
  int64_t time_ticks = 0;  // common/time.h ticks since the Unix epoch, UTC
  std::string model;
  std::string hunt_id;
  int64_t estimated_prompt_tokens = 0;
  Usage actual;
  double estimated_cost_usd = 0;
  double actual_cost_usd = 0;
};

// Where the ledger lives: `configured` when non-empty; else <workspace_dir>/usage.jsonl when
// that directory exists; else $XDG_STATE_HOME/quarry/usage.jsonl, else
// $HOME/.local/state/quarry/usage.jsonl.
std::string ResolveLedgerPath(const std::string& configured, const std::string& workspace_dir);

class UsageLedger {
 public:
  explicit UsageLedger(std::string path) : path_(std::move(path)) {}

  // Creates missing parent directories (mode 0700) and the file (mode 0600).
  Status Append(const UsageRecord& record) const;
  // All readable records, oldest first; a missing file is an empty ledger. `skipped` (optional)
  // receives the number of lines that could not be read.
  Result<std::vector<UsageRecord>> ReadAll(size_t* skipped = nullptr) const;
  // Sum of actual_cost_usd of records at or after `since_ticks`.
  Result<double> SpentSince(int64_t since_ticks) const;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct ModelUsageTotals {
  int64_t calls = 0;
  int64_t estimated_prompt_tokens = 0;
  int64_t prompt_tokens = 0;
  int64_t completion_tokens = 0;
  int64_t cached_tokens = 0;
  int64_t reasoning_tokens = 0;
  double estimated_cost_usd = 0;
  double actual_cost_usd = 0;
  double sum_abs_error_pct = 0;  // of prompt-token estimates, over calls with actual usage
  int64_t error_samples = 0;
};

struct UsageSummary {
  ModelUsageTotals today;  // records at or after the start of today (UTC)
  ModelUsageTotals all_time;
  std::map<std::string, ModelUsageTotals> by_model;  // all time
};

UsageSummary SummarizeUsage(const std::vector<UsageRecord>& records, int64_t today_start_ticks);

// A plain-text report: today's and all-time spend, a per-model table, and the mean absolute
// error of the prompt-token estimates.
std::string RenderUsageSummary(const UsageSummary& summary);

}  // namespace quarry::llm
