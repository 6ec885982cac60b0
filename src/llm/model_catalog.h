// The model catalog: what Quarry knows about each model — tokenizer encoding, context window,
// input limit, max output, price per 1M tokens and rate limits per usage tier.
//
// Loaded from data/llm/models.json (data, not code; see docs/MODELS.md for the format and the
// sources of the figures); users add or override models from their config file (e.g. a local
// Ollama model with zero price). Unknown figures are absent (std::nullopt), never zero.
// Lookup accepts dated snapshots: "gpt-4.1-mini-2025-04-14" finds "gpt-4.1-mini".
//
// Thread-safety: a loaded catalog is immutable unless Upsert() is called; const methods are
// safe to call concurrently.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "llm/openai_wire.h"

namespace quarry::llm {

// Usage tiers as OpenAI names them: "free", "1" .. "5".
inline constexpr std::string_view kTierNames[] = {"free", "1", "2", "3", "4", "5"};
bool IsValidTier(std::string_view tier);

struct TierLimits {
  std::optional<int64_t> tpm;
  std::optional<int64_t> rpm;
};

struct ModelInfo {
  std::string name;
  std::string encoding;  // "o200k_base", "cl100k_base", or "" when unknown
  int64_t context_window = 0;
  std::optional<int64_t> max_input;  // when lower than the window (gpt-5: 272,000)
  int64_t max_output = 0;
  double input_per_1m = 0;
  std::optional<double> cached_input_per_1m;  // nullopt: billed at the input price
  double output_per_1m = 0;
  bool accepts_temperature = true;
  MaxTokensField max_tokens_field = MaxTokensField::kMaxCompletionTokens;
  std::map<std::string, TierLimits> limits;  // by tier name
  std::string note;

  // max_input when known, else context_window.
  int64_t InputLimit() const { return max_input ? *max_input : context_window; }
  TierLimits LimitsAt(std::string_view tier) const;
};

class ModelCatalog {
 public:
  ModelCatalog() = default;

  // Parses the catalog JSON (see docs/MODELS.md); `origin` names the file in errors.
  static Result<ModelCatalog> FromJson(std::string_view text, const std::string& origin);
  static Result<ModelCatalog> LoadFile(const std::string& path);
  // data/llm/models.json found with FindDataPath.
  static Result<ModelCatalog> LoadDefault();

  // One model from its JSON object (the catalog's and the config's format).
  static Result<ModelInfo> ParseModel(const nlohmann::json& object, const std::string& origin);

  // Exact name, then the name without a -YYYY-MM-DD snapshot suffix; nullptr when unknown.
  const ModelInfo* Find(std::string_view name) const;
  // Adds `model`, replacing one of the same name.
  void Upsert(ModelInfo model);
  const std::vector<ModelInfo>& models() const { return models_; }

 private:
  std::vector<ModelInfo> models_;
};

}  // namespace quarry::llm
