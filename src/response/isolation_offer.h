// IsolationOffer: a hunt's offer to isolate a machine named by a High-confidence verified
// finding (issue 6, "Response"). Who may say yes:
//   - a person at a terminal, by typing "yes" after seeing the exact machine Defender resolved;
//   - otherwise only a response policy file that sets unattended.isolate for High-confidence
//     verified findings (approval_policy.h). Nothing else counts: not --yes, not a model, not
//     text in the logs. Without a terminal and without such a policy nothing is looked up or
//     sent; the refusal is still audited.
// Every decision lands in the audit log: approved, declined, lookup failures and a response
// backend that could not be set up. The backend (Defender, or a dry run when none is
// configured) is made on the first offer that needs it, so a hunt with nothing to contain never
// probes for credentials.
//
// Thread-compatible: one IsolationOffer per hunt.
#pragma once

#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include "net/clock.h"
#include "response/approval_policy.h"
#include "response/audit_log.h"
#include "response/response_backend.h"

namespace quarry::response {

using BackendFactory = std::function<Result<std::unique_ptr<ResponseBackend>>()>;

struct IsolationOfferConfig {
  std::string audit_path;
  bool interactive = false;  // a person can answer on `in` / `out`
  std::istream* in = nullptr;
  std::ostream* out = nullptr;
  std::optional<ResponsePolicy> policy;
  std::string who;  // the operator (CurrentOperator())
};

class IsolationOffer {
 public:
  // `clock` must outlive this object.
  IsolationOffer(BackendFactory make_backend, IsolationOfferConfig config, net::Clock& clock);

  // Offers to isolate `device` because of `finding`; returns one line for the analyst saying
  // what happened (sent, dry run, not approved and why, or why it failed). Does not wait for the
  // action to finish (`quarry action-status` follows it).
  std::string Offer(const std::string& device, const FindingSummary& finding);

 private:
  Result<ResponseBackend*> Backend();
  ApprovalDecision Decide(const ApprovalQuestion& question) const;

  BackendFactory make_backend_;
  IsolationOfferConfig config_;
  net::Clock& clock_;
  AuditLog audit_;
  std::unique_ptr<ResponseBackend> backend_;
  std::optional<Status> backend_error_;
};

}  // namespace quarry::response
