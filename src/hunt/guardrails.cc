#include "hunt/guardrails.h"

#include <algorithm>
#include <cmath>

#include "common/time.h"
#include "hunt/json_read.h"
#include "hunt/table_profile.h"
#include "schemas/builtin_schemas.h"

namespace quarry::hunt {
namespace {

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The allow-listed spelling of `name` (case-insensitive), or "".
std::string AllowedTable(const GuardrailConfig& config, const std::string& name) {
  for (const auto& [table, cols] : config.allowed_fields) {
    if (Lower(table) == Lower(name)) return table;
  }
  return "";
}

std::vector<std::string> Keys(const std::map<std::string, std::vector<std::string>>& m) {
  std::vector<std::string> out;
  for (const auto& [k, v] : m) out.push_back(k);
  return out;
}

// Entities are typed values that end up in string literals: they may hold quotes (the query
// builder escapes them) but never control characters, and they are short.
Status CheckEntity(const char* field, std::optional<std::string>& value, const GuardrailConfig& config,
                   std::vector<std::string>& notes) {
  if (!value) return Status::Ok();
  std::string trimmed = *value;
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back()))) trimmed.pop_back();
  size_t start = 0;
  while (start < trimmed.size() && std::isspace(static_cast<unsigned char>(trimmed[start]))) ++start;
  trimmed = trimmed.substr(start);
  if (trimmed.empty()) {
    notes.push_back(std::string(field) + " was empty: no filter on it (an empty value would match everything)");
    value.reset();
    return Status::Ok();
  }
  if (trimmed.size() > config.max_entity_length) {
    return InvalidArgument(std::string(field) + " is " + std::to_string(trimmed.size()) +
                           " characters long; the limit is " + std::to_string(config.max_entity_length));
  }
  for (unsigned char c : trimmed) {
    if (c < 0x20 || c == 0x7f) {
      return InvalidArgument(std::string(field) + " contains a control character; refusing to "
                             "build a query from it");
    }
  }
  value = trimmed;
  return Status::Ok();
}

}  // namespace

Result<GuardrailConfig> DefaultGuardrailConfig() {
  QUARRY_ASSIGN_OR_RETURN(const SchemaRegistry* schemas, BuiltinSchemas());
  GuardrailConfig config;
  for (const auto& table : DefaultHuntTables()) {
    auto schema = schemas->Find(table);
    if (!schema) return NotFound("built-in schema for hunt table '" + table + "' is missing");
    auto& cols = config.allowed_fields[table];
    for (const auto& f : schema->fields()) cols.push_back(f.name);
  }
  config.allowed_models = {"gpt-4.1-nano", "gpt-4.1-mini", "gpt-4.1", "gpt-5-nano",
                           "gpt-5-mini",   "gpt-5",        "gpt-4o-mini", "gpt-4o"};
  return config;
}

Result<GuardrailConfig> GuardrailConfigFromJson(const nlohmann::json& j, GuardrailConfig base) {
  if (!j.is_object()) return InvalidArgument("guardrail config must be a JSON object, found " + JsonTypeName(j));
  if (auto tables = j.find("tables"); tables != j.end()) {
    if (!tables->is_object()) {
      return InvalidArgument("field 'tables': expected an object (table -> array of columns or "
                             "\"*\"), found " + JsonTypeName(*tables));
    }
    QUARRY_ASSIGN_OR_RETURN(const SchemaRegistry* schemas, BuiltinSchemas());
    std::map<std::string, std::vector<std::string>> allowed;
    for (const auto& [table, cols] : tables->items()) {
      auto schema = schemas->Find(table);
      if (!schema) return NotFound("field 'tables." + table + "': no such table in the built-in schemas");
      std::string canonical = *schemas->CanonicalName(table);
      if (cols.is_string() && cols.get<std::string>() == "*") {
        for (const auto& f : schema->fields()) allowed[canonical].push_back(f.name);
        continue;
      }
      QUARRY_ASSIGN_OR_RETURN(auto list, ReadStringArray(*tables, table, "tables", true));
      for (const auto& c : list) {
        if (!schema->IndexOf(c)) {
          return NotFound("field 'tables." + table + "': column '" + c + "' is not in " + canonical);
        }
      }
      allowed[canonical] = list;
    }
    base.allowed_fields = std::move(allowed);
  }
  if (j.contains("models")) {
    QUARRY_ASSIGN_OR_RETURN(base.allowed_models, ReadStringArray(j, "models", "", true));
  }
  QUARRY_ASSIGN_OR_RETURN(auto hours, ReadNumber(j, "max_window_hours", "", false));
  if (hours) {
    if (*hours <= 0) return InvalidArgument("field 'max_window_hours': must be greater than 0");
    base.max_window_hours = *hours;
  }
  QUARRY_ASSIGN_OR_RETURN(auto cap, ReadInteger(j, "row_cap", "", false, 1, 10'000'000));
  if (cap) base.row_cap = *cap;
  return base;
}

