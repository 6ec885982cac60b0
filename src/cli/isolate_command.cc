// `quarry isolate DEVICE [--hunt ID --finding N] [--type Full|Selective] [--note TEXT] [--yes]
// [--policy FILE] [--no-wait] [--wait-timeout S] [--dry-run] [--workspace DIR]`: isolates one
// machine through Microsoft Defender for Endpoint after a person types "yes" (or, unattended,
// when a policy file allows it for a High-confidence verified finding). Every step is written
// to <workspace>/audit.jsonl. Without Defender credentials it is a dry run.
#include <fmt/core.h>
#include <unistd.h>

#include <iostream>
#include <memory>

#include "cli/command.h"
#include "net/cancellation.h"
#include "report/threat_log.h"
#include "response/backend_factory.h"
#include "response/containment.h"

namespace quarry::cli {
namespace {

struct ContainmentFlags {
  std::string device;
  std::string hunt;
  int finding = 0;
  std::string type = "Full";
  std::string note;
  bool yes = false;
  std::string policy;
  bool no_wait = false;
  int wait_timeout = 300;
  bool dry_run = false;
  std::string workspace;
};

int Fail(const Status& status) {
  std::cerr << "quarry: " << status.message() << "\n";
  return status.code() == StatusCode::kPermissionDenied ? 3 : 1;
}

int RunContainment(const ContainmentFlags& flags, response::ContainmentKind kind) {
  net::InstallSigintHandler();
  const std::string dir = ResolveWorkspaceDir(flags.workspace);
  response::ContainmentRequest request;
  request.kind = kind;
  request.device = flags.device;
  request.note = flags.note;
  request.wait = !flags.no_wait;
  request.wait_timeout = std::chrono::seconds(flags.wait_timeout);
  if (kind == response::ContainmentKind::kIsolate) {
    auto type = response::IsolationTypeFromName(flags.type);
    if (!type) return Fail(InvalidArgument("--type must be Full or Selective"));
    request.isolation_type = *type;
  }
  if (!flags.hunt.empty() || flags.finding != 0) {
    if (flags.hunt.empty() || flags.finding <= 0) {
      return Fail(InvalidArgument("--hunt and --finding go together (--finding counts from 1)"));
    }
    auto log = report::ReadThreatLog(dir + "/threats.jsonl");
    if (!log.ok()) return Fail(log.status());
    auto finding = response::FindingFromThreatRecords(log->records, flags.hunt, flags.finding);
    if (!finding.ok()) return Fail(finding.status());
    request.finding = *finding;
  }
  std::optional<response::ResponsePolicy> policy;
  if (!flags.policy.empty()) {
    auto loaded = response::LoadResponsePolicy(flags.policy);
    if (!loaded.ok()) return Fail(loaded.status());
    policy = *loaded;
  }
  auto backend = response::MakeResponseBackend(flags.dry_run);
  if (!backend.ok()) return Fail(backend.status());
  if ((*backend)->IsDryRun()) {
    std::cerr << "quarry: " << (*backend)->Describe() << ": nothing will be sent to Defender\n";
  }
  const std::string who = response::CurrentOperator();
  const bool interactive = !flags.yes && isatty(STDIN_FILENO) != 0;
  response::ApprovalGate gate = [&](const response::ApprovalQuestion& question) {
    if (interactive) return response::AskInteractively(question, std::cin, std::cout, who);
    std::cout << response::DescribeApprovalQuestion(question);
    return response::DecideUnattended(question, policy, who);
  };
  response::AuditLog audit(dir + "/audit.jsonl");
  response::Containment containment(**backend, audit, *net::SystemClock(), gate,
                                    [](const std::string& line) { std::cerr << line << "\n"; });
  auto outcome = containment.Run(request);
  if (!outcome.ok()) return Fail(outcome.status());
  fmt::print("{}\n", outcome->summary);
  if (outcome->call.action && !outcome->final_action && !(*backend)->IsDryRun() &&
      !outcome->already) {
    fmt::print("follow it with: quarry action-status {}\n", outcome->call.action->id);
  }
  fmt::print("audit log: {}\n", audit.path());
  return 0;
}

void AddFlags(CLI::App* sub, const std::shared_ptr<ContainmentFlags>& flags, bool isolate) {
  sub->add_option("device", flags->device, "Machine: short name, full DNS name or Defender id")
      ->required();
  sub->add_option("--hunt", flags->hunt, "The hunt id whose finding this answers");
  sub->add_option("--finding", flags->finding, "The finding's number in that hunt (from 1)");
  if (isolate) {
    sub->add_option("--type", flags->type, "Full or Selective isolation")->capture_default_str();
  }
  sub->add_option("--note", flags->note, "Your words for the action's comment");
  sub->add_flag("--yes", flags->yes,
                "Do not prompt; proceed only if --policy allows unattended action");
  sub->add_option("--policy", flags->policy, "Response policy file (YAML, see docs/AZURE.md)");
  sub->add_flag("--no-wait", flags->no_wait, "Do not wait for the action to finish");
  sub->add_option("--wait-timeout", flags->wait_timeout, "Seconds to wait for the action")
      ->capture_default_str();
  sub->add_flag("--dry-run", flags->dry_run, "Show and audit what would be sent; send nothing");
  sub->add_option("--workspace", flags->workspace,
                  "Workspace directory (threats.jsonl, audit.jsonl)");
}

void Setup(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "isolate", "Isolate a machine with Microsoft Defender for Endpoint (approved, audited)");
  auto flags = std::make_shared<ContainmentFlags>();
  AddFlags(sub, flags, /*isolate=*/true);
  sub->callback(
      [flags] { SetExitCode(RunContainment(*flags, response::ContainmentKind::kIsolate)); });
}

}  // namespace

// Shared with release_command.cc.
void SetupRelease(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "release", "Release a machine from isolation in Defender for Endpoint (approved, audited)");
  auto flags = std::make_shared<ContainmentFlags>();
  AddFlags(sub, flags, /*isolate=*/false);
  sub->callback(
      [flags] { SetExitCode(RunContainment(*flags, response::ContainmentKind::kRelease)); });
}

QUARRY_COMMAND(isolate, Setup);

}  // namespace quarry::cli
