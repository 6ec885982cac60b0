#include "kql/functions/json_path.h"

#include <algorithm>

namespace quarry::kql::fn {

std::optional<std::vector<JsonPathStep>> ParseJsonPath(std::string_view path) {
  if (path.empty() || path[0] != '$') return std::nullopt;
  std::vector<JsonPathStep> steps;
  size_t p = 1;
  while (p < path.size()) {
    if (path[p] == '.') {
      size_t end = path.find_first_of(".[", p + 1);
      if (end == std::string_view::npos) end = path.size();
      if (end == p + 1) return std::nullopt;
      steps.push_back({std::string(path.substr(p + 1, end - p - 1))});
      p = end;
      continue;
    }
    if (path[p] != '[') return std::nullopt;
    size_t close = path.find(']', p);
    if (close == std::string_view::npos) return std::nullopt;
    std::string_view inner = path.substr(p + 1, close - p - 1);
    if (inner.size() >= 2 && (inner[0] == '\'' || inner[0] == '"') && inner.back() == inner[0]) {
      steps.push_back({std::string(inner.substr(1, inner.size() - 2))});
    } else if (!inner.empty() && inner.size() <= 18 &&
               std::all_of(inner.begin(), inner.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      int64_t index = 0;
      for (char c : inner) index = index * 10 + (c - '0');
      steps.push_back({"", index});
    } else {
      return std::nullopt;
    }
    p = close + 1;
  }
  return steps;
}

const Json* FollowJsonPath(const Json& root, const std::vector<JsonPathStep>& steps) {
  const Json* at = &root;
  for (const auto& s : steps) {
    if (s.index >= 0) {
      if (!at->is_array() || static_cast<size_t>(s.index) >= at->size()) return nullptr;
      at = &(*at)[static_cast<size_t>(s.index)];
    } else {
      if (!at->is_object()) return nullptr;
      auto it = at->find(s.name);
      if (it == at->end()) return nullptr;
      at = &*it;
    }
  }
  return at;
}

}  // namespace quarry::kql::fn
