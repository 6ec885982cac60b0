#include "hunt/hunt_plan.h"

#include <cmath>

#include "common/time.h"
#include "hunt/json_read.h"
#include "common/json_text.h"

namespace quarry::hunt {
namespace {

nlohmann::json OptionalString(const std::optional<std::string>& s) {
  return s ? nlohmann::json(*s) : nlohmann::json(nullptr);
}

Result<std::optional<int64_t>> ReadTime(const nlohmann::json& j, const std::string& key,
                                        bool required) {
  QUARRY_ASSIGN_OR_RETURN(auto text, ReadString(j, key, "", required, !required));
  if (!text) return std::optional<int64_t>();
  auto ticks = ParseDatetime(*text);
  if (!ticks) {
    return InvalidArgument("field '" + key + "': '" + *text +
                           "' is not an ISO 8601 time (e.g. 2025-01-03T00:00:00Z)");
  }
  return std::optional<int64_t>(*ticks);
}

nlohmann::json NullableString(const std::string& description) {
  return {{"type", {"string", "null"}}, {"description", description}};
}

}  // namespace

const std::vector<std::string>& DefaultHuntTables() {
  static const std::vector<std::string> kTables = {
      "SigninLogs",          "AuditLogs",           "AzureActivity",
      "AzureNetworkAnalytics_CL", "DeviceLogonEvents", "DeviceProcessEvents",
      "DeviceNetworkEvents", "DeviceFileEvents",    "DeviceRegistryEvents",
      "DeviceInfo",          "AlertInfo",           "AlertEvidence"};
  return kTables;
}

nlohmann::json HuntPlanToJson(const HuntPlan& plan) {
  nlohmann::json fields = nlohmann::json::object();
  for (const auto& [table, cols] : plan.fields) fields[table] = cols;
  return {{"tables", plan.tables},
          {"fields", fields},
          {"device_name", OptionalString(plan.device_name)},
          {"user_principal_name", OptionalString(plan.user_principal_name)},
          {"caller", OptionalString(plan.caller)},
          {"ip_address", OptionalString(plan.ip_address)},
          {"process_name", OptionalString(plan.process_name)},
          {"port", plan.port ? nlohmann::json(*plan.port) : nlohmann::json(nullptr)},
          {"start", FormatDatetime(plan.start_ticks)},
          {"end", FormatDatetime(plan.end_ticks)},
          {"time_range_hours", plan.time_range_hours},
          {"rationale", plan.rationale}};
}

Result<HuntPlan> HuntPlanFromJson(const nlohmann::json& j, std::optional<int64_t> now_ticks) {
  if (!j.is_object()) {
    return InvalidArgument("a hunt plan must be a JSON object, found " + JsonTypeName(j));
  }
  HuntPlan plan;
  QUARRY_ASSIGN_OR_RETURN(plan.tables, ReadStringArray(j, "tables", "", true));
  if (plan.tables.empty()) return InvalidArgument("field 'tables': must name at least one table");
  auto fields = j.find("fields");
  if (fields != j.end() && !fields->is_null()) {
    if (!fields->is_object()) {
      return InvalidArgument("field 'fields': expected an object (table -> array of column "
                             "names), found " + JsonTypeName(*fields));
    }
    for (const auto& [table, cols] : fields->items()) {
      if (cols.is_null()) continue;
      QUARRY_ASSIGN_OR_RETURN(plan.fields[table], ReadStringArray(*fields, table, "fields", true));
    }
  }
  QUARRY_ASSIGN_OR_RETURN(plan.device_name, ReadString(j, "device_name", "", false, true));
  QUARRY_ASSIGN_OR_RETURN(plan.user_principal_name,
                          ReadString(j, "user_principal_name", "", false, true));
  QUARRY_ASSIGN_OR_RETURN(plan.caller, ReadString(j, "caller", "", false, true));
  QUARRY_ASSIGN_OR_RETURN(plan.ip_address, ReadString(j, "ip_address", "", false, true));
  QUARRY_ASSIGN_OR_RETURN(plan.process_name, ReadString(j, "process_name", "", false, true));
  QUARRY_ASSIGN_OR_RETURN(auto port, ReadInteger(j, "port", "", false, 0, 65535));
  if (port) plan.port = static_cast<int>(*port);
  QUARRY_ASSIGN_OR_RETURN(auto rationale, ReadString(j, "rationale", "", false, true));
  plan.rationale = rationale.value_or("");

  bool times_required = !now_ticks.has_value();
  QUARRY_ASSIGN_OR_RETURN(auto start, ReadTime(j, "start", times_required));
  QUARRY_ASSIGN_OR_RETURN(auto end, ReadTime(j, "end", times_required));
  QUARRY_ASSIGN_OR_RETURN(auto hours, ReadNumber(j, "time_range_hours", "", false));
  if (hours && *hours <= 0) {
    return InvalidArgument("field 'time_range_hours': must be greater than 0, found " +
                           JsonText(j.at("time_range_hours")));
  }
  if (!end) end = now_ticks;
  if (!start) {
    if (!hours) {
      return InvalidArgument("field 'start': missing, and no 'time_range_hours' to count back "
                             "from 'end'");
    }
    start = *end - static_cast<int64_t>(std::llround(*hours * kTicksPerHour));
  }
  if (*start >= *end) {
    return InvalidArgument("fields 'start' and 'end': start " + FormatDatetime(*start) +
                           " is not before end " + FormatDatetime(*end));
  }
  plan.start_ticks = *start;
  plan.end_ticks = *end;
  plan.time_range_hours = static_cast<double>(*end - *start) / kTicksPerHour;
  return plan;
}

nlohmann::json HuntPlanJsonSchema() { return HuntPlanJsonSchema(DefaultHuntTables()); }

nlohmann::json HuntPlanJsonSchema(const std::vector<std::string>& tables) {
  nlohmann::json field_props = nlohmann::json::object();
  for (const auto& t : tables) {
    field_props[t] = {{"type", {"array", "null"}},
                      {"items", {{"type", "string"}}},
                      {"description", "Columns of " + t + " to return; null when not queried"}};
  }
  nlohmann::json props = {
      {"tables",
       {{"type", "array"},
        {"items", {{"type", "string"}, {"enum", tables}}},
        {"description", "Log tables to search"}}},
      {"fields",
       {{"type", "object"},
        {"properties", field_props},
        {"required", tables},
        {"additionalProperties", false}}},
      {"device_name", NullableString("Exact device (host) name to filter on, or null")},
      {"user_principal_name",
       NullableString("Exact UPN (user@domain) or bare account name to filter on, or null")},
      {"caller", NullableString("Azure Activity caller (UPN or object id), or null")},
      {"ip_address", NullableString("IPv4 or IPv6 address to filter on, or null")},
      {"process_name", NullableString("Process file name (e.g. powershell.exe), or null")},
      {"port", {{"type", {"integer", "null"}}, {"description", "TCP/UDP port, or null"}}},
      {"start", NullableString("Window start, ISO 8601 UTC; null to count back from now")},
      {"end", NullableString("Window end, ISO 8601 UTC; null for now")},
      {"time_range_hours",
       {{"type", "number"}, {"description", "Length of the window in hours (96 if unsure)"}}},
      {"rationale", {{"type", "string"}, {"description", "Why these tables, filters and window"}}}};
  nlohmann::json required = nlohmann::json::array();
  for (const auto& [name, v] : props.items()) required.push_back(name);
  return {{"type", "object"},
          {"properties", props},
          {"required", required},
          {"additionalProperties", false}};
}

}  // namespace quarry::hunt
