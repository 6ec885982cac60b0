// `quarry demo [init|truth]`: the cyber range demo workspace (src/range).
//   quarry demo init  [--workspace DIR] [--scale small|medium|large] [--seed N] [--now DATETIME]
//   quarry demo truth [--workspace DIR] [--json] [--all]
//   quarry demo score [--workspace DIR] [--verbose]  (sweep, then recall/precision vs the truth)
//   quarry demo       [--workspace DIR] [...init options]  (initialises if missing, then hunts)
#include <fmt/core.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "analytics/rule_loader.h"
#include "analytics/score.h"
#include "analytics/workspace_sweep.h"
#include "cli/command.h"
#include "cli/hunt_command.h"
#include "common/time.h"
#include "range/demo_workspace.h"
#include "range/ground_truth.h"
#include "common/json_text.h"

namespace quarry::cli {
namespace {

struct InitFlags {
  std::string workspace;
  std::string scale = "small";
  uint64_t seed = 1;
  std::string now;
};

void AddInitFlags(CLI::App* sub, InitFlags& f) {
  sub->add_option("--workspace", f.workspace, "Workspace directory (default: $QUARRY_DATA or ./quarry-data)");
  sub->add_option("--scale", f.scale, "small (~200k events), medium (~2M) or large (>=20M)");
  sub->add_option("--seed", f.seed, "Seed: the same seed, scale and --now give the same workspace");
  sub->add_option("--now", f.now, "End of the 14 generated days (default: now, rounded down to the hour)");
}

int Fail(const Status& s, int code = 1) {
  std::cerr << "quarry demo: " << s.message() << "\n";
  SetExitCode(code);
  return code;
}

Result<range::RangeOptions> ToOptions(const InitFlags& f) {
  range::RangeOptions o;
  QUARRY_ASSIGN_OR_RETURN(o.scale, range::ParseScale(f.scale));
  o.seed = f.seed;
  if (f.now.empty()) {
    o.now_ticks = range::FloorToHour(NowTicks());
  } else {
    auto t = ParseDatetime(f.now);
    if (!t) return InvalidArgument("--now '" + f.now + "' is not a datetime (e.g. 2025-03-10T12:00:00Z)");
    o.now_ticks = *t;
  }
  return o;
}

// Builds the range in `dir`, with a progress line on a terminal. Returns the exit code.
int RunInit(const std::string& dir, const InitFlags& flags) {
  auto options = ToOptions(flags);
  if (!options.ok()) return Fail(options.status(), 2);
  bool tty = isatty(fileno(stderr)) != 0;
  auto progress = [tty](int done, int total) {
    if (tty && (done % 6 == 0 || done == total)) {
      std::fprintf(stderr, "\rgenerating the cyber range: %3d%%", done * 100 / total);
      if (done == total) std::fprintf(stderr, "\n");
    }
  };
  auto result = range::InitDemoWorkspace(dir, *options, progress);
  if (!result.ok()) {
    return Fail(result.status(), result.status().code() == StatusCode::kAlreadyExists ? 2 : 1);
  }
  fmt::print("cyber range written to {} (seed {}, scale {}, {} hosts, {} users)\n", dir,
             options->seed, range::ScaleName(options->scale), result->stats.hosts, result->stats.users);
  fmt::print("{} events in {} tables, {} .. {}\n", result->stats.total_rows, result->stats.rows.size(),
             FormatDatetime(result->truth.start_ticks), FormatDatetime(result->truth.end_ticks));
  fmt::print("{} planted attack scenarios and {} benign look-alikes (see `quarry demo truth`)\n",
             result->truth.Scenarios().size(), result->truth.LookAlikes().size());
  return 0;
}

int RunTruth(const std::string& dir, bool json, bool all) {
  auto truth = range::ReadGroundTruth(dir);
  if (!truth.ok()) return Fail(truth.status());
  if (json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : truth->records) {
      if (r.malicious || all) out.push_back(range::TruthRecordToJson(r));
    }
    fmt::print("{}\n", JsonText(out, 2));
  } else {
    fmt::print("{}", range::FormatTruthTable(*truth, all));
  }
  return 0;
}

// Sweeps the whole workspace with the built-in library (nothing is written) and scores the
// findings against its ground truth, by issue 7's matching rule (analytics/score.h).
int RunScore(const std::string& dir, bool verbose) {
  auto truth = range::ReadGroundTruth(dir);
  if (!truth.ok()) return Fail(truth.status());
  auto rules = analytics::LoadBuiltinRules();
  if (!rules.ok()) return Fail(rules.status());
  analytics::WorkspaceSweepOptions options;
  options.workspace_dir = dir;
  auto sweep = analytics::SweepWorkspace(*rules, options);
  if (!sweep.ok()) return Fail(sweep.status());
  for (const auto& run : sweep->result.runs) {
    if (!run.error.empty()) std::cerr << "quarry demo score: " << run.error << "\n";
  }
  fmt::print("sweep of {} to {}: {} rules run, {} finding(s)\n",
             FormatDatetime(sweep->window.start_ticks), FormatDatetime(sweep->window.end_ticks),
             sweep->result.rules_run, sweep->result.findings.size());
  fmt::print("{}", analytics::FormatScore(analytics::Score(*truth, sweep->result.findings), verbose));
  return sweep->result.rules_failed > 0 ? 1 : 0;
}

int RunDemo(const std::string& dir, const InitFlags& flags) {
  if (!range::DemoWorkspaceExists(dir)) {
    int code = RunInit(dir, flags);
    if (code != 0) return code;
  }
  // WIRING POINT (hunt): the README's example worry, hunted at the range's own "now" so the
  // demo is deterministic (offline unless a model is configured).
  auto truth = range::ReadGroundTruth(dir);
  if (!truth.ok()) return Fail(truth.status());
  HuntFlags hunt;
  hunt.request = "I'm worried that windows-target-1 may have been maliciously logged into in the last few days";
  hunt.workspace = dir;
  hunt.now = FormatDatetime(truth->end_ticks);
  fmt::print("hunting: \"{}\"\n\n", hunt.request);
  return RunHuntCli(hunt);
}

void Setup(CLI::App& app) {
  auto* demo = app.add_subcommand("demo", "Create the cyber range demo workspace and hunt in it");
  auto flags = std::make_shared<InitFlags>();
  AddInitFlags(demo, *flags);

  auto* init = demo->add_subcommand("init", "Generate the cyber range: 14 days of logs with planted attacks");
  auto init_flags = std::make_shared<InitFlags>();
  AddInitFlags(init, *init_flags);
  init->callback([init_flags] {
    SetExitCode(RunInit(ResolveWorkspaceDir(init_flags->workspace), *init_flags));
  });

  auto* truth = demo->add_subcommand("truth", "Print the planted scenarios (ground truth)");
  auto truth_ws = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  auto all = std::make_shared<bool>(false);
  truth->add_option("--workspace", *truth_ws, "Workspace directory");
  truth->add_flag("--json", *json, "A JSON array, one object per scenario");
  truth->add_flag("--all", *all, "Include the benign look-alikes");
  truth->callback([truth_ws, json, all] {
    SetExitCode(RunTruth(ResolveWorkspaceDir(*truth_ws), *json, *all));
  });

  auto* score = demo->add_subcommand(
      "score", "Sweep the workspace and print recall and precision against its ground truth");
  auto score_ws = std::make_shared<std::string>();
  auto verbose = std::make_shared<bool>(false);
  score->add_option("--workspace", *score_ws, "Workspace directory");
  score->add_flag("--verbose", *verbose, "List missed scenarios and unmatched findings");
  score->callback([score_ws, verbose] {
    SetExitCode(RunScore(ResolveWorkspaceDir(*score_ws), *verbose));
  });

  demo->callback([demo, flags] {
    if (!demo->get_subcommands().empty()) return;
    SetExitCode(RunDemo(ResolveWorkspaceDir(flags->workspace), *flags));
  });
}

}  // namespace

QUARRY_COMMAND(demo, Setup);

}  // namespace quarry::cli
