// The Microsoft Defender for Endpoint API's wire format, as pure functions.
//
//   GET  /api/machines?$filter=computerDnsName eq 'web-1.contoso.com'
//        -> {"@odata.context":...,"value":[Machine...]}
//   GET  /api/machines/{id}           -> Machine (404 when no machine has that id)
//   POST /api/machines/{id}/isolate   {"Comment":"...","IsolationType":"Full"|"Selective"}
//   POST /api/machines/{id}/unisolate {"Comment":"..."}
//        -> 201 MachineAction
//   GET  /api/machineactions/{id}     -> MachineAction
// Machine: {"id","computerDnsName","osPlatform","lastSeen","healthStatus","lastIpAddress",...}.
// MachineAction: {"id","type","requestor","requestorComment","status","machineId",
// "computerDnsName","creationDateTimeUtc","lastUpdateDateTimeUtc"}; status is Pending,
// InProgress, Succeeded, Failed, TimeOut or Cancelled. Errors: {"error":{"code","message",
// "target"}}. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace quarry::response {

struct Machine {
  std::string id;
  std::string computer_dns_name;
  std::string os_platform;
  std::string last_seen;
  std::string health_status;
  std::string last_ip_address;
};

struct MachineAction {
  std::string id;
  std::string type;  // "Isolate", "Unisolate"
  std::string status;
  std::string machine_id;
  std::string computer_dns_name;
  std::string requestor;
  std::string requestor_comment;
  std::string creation_time;
  std::string last_update_time;
};

// True for Succeeded, Failed, TimeOut and Cancelled.
bool IsFinalActionStatus(std::string_view status);

// An OData string literal: the text in single quotes with every ' doubled.
std::string ODataStringLiteral(std::string_view text);

Result<std::vector<Machine>> ParseMachineList(std::string_view body);
Result<Machine> ParseMachine(std::string_view body);

// True for a Defender machine id: 40 hexadecimal digits (a SHA-1), in any case.
bool IsMachineId(std::string_view text);
Result<MachineAction> ParseMachineAction(std::string_view body);

struct DefenderError {
  std::string code;
  std::string message;
};
// {"error":{"code","message"}}; empty fields when the body is not one.
DefenderError ParseDefenderError(std::string_view body);

}  // namespace quarry::response
