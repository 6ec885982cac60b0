#include "hunt/json_read.h"
#include "common/json_text.h"

#include <cmath>

namespace quarry::hunt {

std::string JsonTypeName(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::boolean: return "boolean";
    case nlohmann::json::value_t::string: return "string";
    case nlohmann::json::value_t::array: return "array";
    case nlohmann::json::value_t::object: return "object";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: return "integer";
    case nlohmann::json::value_t::number_float: return "number";
    default: return "binary";
  }
}

std::string FieldName(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

namespace {

Status Missing(const std::string& path, const std::string& key) {
  return InvalidArgument("field '" + FieldName(path, key) + "' is required but missing");
}

Status WrongType(const std::string& path, const std::string& key, const std::string& expected,
                 const nlohmann::json& found) {
  return InvalidArgument("field '" + FieldName(path, key) + "': expected " + expected +
                         ", found " + JsonTypeName(found));
}

}  // namespace

Result<std::optional<std::string>> ReadString(const nlohmann::json& obj, const std::string& key,
                                              const std::string& path, bool required,
                                              bool nullable) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    if (required) return Missing(path, key);
    return std::optional<std::string>();
  }
  if (it->is_null()) {
    if (nullable || !required) return std::optional<std::string>();
    return WrongType(path, key, "a string", *it);
  }
  if (!it->is_string()) return WrongType(path, key, nullable ? "a string or null" : "a string", *it);
  return std::optional<std::string>(it->get<std::string>());
}

Result<std::vector<std::string>> ReadStringArray(const nlohmann::json& obj, const std::string& key,
                                                 const std::string& path, bool required) {
  std::vector<std::string> out;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    if (required) return Missing(path, key);
    return out;
  }
  if (!it->is_array()) return WrongType(path, key, "an array of strings", *it);
  for (size_t i = 0; i < it->size(); ++i) {
    const auto& item = (*it)[i];
    if (!item.is_string()) {
      return InvalidArgument("field '" + FieldName(path, key) + "[" + std::to_string(i) +
                             "]': expected a string, found " + JsonTypeName(item));
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

Result<std::optional<double>> ReadNumber(const nlohmann::json& obj, const std::string& key,
                                         const std::string& path, bool required) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    if (required) return Missing(path, key);
    return std::optional<double>();
  }
  if (!it->is_number()) return WrongType(path, key, "a number", *it);
  double v = it->get<double>();
  if (!std::isfinite(v)) return WrongType(path, key, "a finite number", *it);
  return std::optional<double>(v);
}

Result<std::optional<int64_t>> ReadInteger(const nlohmann::json& obj, const std::string& key,
                                           const std::string& path, bool required, int64_t min,
                                           int64_t max) {
  QUARRY_ASSIGN_OR_RETURN(auto number, ReadNumber(obj, key, path, required));
  if (!number) return std::optional<int64_t>();
  double v = *number;
  if (std::floor(v) != v) return WrongType(path, key, "an integer", obj.at(key));
  if (v < static_cast<double>(min) || v > static_cast<double>(max)) {
    return InvalidArgument("field '" + FieldName(path, key) + "': " + JsonText(obj.at(key)) +
                           " is out of range " + std::to_string(min) + ".." +
                           std::to_string(max));
  }
  return std::optional<int64_t>(static_cast<int64_t>(v));
}

}  // namespace quarry::hunt
