#include "response/containment.h"

#include <fmt/core.h>

#include "response/machine_match.h"

namespace quarry::response {
namespace {

std::string Clip(std::string text, size_t limit) {
  if (text.size() > limit) text = text.substr(0, limit - 3) + "...";
  for (char& c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return text;
}

}  // namespace

Containment::Containment(ResponseBackend& backend, const AuditLog& audit, net::Clock& clock,
                         ApprovalGate gate, std::function<void(const std::string&)> progress)
    : backend_(backend),
      audit_(audit),
      clock_(clock),
      gate_(std::move(gate)),
      progress_(std::move(progress)) {}

std::string Containment::Comment(const ContainmentRequest& request,
                                 const ApprovalDecision& approval) {
  std::string comment = fmt::format("Quarry {}", ContainmentVerb(request.kind));
  if (request.finding) {
    comment += fmt::format(" for hunt {} finding #{} \"{}\" ({} confidence{})",
                           request.finding->hunt_id, request.finding->index,
                           Clip(request.finding->title, 160), request.finding->confidence,
                           request.finding->verified ? ", verified" : ", not verified");
  }
  comment += fmt::format("; approved by {} ({})", approval.approver, approval.method);
  if (!request.note.empty()) comment += ". " + Clip(request.note, 300);
  return Clip(comment, 1000);
}

Status Containment::Audit(const std::string& event, const ContainmentRequest& request,
                          const Machine* machine, const ApprovalDecision* approval,
                          const ActionCall* call, const std::string& result,
                          std::string_view action_id) {
  nlohmann::json record = {{"event", event},
                           {"who", approval ? approval->approver : std::string()},
                           {"backend", backend_.Describe()},
                           {"dry_run", backend_.IsDryRun()},
                           {"action", ContainmentVerb(request.kind)},
                           {"device", request.device},
                           {"result", result}};
  if (request.kind == ContainmentKind::kIsolate) {
    record["isolation_type"] = IsolationTypeName(request.isolation_type);
  }
  if (request.finding) {
    record["finding"] = {{"hunt_id", request.finding->hunt_id},
                         {"index", request.finding->index},
                         {"title", request.finding->title},
                         {"confidence", request.finding->confidence},
                         {"verified", request.finding->verified}};
  }
  if (machine) {
    record["machine"] = {{"id", machine->id}, {"computerDnsName", machine->computer_dns_name}};
  }
  if (approval) {
    record["approval"] = {{"approved", approval->approved},
                          {"approver", approval->approver},
                          {"method", approval->method},
                          {"reason", approval->reason}};
  }
  if (call) {
    record["request"] = {
        {"method", call->method}, {"url", call->url}, {"body", call->request_body}};
    record["response_code"] = call->http_status;
    record["action_id"] = call->action ? call->action->id : std::string(action_id);
  }
  return audit_.Append(std::move(record));
}

Result<Machine> Containment::Resolve(const ContainmentRequest& request) {
  QUARRY_ASSIGN_OR_RETURN(std::vector<Machine> candidates, backend_.FindMachines(request.device));
  MachineMatch match = MatchMachine(request.device, candidates);
  if (match.unique()) return match.matches.front();
  if (match.matches.empty()) {
    std::string near;
    for (size_t i = 0; i < candidates.size() && i < 5; ++i) {
      near += (near.empty() ? "" : ", ") + candidates[i].computer_dns_name;
    }
    return NotFound(fmt::format("no Defender machine is named exactly '{}'{}{}", request.device,
                                near.empty() ? "" : "; similar names: ", near));
  }
  std::string list;
  for (const auto& m : match.matches) {
    list += fmt::format("\n  {}  (machine id {}, last seen {})", m.computer_dns_name, m.id,
                        m.last_seen.empty() ? "?" : m.last_seen);
  }
  return FailedPrecondition(
      fmt::format("'{}' names {} Defender machines; say which by its full name or machine id:{}",
                  request.device, match.matches.size(), list));
}

Result<ContainmentOutcome> Containment::Run(const ContainmentRequest& request) {
  const std::string verb = ContainmentVerb(request.kind);
  Result<Machine> machine = Resolve(request);
  if (!machine.ok()) {
    QUARRY_RETURN_IF_ERROR(Audit(verb + ".lookup_failed", request, nullptr, nullptr, nullptr,
                                 machine.status().message()));
    return machine.status();
  }
  ApprovalQuestion question;
  question.kind = request.kind;
  question.machine = *machine;
  question.isolation_type = IsolationTypeName(request.isolation_type);
  question.finding = request.finding;
  question.dry_run = backend_.IsDryRun();
  ApprovalDecision approval = gate_(question);
  if (!approval.approved) {
    QUARRY_RETURN_IF_ERROR(
        Audit(verb + ".declined", request, &*machine, &approval, nullptr, approval.reason));
    return PermissionDenied(fmt::format("{} of {} was not approved: {}", verb,
                                        machine->computer_dns_name, approval.reason));
  }
  QUARRY_RETURN_IF_ERROR(
      Audit(verb + ".approved", request, &*machine, &approval, nullptr, "about to send"));

  ContainmentOutcome outcome;
  outcome.machine = *machine;
  const std::string comment = Comment(request, approval);
  outcome.call = request.kind == ContainmentKind::kIsolate
                     ? backend_.Isolate(*machine, comment, request.isolation_type)
                     : backend_.Release(*machine, comment);
  const ActionCall& call = outcome.call;
  std::string result =
      call.status.ok() ? (call.action ? call.action->status : "sent") : call.status.message();
  QUARRY_RETURN_IF_ERROR(Audit(verb + ".sent", request, &*machine, &approval, &call, result));
  if (call.status.code() == StatusCode::kAlreadyExists) {
    outcome.already = true;
    outcome.summary = fmt::format("{}: {}", machine->computer_dns_name, call.status.message());
    return outcome;
  }
  if (!call.status.ok()) return call.status;
  const std::string action_id = call.action ? call.action->id : "";
  if (backend_.IsDryRun()) {
    outcome.summary = fmt::format("DRY RUN: would {} {} ({}); nothing was sent ({})", verb,
                                  machine->computer_dns_name, machine->id, backend_.Describe());
    return outcome;
  }
  outcome.summary =
      fmt::format("{} requested for {} (action {}, status {})", verb, machine->computer_dns_name,
                  action_id, call.action ? call.action->status : "unknown");
  if (!request.wait || action_id.empty()) return outcome;

  auto on_status = [&](const MachineAction& a) {
    if (progress_) progress_(fmt::format("action {}: {}", a.id, a.status));
  };
  Status poll_audit;
  auto on_call = [&](const ActionCall& poll) {
    const std::string poll_result =
        poll.status.ok() && poll.action ? poll.action->status : poll.status.message();
    Status written =
        Audit(verb + ".status", request, &*machine, &approval, &poll, poll_result, action_id);
    if (poll_audit.ok()) poll_audit = written;
  };
  Result<MachineAction> final_action = WaitForAction(backend_, action_id, clock_,
                                                     request.wait_timeout, request.poll_interval,
                                                     on_status, on_call);
  QUARRY_RETURN_IF_ERROR(poll_audit);
  const std::string final_result =
      final_action.ok() ? final_action->status : final_action.status().message();
  QUARRY_RETURN_IF_ERROR(
      Audit(verb + ".completed", request, &*machine, &approval, &call, final_result));
  if (!final_action.ok()) return final_action.status();
  outcome.final_action = *final_action;
  outcome.summary = fmt::format("{} of {} {} (action {})", verb, machine->computer_dns_name,
                                final_action->status, action_id);
  if (final_action->status != "Succeeded") {
    return Unavailable(
        fmt::format("{} of {} ended {} (action {}); see the device page in the "
                    "Defender portal",
                    verb, machine->computer_dns_name, final_action->status, action_id));
  }
  return outcome;
}

}  // namespace quarry::response
