#include "response/response_backend.h"

#include <fmt/core.h>
#include <strings.h>

namespace quarry::response {

const char* IsolationTypeName(IsolationType type) {
  return type == IsolationType::kFull ? "Full" : "Selective";
}

std::optional<IsolationType> IsolationTypeFromName(std::string_view name) {
  if (name.size() == 4 && strncasecmp(name.data(), "full", 4) == 0) return IsolationType::kFull;
  if (name.size() == 9 && strncasecmp(name.data(), "selective", 9) == 0) {
    return IsolationType::kSelective;
  }
  return std::nullopt;
}

Result<MachineAction> ResponseBackend::GetAction(std::string_view action_id) {
  ActionCall call = CheckAction(action_id);
  if (!call.status.ok()) return call.status;
  if (!call.action) return Internal("a machine action status request answered no action");
  return *call.action;
}

Result<MachineAction> WaitForAction(ResponseBackend& backend, std::string_view action_id,
                                    net::Clock& clock, std::chrono::seconds timeout,
                                    std::chrono::seconds interval,
                                    const std::function<void(const MachineAction&)>& on_status,
                                    const std::function<void(const ActionCall&)>& on_call) {
  const auto deadline = clock.Now() + timeout;
  std::string last_status;
  while (true) {
    ActionCall call = backend.CheckAction(action_id);
    if (on_call) on_call(call);
    if (!call.status.ok()) return call.status;
    if (!call.action) return Internal("a machine action status request answered no action");
    const MachineAction& action = *call.action;
    if (action.status != last_status && on_status) on_status(action);
    last_status = action.status;
    if (IsFinalActionStatus(action.status)) return action;
    if (clock.Now() + interval > deadline) {
      return DeadlineExceeded(fmt::format(
          "machine action {} was still {} after {}s; check it later with `quarry action-status "
          "{}`",
          action_id, last_status, timeout.count(), action_id));
    }
    QUARRY_RETURN_IF_ERROR(clock.SleepFor(interval));
  }
}

}  // namespace quarry::response
