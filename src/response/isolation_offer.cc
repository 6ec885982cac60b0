#include "response/isolation_offer.h"

#include <fmt/core.h>

#include "response/containment.h"

namespace quarry::response {
namespace {

nlohmann::json FindingJson(const FindingSummary& f) {
  return {{"hunt_id", f.hunt_id},
          {"index", f.index},
          {"title", f.title},
          {"confidence", f.confidence},
          {"verified", f.verified}};
}

}  // namespace

IsolationOffer::IsolationOffer(BackendFactory make_backend, IsolationOfferConfig config,
                               net::Clock& clock)
    : make_backend_(std::move(make_backend)),
      config_(std::move(config)),
      clock_(clock),
      audit_(config_.audit_path) {}

Result<ResponseBackend*> IsolationOffer::Backend() {
  if (backend_) return backend_.get();
  if (backend_error_) return *backend_error_;
  auto made = make_backend_();
  if (!made.ok()) {
    backend_error_ = made.status();
    return made.status();
  }
  backend_ = std::move(*made);
  return backend_.get();
}

ApprovalDecision IsolationOffer::Decide(const ApprovalQuestion& question) const {
  if (config_.interactive && config_.in != nullptr && config_.out != nullptr) {
    return AskInteractively(question, *config_.in, *config_.out, config_.who);
  }
  return DecideUnattended(question, config_.policy, config_.who);
}

std::string IsolationOffer::Offer(const std::string& device, const FindingSummary& finding) {
  // Unattended without a policy that allows it: the answer is no whatever the machine is, so
  // nothing is looked up; the refusal is recorded all the same.
  const bool unattended = !(config_.interactive && config_.in != nullptr && config_.out != nullptr);
  if (unattended && !(config_.policy && config_.policy->unattended_isolate)) {
    ApprovalQuestion question;
    question.finding = finding;
    ApprovalDecision no = DecideUnattended(question, config_.policy, config_.who);
    nlohmann::json record = {{"event", "isolate.declined"},
                             {"who", no.approver},
                             {"action", "isolate"},
                             {"device", device},
                             {"finding", FindingJson(finding)},
                             {"approval",
                              {{"approved", false},
                               {"approver", no.approver},
                               {"method", no.method},
                               {"reason", no.reason}}},
                             {"result", no.reason}};
    Status logged = audit_.Append(std::move(record));
    if (!logged.ok()) {
      return fmt::format("isolation of {} not approved ({}); the audit log could not be written: {}",
                         device, no.reason, logged.message());
    }
    return fmt::format("isolation of {} offered and not approved ({}): nothing sent", device,
                       no.reason);
  }

  Result<ResponseBackend*> backend = Backend();
  if (!backend.ok()) {
    nlohmann::json record = {{"event", "isolate.backend_unavailable"},
                             {"who", config_.who},
                             {"action", "isolate"},
                             {"device", device},
                             {"finding", FindingJson(finding)},
                             {"result", backend.status().message()}};
    Status logged = audit_.Append(std::move(record));
    return fmt::format("isolation of {} not possible: Defender for Endpoint is unavailable ({}){}",
                       device, backend.status().message(),
                       logged.ok() ? "" : "; the audit log could not be written: " + logged.message());
  }
  ApprovalDecision decision;
  Containment containment(**backend, audit_, clock_, [&](const ApprovalQuestion& q) {
    decision = Decide(q);
    return decision;
  });
  ContainmentRequest request;
  request.device = device;
  request.finding = finding;
  request.wait = false;
  auto outcome = containment.Run(request);
  if (outcome.ok()) return outcome->summary;
  if (outcome.status().code() == StatusCode::kPermissionDenied) {
    return fmt::format("isolation of {} offered and not approved ({}): nothing sent", device,
                       decision.reason);
  }
  return fmt::format("isolation of {} failed: {}", device, outcome.status().message());
}

}  // namespace quarry::response
