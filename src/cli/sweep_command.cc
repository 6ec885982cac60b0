// `quarry sweep`: the whole hunting library over the workspace (scheduled hunting). Findings are
// ranked, printed, and appended to the workspace's threat log like a hunt's.
#include <fmt/core.h>

#include <filesystem>
#include <iostream>
#include <random>

#include "analytics/rule_loader.h"
#include "analytics/workspace_sweep.h"
#include "cli/command.h"
#include "common/time.h"
#include "hunt/finding.h"
#include "report/hunt_terminal.h"
#include "report/threat_log.h"
#include "common/json_text.h"

namespace quarry::cli {
namespace {

struct SweepFlags {
  std::string workspace;
  std::string since;
  std::string now;
  std::string rules_dir;
  bool json = false;
  bool no_log = false;
};

void Fail(const std::string& message, int code) {
  std::cerr << "quarry sweep: " << message << "\n";
  SetExitCode(code);
}

void RunSweep(const SweepFlags& flags) {
  auto rules = flags.rules_dir.empty() ? analytics::LoadBuiltinRules()
                                       : analytics::LoadRuleDirectory(flags.rules_dir);
  if (!rules.ok()) return Fail(rules.status().message(), 1);
  analytics::WorkspaceSweepOptions options;
  options.workspace_dir = ResolveWorkspaceDir(flags.workspace);
  if (Status times = analytics::ParseSweepTimes(flags.since, flags.now, &options); !times.ok()) {
    return Fail(times.message(), 2);
  }
  auto sweep = analytics::SweepWorkspace(*rules, options);
  if (!sweep.ok()) return Fail(sweep.status().message(), 1);
  const auto& result = sweep->result;
  for (const auto& run : result.runs) {
    if (!run.error.empty()) std::cerr << "quarry sweep: " << run.error << "\n";
  }

  if (!flags.no_log && !result.findings.empty()) {
    report::HuntContext context;
    std::random_device rd;
    context.time_ticks = NowTicks();
    context.hunt_id = report::MakeHuntId(context.time_ticks, rd());
    context.request = "quarry sweep";
    context.model = "offline";
    context.plan.start_ticks = sweep->window.start_ticks;
    context.plan.end_ticks = sweep->window.end_ticks;
    context.plan.time_range_hours =
        static_cast<double>(sweep->window.end_ticks - sweep->window.start_ticks) / kTicksPerHour;
    context.plan.rationale = "Scheduled sweep: every analytic in the library over the window.";
    std::vector<nlohmann::json> records;
    for (const auto& f : result.findings) records.push_back(report::ThreatRecord(context, f));
    std::string path = (std::filesystem::path(options.workspace_dir) / "threats.jsonl").string();
    Status logged = report::ThreatLog(path).Append(records);
    if (!logged.ok()) std::cerr << "quarry sweep: could not write the threat log: " << logged.message() << "\n";
  }

  if (flags.json) {
    nlohmann::json out = {{"window", {{"start", FormatDatetime(sweep->window.start_ticks)},
                                      {"end", FormatDatetime(sweep->window.end_ticks)}}},
                          {"rules_run", result.rules_run},
                          {"rules_failed", result.rules_failed},
                          {"rules_skipped", result.rules_skipped},
                          {"findings", nlohmann::json::array()}};
    for (const auto& f : result.findings) out["findings"].push_back(hunt::FindingToJson(f));
    fmt::print("{}\n", JsonText(out, 2));
  } else {
    report::TermStyle style{report::ColorWanted(1)};
    int i = 0;
    for (const auto& f : result.findings) fmt::print("{}\n", report::RenderFindingCard(f, ++i, style));
    fmt::print("sweep of {} to {}: {} rules run ({} failed, {} skipped: tables missing), {} finding(s)\n",
               FormatDatetime(sweep->window.start_ticks), FormatDatetime(sweep->window.end_ticks),
               result.rules_run, result.rules_failed, result.rules_skipped, result.findings.size());
  }
  if (result.rules_failed > 0) SetExitCode(1);
}

void Setup(CLI::App& app) {
  auto flags = std::make_shared<SweepFlags>();
  auto* sub = app.add_subcommand("sweep", "Run every hunting analytic over the workspace and log the findings");
  sub->add_option("--workspace", flags->workspace, "Workspace directory");
  sub->add_option("--since", flags->since, "Look back this far from --now (e.g. 7d); default: all data");
  sub->add_option("--now", flags->now, "Pin now (ISO 8601)");
  sub->add_option("--rules", flags->rules_dir, "Rules folder (default: the built-in library)");
  sub->add_flag("--json", flags->json, "Print the findings as JSON");
  sub->add_flag("--no-log", flags->no_log, "Do not append the findings to the threat log");
  sub->callback([flags] { RunSweep(*flags); });
}

}  // namespace

QUARRY_COMMAND(sweep, Setup);

}  // namespace quarry::cli
