#include "response/action_status_check.h"

#include <nlohmann/json.hpp>

namespace quarry::response {
namespace {

Status AuditCheck(const AuditLog& audit, const ResponseBackend& backend,
                  const ActionStatusRequest& request, const ActionCall& call) {
  nlohmann::json record = {
      {"event", "action_status.checked"},
      {"who", request.who},
      {"backend", backend.Describe()},
      {"dry_run", backend.IsDryRun()},
      {"action", "action-status"},
      {"request", {{"method", call.method}, {"url", call.url}, {"body", call.request_body}}},
      {"response_code", call.http_status},
      {"action_id", request.action_id},
      {"result", call.status.ok() && call.action ? call.action->status : call.status.message()}};
  if (call.action) {
    record["machine"] = {{"id", call.action->machine_id},
                         {"computerDnsName", call.action->computer_dns_name}};
    record["action_type"] = call.action->type;
  }
  return audit.Append(std::move(record));
}

}  // namespace

Result<MachineAction> CheckActionStatus(ResponseBackend& backend, const AuditLog& audit,
                                        net::Clock& clock, const ActionStatusRequest& request,
                                        const std::function<void(const MachineAction&)>& on_status) {
  if (!request.wait) {
    ActionCall call = backend.CheckAction(request.action_id);
    QUARRY_RETURN_IF_ERROR(AuditCheck(audit, backend, request, call));
    if (!call.status.ok()) return call.status;
    if (!call.action) return Internal("a machine action status request answered no action");
    return *call.action;
  }
  Status audited;
  auto on_call = [&](const ActionCall& call) {
    Status written = AuditCheck(audit, backend, request, call);
    if (audited.ok()) audited = written;
  };
  Result<MachineAction> action =
      WaitForAction(backend, request.action_id, clock, request.wait_timeout,
                    request.poll_interval, on_status, on_call);
  QUARRY_RETURN_IF_ERROR(audited);
  return action;
}

}  // namespace quarry::response
