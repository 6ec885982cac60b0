// `quarry action-status`: the state of one Defender for Endpoint machine action, looked up once
// or followed until it finishes, with every status request written to the audit log — the
// request (GET and URL), the response code, the action id, the result and who asked.
//
// Audit event: "action_status.checked", one line per request, including failed ones.
//
// Thread-compatible: one call per command.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "net/clock.h"
#include "response/audit_log.h"
#include "response/response_backend.h"

namespace quarry::response {

struct ActionStatusRequest {
  std::string action_id;
  std::string who;    // the operator asking (CurrentOperator())
  bool wait = false;  // follow the action until it is Succeeded, Failed, TimeOut or Cancelled
  std::chrono::seconds wait_timeout{300};
  std::chrono::seconds poll_interval{10};
};

// The action's latest state (final when waited and it finished). Errors: the backend's error
// for the last request, DeadlineExceeded when following timed out, or an audit-log failure.
// `on_status` (may be empty) hears each new status while following.
Result<MachineAction> CheckActionStatus(
    ResponseBackend& backend, const AuditLog& audit, net::Clock& clock,
    const ActionStatusRequest& request,
    const std::function<void(const MachineAction&)>& on_status = {});

}  // namespace quarry::response
