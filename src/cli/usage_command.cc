// `quarry usage [--ledger PATH]`: what model calls have cost — today, by model, and how far the
// token estimates were from what the service billed.
#include <fmt/core.h>

#include <iostream>

#include "cli/command.h"
#include "common/time.h"
#include "llm/llm_config.h"
#include "llm/usage_ledger.h"

namespace quarry::cli {
namespace {

struct UsageFlags {
  std::string ledger;
  std::string workspace;
};

int Run(const UsageFlags& flags) {
  std::string configured = flags.ledger;
  if (configured.empty()) {
    auto config = llm::LoadLlmConfig(llm::ProcessEnv());
    if (!config.ok()) {
      std::cerr << "quarry: " << config.status().message() << "\n";
      return 2;
    }
    configured = config->ledger_path;
  }
  llm::UsageLedger ledger(llm::ResolveLedgerPath(configured, ResolveWorkspaceDir(flags.workspace)));
  size_t skipped = 0;
  auto records = ledger.ReadAll(&skipped);
  if (!records.ok()) {
    std::cerr << "quarry: " << records.status().message() << "\n";
    return 1;
  }
  fmt::print("Usage ledger: {}\n", ledger.path());
  if (records->empty()) {
    fmt::print("No model calls recorded yet.\n");
    return 0;
  }
  int64_t today = FloorDiv(NowTicks(), kTicksPerDay) * kTicksPerDay;
  fmt::print("{}", llm::RenderUsageSummary(llm::SummarizeUsage(*records, today)));
  if (skipped > 0) fmt::print("({} unreadable line(s) skipped)\n", skipped);
  return 0;
}

void Setup(CLI::App& app) {
  auto* sub = app.add_subcommand("usage", "Model spend: today, by model, estimate vs actual");
  auto flags = std::make_shared<UsageFlags>();
  sub->add_option("--ledger", flags->ledger, "Usage ledger file (JSON lines)");
  sub->add_option("--workspace", flags->workspace, "Workspace whose usage.jsonl to read");
  sub->callback([flags] { SetExitCode(Run(*flags)); });
}

}  // namespace

QUARRY_COMMAND(usage, Setup);

}  // namespace quarry::cli