Result<CheckedPlan> CheckPlan(const HuntPlan& input, const GuardrailConfig& config) {
  CheckedPlan out;
  HuntPlan& plan = out.plan;
  plan = input;
  std::vector<std::string>& notes = out.notes;

  plan.tables.clear();
  for (const auto& t : input.tables) {
    std::string allowed = AllowedTable(config, t);
    if (allowed.empty()) {
      return PermissionDenied("table '" + t + "' is not allowed for hunting (allowed: " +
                              Join(Keys(config.allowed_fields)) + ")");
    }
    if (std::find(plan.tables.begin(), plan.tables.end(), allowed) == plan.tables.end()) {
      plan.tables.push_back(allowed);
    }
  }
  if (plan.tables.empty()) return InvalidArgument("the plan names no table to search");

  plan.fields.clear();
  for (const auto& [t, cols] : input.fields) {
    std::string allowed = AllowedTable(config, t);
    if (allowed.empty() || std::find(plan.tables.begin(), plan.tables.end(), allowed) == plan.tables.end()) {
      notes.push_back("fields for '" + t + "' dropped: the plan does not search that table");
      continue;
    }
    const auto& allowed_cols = config.allowed_fields.at(allowed);
    auto& kept = plan.fields[allowed];
    for (const auto& c : cols) {
      auto it = std::find_if(allowed_cols.begin(), allowed_cols.end(),
                             [&](const std::string& a) { return Lower(a) == Lower(c); });
      if (it == allowed_cols.end()) {
        notes.push_back("field '" + c + "' dropped from " + allowed + ": not an allowed column");
      } else if (std::find(kept.begin(), kept.end(), *it) == kept.end()) {
        kept.push_back(*it);
      }
    }
  }
  for (const auto& t : plan.tables) {
    auto& kept = plan.fields[t];
    const auto& allowed_cols = config.allowed_fields.at(t);
    if (kept.empty()) {
      if (const TableProfile* profile = FindTableProfile(t)) {
        for (const auto& c : profile->default_fields) {
          if (std::find(allowed_cols.begin(), allowed_cols.end(), c) != allowed_cols.end()) kept.push_back(c);
        }
      }
      if (kept.empty()) kept = allowed_cols;
      notes.push_back("no usable fields for " + t + ": using its default columns");
    }
    const TableProfile* profile = FindTableProfile(t);
    std::string time_column = profile ? profile->time_column : "TimeGenerated";
    if (std::find(kept.begin(), kept.end(), time_column) == kept.end() &&
        std::find(allowed_cols.begin(), allowed_cols.end(), time_column) != allowed_cols.end()) {
      kept.insert(kept.begin(), time_column);
    }
  }

  QUARRY_RETURN_IF_ERROR(CheckEntity("device_name", plan.device_name, config, notes));
  QUARRY_RETURN_IF_ERROR(CheckEntity("user_principal_name", plan.user_principal_name, config, notes));
  QUARRY_RETURN_IF_ERROR(CheckEntity("caller", plan.caller, config, notes));
  QUARRY_RETURN_IF_ERROR(CheckEntity("ip_address", plan.ip_address, config, notes));
  QUARRY_RETURN_IF_ERROR(CheckEntity("process_name", plan.process_name, config, notes));
  if (plan.port && (*plan.port < 0 || *plan.port > 65535)) {
    return InvalidArgument("port " + std::to_string(*plan.port) + " is outside 0..65535");
  }

  if (plan.start_ticks >= plan.end_ticks) {
    return InvalidArgument("the time window is empty: start " + FormatDatetime(plan.start_ticks) +
                           " is not before end " + FormatDatetime(plan.end_ticks));
  }
  int64_t max_ticks = static_cast<int64_t>(std::llround(config.max_window_hours * kTicksPerHour));
  if (plan.end_ticks - plan.start_ticks > max_ticks) {
    notes.push_back("time window trimmed from " + FormatTimespan(plan.end_ticks - plan.start_ticks) +
                    " to the cap of " + FormatTimespan(max_ticks) + " (ending " +
                    FormatDatetime(plan.end_ticks) + ")");
    plan.start_ticks = plan.end_ticks - max_ticks;
  }
  plan.time_range_hours = static_cast<double>(plan.end_ticks - plan.start_ticks) / kTicksPerHour;
  return out;
}

Status CheckModel(const std::string& model, const GuardrailConfig& config) {
  for (const auto& m : config.allowed_models) {
    if (m == model) return Status::Ok();
  }
  return PermissionDenied("model '" + model + "' is not allowed (allowed: " +
                          Join(config.allowed_models) + ")");
}

}  // namespace quarry::hunt
