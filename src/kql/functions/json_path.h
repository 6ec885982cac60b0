// JSONPath of names and indices for the functions that take one (extract_json, bag_has_key,
// bag_remove_keys): $.a.b, $['a'], $["a"], $.a[0]. Anything else is not a path.
//
// Internal to the function library. Pure functions: thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "table/value.h"

namespace quarry::kql::fn {

struct JsonPathStep {
  std::string name;
  int64_t index = -1;  // >= 0: an array index
};

// nullopt unless `path` starts with '$' and is made of .name, ['name'] and [digits] steps.
std::optional<std::vector<JsonPathStep>> ParseJsonPath(std::string_view path);

// The value the steps lead to inside `root`, or nullptr.
const Json* FollowJsonPath(const Json& root, const std::vector<JsonPathStep>& steps);

}  // namespace quarry::kql::fn
