#include "llm/model_catalog.h"

#include <fmt/core.h>

#include <cctype>

#include "common/data_path.h"

namespace quarry::llm {
namespace {

using nlohmann::json;

Result<std::optional<int64_t>> OptionalCount(const json& object, const char* key,
                                             const std::string& where) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::optional<int64_t>();
  if (!it->is_number_integer() || it->get<int64_t>() < 0) {
    return InvalidArgument(fmt::format("{}: '{}' must be a non-negative whole number", where, key));
  }
  return std::optional<int64_t>(it->get<int64_t>());
}

Result<std::optional<double>> OptionalPrice(const json& object, const char* key,
                                            const std::string& where) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::optional<double>();
  if (!it->is_number() || it->get<double>() < 0) {
    return InvalidArgument(fmt::format("{}: price '{}' must be a non-negative number", where, key));
  }
  return std::optional<double>(it->get<double>());
}

// "gpt-4.1-mini-2025-04-14" -> "gpt-4.1-mini"; otherwise unchanged.
std::string_view StripSnapshot(std::string_view name) {
  constexpr size_t kSuffix = 11;  // "-YYYY-MM-DD"
  if (name.size() <= kSuffix) return name;
  std::string_view tail = name.substr(name.size() - kSuffix);
  const char* pattern = "-dddd-dd-dd";
  for (size_t i = 0; i < kSuffix; ++i) {
    bool digit = std::isdigit(static_cast<unsigned char>(tail[i]));
    if (pattern[i] == 'd' ? !digit : tail[i] != '-') return name;
  }
  return name.substr(0, name.size() - kSuffix);
}

}  // namespace

bool IsValidTier(std::string_view tier) {
  for (auto name : kTierNames) {
    if (name == tier) return true;
  }
  return false;
}

TierLimits ModelInfo::LimitsAt(std::string_view tier) const {
  auto it = limits.find(std::string(tier));
  return it == limits.end() ? TierLimits{} : it->second;
}

Result<ModelInfo> ModelCatalog::ParseModel(const json& object, const std::string& origin) {
  if (!object.is_object()) return InvalidArgument(origin + ": a model entry must be an object");
  ModelInfo model;
  auto name = object.find("name");
  if (name == object.end() || !name->is_string() || name->get<std::string>().empty()) {
    return InvalidArgument(origin + ": a model entry has no 'name'");
  }
  model.name = name->get<std::string>();
  const std::string where = fmt::format("{}: model '{}'", origin, model.name);
  if (auto it = object.find("encoding"); it != object.end() && it->is_string()) {
    model.encoding = it->get<std::string>();
  }
  QUARRY_ASSIGN_OR_RETURN(auto window, OptionalCount(object, "context_window", where));
  if (!window || *window == 0) return InvalidArgument(where + ": 'context_window' is required");
  model.context_window = *window;
  QUARRY_ASSIGN_OR_RETURN(model.max_input, OptionalCount(object, "max_input", where));
  QUARRY_ASSIGN_OR_RETURN(auto max_output, OptionalCount(object, "max_output", where));
  model.max_output = max_output.value_or(0);
  if (auto price = object.find("price_per_1m"); price != object.end() && price->is_object()) {
    QUARRY_ASSIGN_OR_RETURN(auto input, OptionalPrice(*price, "input", where));
    QUARRY_ASSIGN_OR_RETURN(model.cached_input_per_1m,
                            OptionalPrice(*price, "cached_input", where));
    QUARRY_ASSIGN_OR_RETURN(auto output, OptionalPrice(*price, "output", where));
    model.input_per_1m = input.value_or(0);
    model.output_per_1m = output.value_or(0);
  }
  if (auto it = object.find("accepts_temperature"); it != object.end() && it->is_boolean()) {
    model.accepts_temperature = it->get<bool>();
  }
  if (auto it = object.find("max_tokens_parameter"); it != object.end() && it->is_string()) {
    std::string field = it->get<std::string>();
    if (field == "max_tokens") {
      model.max_tokens_field = MaxTokensField::kMaxTokens;
    } else if (field != "max_completion_tokens") {
      return InvalidArgument(
          where + ": 'max_tokens_parameter' must be max_completion_tokens or max_tokens");
    }
  }
  if (auto limits = object.find("limits"); limits != object.end() && limits->is_object()) {
    for (const auto& [tier, value] : limits->items()) {
      if (!IsValidTier(tier)) {
        return InvalidArgument(
            fmt::format("{}: unknown tier '{}' (use free, 1, 2, 3, 4 or 5)", where, tier));
      }
      if (!value.is_object()) continue;
      TierLimits tier_limits;
      QUARRY_ASSIGN_OR_RETURN(tier_limits.tpm, OptionalCount(value, "tpm", where));
      QUARRY_ASSIGN_OR_RETURN(tier_limits.rpm, OptionalCount(value, "rpm", where));
      model.limits[tier] = tier_limits;
    }
  }
  if (auto it = object.find("note"); it != object.end() && it->is_string()) {
    model.note = it->get<std::string>();
  }
  return model;
}

Result<ModelCatalog> ModelCatalog::FromJson(std::string_view text, const std::string& origin) {
  json parsed = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return InvalidArgument(origin + ": the model catalog is not a valid JSON object");
  }
  auto models = parsed.find("models");
  if (models == parsed.end() || !models->is_array()) {
    return InvalidArgument(origin + ": the model catalog has no 'models' list");
  }
  ModelCatalog catalog;
  for (const json& entry : *models) {
    QUARRY_ASSIGN_OR_RETURN(ModelInfo model, ParseModel(entry, origin));
    catalog.Upsert(std::move(model));
  }
  return catalog;
}

Result<ModelCatalog> ModelCatalog::LoadFile(const std::string& path) {
  QUARRY_ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  return FromJson(text, path);
}

Result<ModelCatalog> ModelCatalog::LoadDefault() {
  QUARRY_ASSIGN_OR_RETURN(std::string path, FindDataPath("data/llm/models.json"));
  return LoadFile(path);
}

const ModelInfo* ModelCatalog::Find(std::string_view name) const {
  for (const auto& model : models_) {
    if (model.name == name) return &model;
  }
  std::string_view base = StripSnapshot(name);
  if (base == name) return nullptr;
  for (const auto& model : models_) {
    if (model.name == base) return &model;
  }
  return nullptr;
}

void ModelCatalog::Upsert(ModelInfo model) {
  for (auto& existing : models_) {
    if (existing.name == model.name) {
      existing = std::move(model);
      return;
    }
  }
  models_.push_back(std::move(model));
}

}  // namespace quarry::llm
