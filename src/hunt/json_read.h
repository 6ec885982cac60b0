// Typed reads of JSON object members for the hunt's value types (HuntPlan, Finding): every error
// names the field path ("mitre.id: expected a string, found number") so a model's malformed
// answer or a hand-edited file can be fixed from the message alone. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"

namespace quarry::hunt {

// "string", "number", "array", ... as JSON Schema names the type of `j`.
std::string JsonTypeName(const nlohmann::json& j);

// `obj[key]` as a string. Missing: `required` ? error : nullopt. null: nullopt (only when
// `nullable`). `path` prefixes the field name in messages ("" for top level, "mitre" ...).
Result<std::optional<std::string>> ReadString(const nlohmann::json& obj, const std::string& key,
                                              const std::string& path, bool required,
                                              bool nullable);
// An array of strings; missing or null -> empty unless `required`.
Result<std::vector<std::string>> ReadStringArray(const nlohmann::json& obj, const std::string& key,
                                                 const std::string& path, bool required);
// A finite number; missing/null -> nullopt unless `required`.
Result<std::optional<double>> ReadNumber(const nlohmann::json& obj, const std::string& key,
                                         const std::string& path, bool required);
// An integer in [min, max] (a number with no fraction); missing/null -> nullopt unless required.
Result<std::optional<int64_t>> ReadInteger(const nlohmann::json& obj, const std::string& key,
                                           const std::string& path, bool required, int64_t min,
                                           int64_t max);
// The dotted field name for messages: FieldName("mitre", "id") == "mitre.id".
std::string FieldName(const std::string& path, const std::string& key);

}  // namespace quarry::hunt
