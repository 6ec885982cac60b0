// `quarry action-status ACTION_ID [--wait] [--wait-timeout S] [--json]`: the state of a Defender
// for Endpoint machine action (Pending, InProgress, Succeeded, Failed, TimeOut, Cancelled),
// optionally following it until it finishes. Read-only, so not audited.
#include <fmt/core.h>

#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "net/cancellation.h"
#include "response/backend_factory.h"
#include "common/json_text.h"

namespace quarry::cli {
namespace {

struct StatusFlags {
  std::string action_id;
  bool wait = false;
  int wait_timeout = 300;
  bool json = false;
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
  Result<response::MachineAction> action = backend.ok()
                                               ? (*backend)->GetAction(flags.action_id)
                                               : Result<response::MachineAction>(backend.status());
  if (action.ok() && flags.wait && !response::IsFinalActionStatus(action->status)) {
    action = response::WaitForAction(
        **backend, flags.action_id, *net::SystemClock(), std::chrono::seconds(flags.wait_timeout),
        std::chrono::seconds(10),
        [](const response::MachineAction& a) { std::cerr << "status: " << a.status << "\n"; });
  }
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
  sub->callback([flags] { SetExitCode(Run(*flags)); });
}

}  // namespace

QUARRY_COMMAND(action_status, Setup);

}  // namespace quarry::cli
