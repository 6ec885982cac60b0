// The model-selection table: for each catalog model, the request's input tokens against the
// model's input limit, the tokens-per-minute it needs against the limit at the configured usage
// tier, the max output, and the estimated cost — the current model marked, figures at or above
// the warning ratio (default 80%) in yellow and above the limit in red. Also the verdict lines
// for the current model ("OK" / "WARNING" / "ERROR").
//
// TPM needed = input tokens + planned output tokens (OpenAI counts the output cap toward TPM).
// Colour is ANSI and only when asked for (ColorWanted decides: a terminal and no NO_COLOR).
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "llm/llm_config.h"
#include "llm/model_catalog.h"

namespace quarry::llm {

enum class LimitLevel { kOk, kWarning, kOver, kUnknown };

// kUnknown without a limit; kOver above it; kWarning at or above ratio * limit.
LimitLevel Level(int64_t used, std::optional<int64_t> limit, double warn_ratio);

struct ModelTableOptions {
  // Input tokens of the request for a model (it depends on the model's encoding).
  std::function<int64_t(const ModelInfo&)> input_tokens;
  int64_t output_tokens = 1000;  // planned output per call (capped at the model's max output)
  std::string tier = "1";
  std::string current_model;
  double warn_ratio = 0.8;
  bool color = false;
};

struct ModelAssessment {
  const ModelInfo* model = nullptr;
  bool current = false;
  int64_t input_tokens = 0;
  int64_t input_limit = 0;
  LimitLevel input_level = LimitLevel::kOk;
  int64_t tpm_needed = 0;
  std::optional<int64_t> tpm_limit;
  LimitLevel tpm_level = LimitLevel::kUnknown;
  int64_t output_tokens = 0;
  double cost_usd = 0;
};

// REQUIRES: `catalog` outlives the returned rows (they point into it).
std::vector<ModelAssessment> AssessModels(const ModelCatalog& catalog,
                                          const ModelTableOptions& options);

std::string RenderModelTable(const std::vector<ModelAssessment>& rows,
                             const ModelTableOptions& options);

// Verdict lines for one model, e.g. "OK: input 169606/272000 is within the input limit of
// gpt-5-mini." and "WARNING: 170606 TPM needed is at least 80% of gpt-5-mini's 200000 TPM limit
// at tier 1."
std::string RenderVerdict(const ModelAssessment& row, const ModelTableOptions& options);

// True when colour should be used: output is a terminal and NO_COLOR is unset or empty.
bool ColorWanted(bool is_terminal, const EnvLookup& env);

}  // namespace quarry::llm
