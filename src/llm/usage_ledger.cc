#include "llm/usage_ledger.h"

#include <fcntl.h>
#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/data_path.h"
#include "common/time.h"
#include "llm/cost.h"
#include "common/json_text.h"

namespace quarry::llm {
namespace {

using nlohmann::json;

std::string EnvOr(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

json ToJson(const UsageRecord& r) {
  return {{"time", FormatDatetime(r.time_ticks)},
          {"model", r.model},
          {"hunt_id", r.hunt_id},
          {"estimated_prompt_tokens", r.estimated_prompt_tokens},
          {"prompt_tokens", r.actual.prompt_tokens},
          {"completion_tokens", r.actual.completion_tokens},
          {"cached_tokens", r.actual.cached_tokens},
          {"reasoning_tokens", r.actual.reasoning_tokens},
          {"estimated_cost_usd", r.estimated_cost_usd},
          {"actual_cost_usd", r.actual_cost_usd}};
}

bool FromJson(const json& j, UsageRecord* r) {
  if (!j.is_object() || !j.contains("time") || !j["time"].is_string()) return false;
  auto ticks = ParseDatetime(j["time"].get<std::string>());
  if (!ticks) return false;
  r->time_ticks = *ticks;
  r->model = j.value("model", "");
  r->hunt_id = j.value("hunt_id", "");
  r->estimated_prompt_tokens = j.value("estimated_prompt_tokens", int64_t{0});
  r->actual.prompt_tokens = j.value("prompt_tokens", int64_t{0});
  r->actual.completion_tokens = j.value("completion_tokens", int64_t{0});
  r->actual.cached_tokens = j.value("cached_tokens", int64_t{0});
  r->actual.reasoning_tokens = j.value("reasoning_tokens", int64_t{0});
  r->estimated_cost_usd = j.value("estimated_cost_usd", 0.0);
  r->actual_cost_usd = j.value("actual_cost_usd", 0.0);
  return true;
}

void Add(ModelUsageTotals* t, const UsageRecord& r) {
  ++t->calls;
  t->estimated_prompt_tokens += r.estimated_prompt_tokens;
  t->prompt_tokens += r.actual.prompt_tokens;
  t->completion_tokens += r.actual.completion_tokens;
  t->cached_tokens += r.actual.cached_tokens;
  t->reasoning_tokens += r.actual.reasoning_tokens;
  t->estimated_cost_usd += r.estimated_cost_usd;
  t->actual_cost_usd += r.actual_cost_usd;
  if (r.actual.prompt_tokens > 0 && r.estimated_prompt_tokens > 0) {
    double diff = static_cast<double>(r.estimated_prompt_tokens - r.actual.prompt_tokens);
    t->sum_abs_error_pct += std::fabs(diff) * 100.0 / static_cast<double>(r.actual.prompt_tokens);
    ++t->error_samples;
  }
}

std::string ErrorPct(const ModelUsageTotals& t) {
  if (t.error_samples == 0) return "-";
  return fmt::format("{:.1f}%", t.sum_abs_error_pct / static_cast<double>(t.error_samples));
}

}  // namespace

std::string ResolveLedgerPath(const std::string& configured, const std::string& workspace_dir) {
  if (!configured.empty()) return configured;
  std::error_code ec;
  if (!workspace_dir.empty() && std::filesystem::is_directory(workspace_dir, ec)) {
    return (std::filesystem::path(workspace_dir) / "usage.jsonl").string();
  }
  std::string state = EnvOr("XDG_STATE_HOME");
  if (state.empty()) {
    std::string home = EnvOr("HOME");
    state = home.empty() ? "." : home + "/.local/state";
  }
  return state + "/quarry/usage.jsonl";
}

Status UsageLedger::Append(const UsageRecord& record) const {
  std::filesystem::path parent = std::filesystem::path(path_).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) {
      return Unavailable(fmt::format("cannot create the usage ledger directory {}: {}",
                                     parent.string(), ec.message()));
    }
  }
  std::string line = JsonText(ToJson(record)) + "\n";
  int fd = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Unavailable(
        fmt::format("cannot open the usage ledger {}: {}", path_, std::strerror(errno)));
  }
  ssize_t written = ::write(fd, line.data(), line.size());
  int saved_errno = errno;
  ::fsync(fd);
  ::close(fd);
  if (written != static_cast<ssize_t>(line.size())) {
    return Unavailable(fmt::format("could not write to the usage ledger {}: {}", path_,
                                   std::strerror(saved_errno)));
  }
  return Status::Ok();
}

Result<std::vector<UsageRecord>> UsageLedger::ReadAll(size_t* skipped) const {
  std::vector<UsageRecord> records;
  if (skipped != nullptr) *skipped = 0;
  std::error_code ec;
  if (!std::filesystem::exists(path_, ec)) return records;
  if (std::filesystem::is_directory(path_, ec)) {
    return FailedPrecondition(
        fmt::format("the usage ledger {} is a directory, not a file: set llm.ledger to a file",
                    path_));
  }
  QUARRY_ASSIGN_OR_RETURN(std::string text, ReadFileToString(path_));
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    UsageRecord record;
    json parsed = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded() || !FromJson(parsed, &record)) {
      if (skipped != nullptr) ++*skipped;
      continue;
    }
    records.push_back(std::move(record));
  }
  return records;
}

Result<double> UsageLedger::SpentSince(int64_t since_ticks) const {
  QUARRY_ASSIGN_OR_RETURN(auto records, ReadAll());
  double total = 0;
  for (const auto& r : records) {
    if (r.time_ticks >= since_ticks) total += r.actual_cost_usd;
  }
  return total;
}

UsageSummary SummarizeUsage(const std::vector<UsageRecord>& records, int64_t today_start_ticks) {
  UsageSummary summary;
  for (const auto& r : records) {
    Add(&summary.all_time, r);
    Add(&summary.by_model[r.model], r);
    if (r.time_ticks >= today_start_ticks) Add(&summary.today, r);
  }
  return summary;
}

std::string RenderUsageSummary(const UsageSummary& s) {
  std::string out;
  out += fmt::format("Today (UTC): {} call(s), {} prompt + {} completion tokens, {} spent\n",
                     s.today.calls, s.today.prompt_tokens, s.today.completion_tokens,
                     FormatUsd(s.today.actual_cost_usd));
  out += fmt::format("All time:    {} call(s), {} spent (estimated beforehand: {})\n",
                     s.all_time.calls, FormatUsd(s.all_time.actual_cost_usd),
                     FormatUsd(s.all_time.estimated_cost_usd));
  if (s.by_model.empty()) return out;
  out += fmt::format("\n{:<20} {:>6} {:>12} {:>12} {:>10} {:>10} {:>12} {:>10}\n", "model", "calls",
                     "prompt", "completion", "cached", "reasoning", "cost", "est. error");
  for (const auto& [model, t] : s.by_model) {
    out += fmt::format("{:<20} {:>6} {:>12} {:>12} {:>10} {:>10} {:>12} {:>10}\n", model, t.calls,
                       t.prompt_tokens, t.completion_tokens, t.cached_tokens, t.reasoning_tokens,
                       FormatUsd(t.actual_cost_usd), ErrorPct(t));
  }
  out += fmt::format(
      "\nest. error: mean absolute difference between the prompt tokens Quarry counted before "
      "a call and the tokens the service billed ({} overall).\n",
      ErrorPct(s.all_time));
  return out;
}

}  // namespace quarry::llm
