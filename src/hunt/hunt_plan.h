// HuntPlan: where and when to look, decided from an analyst's request (by a model's tool call
// or by the offline planner). Its JSON is what the model fills in (the tool's JSON schema), what
// `--json` prints and what threats.jsonl stores:
//   {"tables":[..], "fields":{"Table":[cols..]}, "device_name":..|null,
//    "user_principal_name":..|null, "caller":..|null, "ip_address":..|null,
//    "process_name":..|null, "port":int|null, "start":"ISO 8601 UTC", "end":"ISO 8601 UTC",
//    "time_range_hours":number, "rationale":".."}
// A superset of the seeds' query_log_analytics tool. A value type.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"

namespace quarry::hunt {

struct HuntPlan {
  std::vector<std::string> tables;
  std::map<std::string, std::vector<std::string>> fields;  // table -> columns
  std::optional<std::string> device_name;
  std::optional<std::string> user_principal_name;  // a UPN or a bare account name
  std::optional<std::string> caller;               // Azure caller (UPN or object id)
  std::optional<std::string> ip_address;
  std::optional<std::string> process_name;
  std::optional<int> port;
  int64_t start_ticks = 0;  // inclusive, UTC
  int64_t end_ticks = 0;    // exclusive, UTC
  double time_range_hours = 0;
  std::string rationale;
};

// The tables a hunt may query unless configuration narrows them (every built-in schema the
// hunt knows how to read), in a stable order.
const std::vector<std::string>& DefaultHuntTables();

nlohmann::json HuntPlanToJson(const HuntPlan& plan);
// Parses and checks the shape (types, ISO 8601 times, start < end, port 0..65535, hours > 0);
// errors name the field. `start`/`end` may be null or missing only when `now_ticks` is given:
// the window is then the `time_range_hours` before now (how a model usually answers). When
// both times are present, time_range_hours is recomputed from them.
Result<HuntPlan> HuntPlanFromJson(const nlohmann::json& j,
                                  std::optional<int64_t> now_ticks = std::nullopt);
// The JSON schema of HuntPlan (strict: every property required, nullable where optional;
// `fields` has one nullable property per table). The overload names the allowed tables.
nlohmann::json HuntPlanJsonSchema();
nlohmann::json HuntPlanJsonSchema(const std::vector<std::string>& tables);

}  // namespace quarry::hunt
