// Guardrails: what a hunt may touch. Allow-lists of tables, of fields per table and of models
// (from config, with defaults that are a superset of the seeds' lists), a cap on the time
// window (default 30 days) and on rows returned (default 10,000). A plan outside them is refused
// with the reason (a table or model not allowed, a malformed entity) or repaired with a note
// (an unknown field dropped, an empty entity treated as no filter, a window trimmed to the cap).
//
// Thread-safety: GuardrailConfig is a value; the functions are pure.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "hunt/hunt_plan.h"

namespace quarry::hunt {

struct GuardrailConfig {
  // table -> allowed columns; the keys are the allowed tables.
  std::map<std::string, std::vector<std::string>> allowed_fields;
  std::vector<std::string> allowed_models;
  double max_window_hours = 30 * 24;
  int64_t row_cap = 10'000;
  size_t max_entity_length = 256;
};

// Every table of DefaultHuntTables() with every column of its built-in schema, the seeds'
// models plus current small ones, 30 days, 10,000 rows. Fails only if the built-in schemas
// cannot be loaded.
Result<GuardrailConfig> DefaultGuardrailConfig();

// Overrides `base` with the keys present in `j`: {"tables": {"Table": ["Col", ..] | "*"},
// "models": [..], "max_window_hours": n, "row_cap": n}. Errors name the field.
Result<GuardrailConfig> GuardrailConfigFromJson(const nlohmann::json& j, GuardrailConfig base);

struct CheckedPlan {
  HuntPlan plan;
  std::vector<std::string> notes;  // one sentence per repair
};

// Refuses (PermissionDenied / InvalidArgument, with the reason) or returns the plan repaired.
Result<CheckedPlan> CheckPlan(const HuntPlan& plan, const GuardrailConfig& config);

// PermissionDenied naming the allowed models when `model` is not one of them.
Status CheckModel(const std::string& model, const GuardrailConfig& config);

}  // namespace quarry::hunt
