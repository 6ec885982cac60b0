#include "response/defender_wire.h"

#include <cctype>

#include <nlohmann/json.hpp>

namespace quarry::response {
namespace {

using nlohmann::json;

std::string Text(const json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

Machine ToMachine(const json& m) {
  return {Text(m, "id"),       Text(m, "computerDnsName"), Text(m, "osPlatform"),
          Text(m, "lastSeen"), Text(m, "healthStatus"),    Text(m, "lastIpAddress")};
}

}  // namespace

bool IsFinalActionStatus(std::string_view status) {
  return status == "Succeeded" || status == "Failed" || status == "TimeOut" ||
         status == "Cancelled";
}

std::string ODataStringLiteral(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  out += '\'';
  return out;
}

Result<std::vector<Machine>> ParseMachineList(std::string_view body) {
  json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object() || !parsed.contains("value") ||
      !parsed["value"].is_array()) {
    return InvalidArgument("the Defender machine list is not an OData answer with a 'value' array");
  }
  std::vector<Machine> machines;
  for (const auto& m : parsed["value"]) {
    if (!m.is_object() || Text(m, "id").empty()) {
      return InvalidArgument("the Defender machine list has an entry without an id");
    }
    machines.push_back(ToMachine(m));
  }
  return machines;
}

Result<Machine> ParseMachine(std::string_view body) {
  json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object() || Text(parsed, "id").empty()) {
    return InvalidArgument("the Defender answer is not a machine with an id");
  }
  return ToMachine(parsed);
}

bool IsMachineId(std::string_view text) {
  if (text.size() != 40) return false;
  for (char c : text) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

Result<MachineAction> ParseMachineAction(std::string_view body) {
  json a = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (a.is_discarded() || !a.is_object() || Text(a, "id").empty() || Text(a, "status").empty()) {
    return InvalidArgument("the Defender answer is not a machine action with an id and a status");
  }
  return MachineAction{Text(a, "id"),
                       Text(a, "type"),
                       Text(a, "status"),
                       Text(a, "machineId"),
                       Text(a, "computerDnsName"),
                       Text(a, "requestor"),
                       Text(a, "requestorComment"),
                       Text(a, "creationDateTimeUtc"),
                       Text(a, "lastUpdateDateTimeUtc")};
}

DefenderError ParseDefenderError(std::string_view body) {
  json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object() || !parsed.contains("error")) return {};
  const json& error = parsed["error"];
  if (!error.is_object()) return {"", Text(parsed, "error")};
  return {Text(error, "code"), Text(error, "message")};
}

}  // namespace quarry::response
