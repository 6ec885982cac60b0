// ResponseBackend: where containment actions go — Microsoft Defender for Endpoint
// (defender_client.h) or, when no Defender credentials are configured or --dry-run is given, a
// dry run that sends nothing (dry_run_backend.h).
//
// Every call that changes a machine returns an ActionCall describing exactly what was sent and
// what came back, whatever happened, so the audit log can record it. Implementations must allow
// calls from several threads.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "net/clock.h"
#include "response/defender_wire.h"

namespace quarry::response {

enum class IsolationType { kFull, kSelective };
const char* IsolationTypeName(IsolationType type);                          // "Full", "Selective"
std::optional<IsolationType> IsolationTypeFromName(std::string_view name);  // case-insensitive

struct ActionCall {
  std::string method;
  std::string url;
  std::string request_body;  // JSON; never holds a credential
  int http_status = 0;       // 0 when no answer came (or in a dry run)
  Status status;  // OK, AlreadyExists for "already isolated / already pending", or why not
  std::optional<MachineAction> action;
};

class ResponseBackend {
 public:
  virtual ~ResponseBackend() = default;
  // "Microsoft Defender for Endpoint (api.securitycenter.microsoft.com)" or "dry run ...".
  virtual std::string Describe() const = 0;
  virtual bool IsDryRun() const = 0;
  // Machines `name` may mean — a short name, a full DNS name, or a machine id (40 hex
  // digits); pick the exact one with MatchMachine (machine_match.h).
  virtual Result<std::vector<Machine>> FindMachines(std::string_view name) = 0;
  virtual ActionCall Isolate(const Machine& machine, std::string_view comment,
                             IsolationType type) = 0;
  virtual ActionCall Release(const Machine& machine, std::string_view comment) = 0;
  // One status request for a machine action (GET), described like the calls above so it can
  // be audited; `action` is set when `status` is OK.
  virtual ActionCall CheckAction(std::string_view action_id) = 0;

  // CheckAction's answer alone.
  Result<MachineAction> GetAction(std::string_view action_id);
};

// Polls the action every `interval` until it is Succeeded, Failed, TimeOut or Cancelled
// (returned as is) or `timeout` passes (DeadlineExceeded naming the last status seen).
// `on_status` (may be empty) hears each new status; `on_call` (may be empty) hears every
// status request made, for the audit log.
Result<MachineAction> WaitForAction(ResponseBackend& backend, std::string_view action_id,
                                    net::Clock& clock, std::chrono::seconds timeout,
                                    std::chrono::seconds interval,
                                    const std::function<void(const MachineAction&)>& on_status,
                                    const std::function<void(const ActionCall&)>& on_call = {});

}  // namespace quarry::response
