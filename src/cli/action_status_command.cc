// `quarry action-status ACTION_ID [--wait] [--wait-timeout S] [--json] [--workspace DIR]`: the
// state of a Defender for Endpoint machine action (Pending, InProgress, Succeeded, Failed,
// TimeOut, Cancelled), optionally following it until it finishes. Every status request is
// written to <workspace>/audit.jsonl (response/action_status_check.h).
#include <fmt/core.h>

#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "net/cancellation.h"
#include "response/action_status_check.h"
#include "response/audit_log.h"
#include "response/backend_factory.h"
#include "common/json_text.h"

namespace quarry::cli {
namespace {

struct StatusFlags {
  std::string action_id;
  bool wait = false;
  int wait_timeout = 300;
  bool json = false;
  std::string workspace;
};

void Print(const response::MachineAction& a, bool json) {
  if (json) {
    nlohmann::json out = {{"id", a.id},
                          {"type", a.type},
                          {"status", a.status},
                          {"machineId", a.machine_id},
                          {"computerDnsName", a.computer_dns_name},
                          {"requestor", a.requestor},
                          {"requestorComment", a.requestor_comment},
                          {"creationDateTimeUtc", a.creation_time},
                          {"lastUpdateDateTimeUtc", a.last_update_time}};
    fmt::print("{}\n", JsonText(out, 2));
    return;
  }
  fmt::print("action {}: {} {} — {}\n  requested by {} at {}, last update {}\n  comment: {}\n",
             a.id, a.type, a.computer_dns_name.empty() ? a.machine_id : a.computer_dns_name,
             a.status, a.requestor, a.creation_time, a.last_update_time, a.requestor_comment);
}

int Run(const StatusFlags& flags) {
  net::InstallSigintHandler();
  auto backend = response::MakeResponseBackend(false);
  if (!backend.ok()) {
    std::cerr << "quarry: " << backend.status().message() << "\n";
    return 1;
  }
  response::AuditLog audit(ResolveWorkspaceDir(flags.workspace) + "/audit.jsonl");
  response::ActionStatusRequest request;
  request.action_id = flags.action_id;
  request.who = response::CurrentOperator();
  request.wait = flags.wait;
  request.wait_timeout = std::chrono::seconds(flags.wait_timeout);
  Result<response::MachineAction> action = response::CheckActionStatus(
      **backend, audit, *net::SystemClock(), request,
      [](const response::MachineAction& a) { std::cerr << "status: " << a.status << "\n"; });
  if (!action.ok()) {
    std::cerr << "quarry: " << action.status().message() << "\n";
    return 1;
  }
  Print(*action, flags.json);
  return action->status == "Failed" || action->status == "TimeOut" ? 4 : 0;
}

void Setup(CLI::App& app) {
  auto* sub = app.add_subcommand("action-status",
                                 "Show (and optionally follow) a Defender for Endpoint action");
  auto flags = std::make_shared<StatusFlags>();
  sub->add_option("action_id", flags->action_id, "The machine action id")->required();
  sub->add_flag("--wait", flags->wait, "Follow the action until it finishes");
  sub->add_option("--wait-timeout", flags->wait_timeout, "Seconds to follow it")
      ->capture_default_str();
  sub->add_flag("--json", flags->json, "Print the action as JSON");
  sub->add_option("--workspace", flags->workspace, "Workspace directory (audit.jsonl)");
  sub->callback([flags] { SetExitCode(Run(*flags)); });
}

}  // namespace

QUARRY_COMMAND(action_status, Setup);

}  // namespace quarry::cli
