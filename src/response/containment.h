// Containment: one isolate or release, end to end — resolve the exact machine, ask for approval,
// record the intent, make the call, record the answer, and (optionally) follow the action until
// it finishes, recording that too. Nothing is sent without an approved decision, and every step
// lands in the audit log, including refusals and failures.
//
// The comment sent to Defender names Quarry, the hunt and the finding, and who approved.
// Audit events: <verb>.lookup_failed, .declined, .approved (before the call), .sent (request,
// response code, action id), .status (each status request while following the action, with its
// response code) and .completed (the final status or why following stopped).
// "Already isolated" (or an action already pending) is reported as such, not as a failure.
//
// Thread-compatible: one Containment per command.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "net/clock.h"
#include "response/approval_policy.h"
#include "response/audit_log.h"
#include "response/response_backend.h"

namespace quarry::response {

struct ContainmentRequest {
  ContainmentKind kind = ContainmentKind::kIsolate;
  std::string device;  // short name, FQDN or machine id as the analyst typed it
  IsolationType isolation_type = IsolationType::kFull;
  std::optional<FindingSummary> finding;
  std::string note;  // the analyst's own words for the comment; may be empty
  bool wait = true;  // follow the action until it finishes
  std::chrono::seconds wait_timeout{300};
  std::chrono::seconds poll_interval{10};
};

struct ContainmentOutcome {
  Machine machine;
  ActionCall call;
  bool already = false;                       // already in that state / an action already pending
  std::optional<MachineAction> final_action;  // when waited and it finished
  std::string summary;                        // one line for the analyst
};

// Decides whether a question is approved (interactive prompt or unattended policy).
using ApprovalGate = std::function<ApprovalDecision(const ApprovalQuestion&)>;

class Containment {
 public:
  // All references must outlive this object. `progress` (may be empty) hears status lines.
  Containment(ResponseBackend& backend, const AuditLog& audit, net::Clock& clock, ApprovalGate gate,
              std::function<void(const std::string&)> progress = {});

  // Errors: NotFound (no machine has exactly that name), FailedPrecondition (several do; the
  // message lists them), PermissionDenied (not approved), or the backend's error. Audit-log
  // failures stop the action before anything is sent.
  Result<ContainmentOutcome> Run(const ContainmentRequest& request);

  // The comment sent with the action.
  static std::string Comment(const ContainmentRequest& request, const ApprovalDecision& approval);

 private:
  Result<Machine> Resolve(const ContainmentRequest& request);
  // `action_id` names the action when `call` carries none (a status request that failed).
  Status Audit(const std::string& event, const ContainmentRequest& request, const Machine* machine,
               const ApprovalDecision* approval, const ActionCall* call, const std::string& result,
               std::string_view action_id = {});

  ResponseBackend& backend_;
  const AuditLog& audit_;
  net::Clock& clock_;
  ApprovalGate gate_;
  std::function<void(const std::string&)> progress_;
};

}  // namespace quarry::response
