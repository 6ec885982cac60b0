#include "response/dry_run_backend.h"
#include "common/json_text.h"

#include <fmt/core.h>

#include <nlohmann/json.hpp>

namespace quarry::response {

Result<std::vector<Machine>> DryRunBackend::FindMachines(std::string_view name) {
  Machine machine;
  machine.id = "dry-run:" + std::string(name);
  machine.computer_dns_name = std::string(name);
  return std::vector<Machine>{machine};
}

ActionCall DryRunBackend::Pretend(const Machine& machine, const std::string& verb,
                                  const std::string& type, const std::string& body) {
  ActionCall call;
  call.method = "POST";
  call.url = fmt::format("{}/api/machines/{}/{}", api_base_, machine.id, verb);
  call.request_body = body;
  MachineAction action;
  action.id = fmt::format("dry-run-{}", next_++);
  action.type = type;
  action.status = "DryRun";
  action.machine_id = machine.id;
  action.computer_dns_name = machine.computer_dns_name;
  call.action = action;
  return call;
}

ActionCall DryRunBackend::Isolate(const Machine& machine, std::string_view comment,
                                  IsolationType type) {
  nlohmann::json body = {{"Comment", std::string(comment)},
                         {"IsolationType", IsolationTypeName(type)}};
  return Pretend(machine, "isolate", "Isolate", JsonText(body));
}

ActionCall DryRunBackend::Release(const Machine& machine, std::string_view comment) {
  nlohmann::json body = {{"Comment", std::string(comment)}};
  return Pretend(machine, "unisolate", "Unisolate", JsonText(body));
}

ActionCall DryRunBackend::CheckAction(std::string_view action_id) {
  ActionCall call;
  call.method = "GET";
  call.url = fmt::format("{}/api/machineactions/{}", api_base_, action_id);
  call.status = FailedPrecondition(fmt::format(
      "cannot look up machine action {} in a dry run ({}): configure Defender credentials",
      action_id, reason_));
  return call;
}

}  // namespace quarry::response
