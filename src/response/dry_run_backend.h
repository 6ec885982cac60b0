// DryRunBackend: a ResponseBackend that sends nothing. Used when no Defender credentials are
// configured or --dry-run is given: it shows (and the audit log records) exactly the request
// that would have been made, and every action it returns has status "DryRun". Machine lookup
// cannot ask Defender, so the name given stands for the machine.
//
// Thread-safe.
#pragma once

#include <atomic>
#include <string>

#include "response/defender_client.h"
#include "response/response_backend.h"

namespace quarry::response {

class DryRunBackend : public ResponseBackend {
 public:
  // `reason`: why this is a dry run ("--dry-run", "no Defender credentials: ...").
  explicit DryRunBackend(std::string reason, std::string api_base = kDefenderApi)
      : reason_(std::move(reason)), api_base_(std::move(api_base)) {}

  std::string Describe() const override { return "dry run (" + reason_ + ")"; }
  bool IsDryRun() const override { return true; }
  Result<std::vector<Machine>> FindMachines(std::string_view name) override;
  ActionCall Isolate(const Machine& machine, std::string_view comment, IsolationType type) override;
  ActionCall Release(const Machine& machine, std::string_view comment) override;
  // FailedPrecondition: a dry run has no actions to ask about.
  ActionCall CheckAction(std::string_view action_id) override;

 private:
  ActionCall Pretend(const Machine& machine, const std::string& verb, const std::string& type,
                     const std::string& body);

  std::string reason_;
  std::string api_base_;
  std::atomic<int> next_{1};
};

}  // namespace quarry::response
