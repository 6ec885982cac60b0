#include "llm/cost.h"

#include <fmt/core.h>

#include <algorithm>

namespace quarry::llm {

double CostUsd(const ModelInfo& model, int64_t prompt_tokens, int64_t cached_tokens,
               int64_t completion_tokens) {
  cached_tokens = std::clamp<int64_t>(cached_tokens, 0, prompt_tokens);
  double cached_price = model.cached_input_per_1m.value_or(model.input_per_1m);
  double micro = static_cast<double>(prompt_tokens - cached_tokens) * model.input_per_1m +
                 static_cast<double>(cached_tokens) * cached_price +
                 static_cast<double>(completion_tokens) * model.output_per_1m;
  return micro / 1'000'000.0;
}

double ActualCostUsd(const ModelInfo& model, const Usage& usage) {
  return CostUsd(model, usage.prompt_tokens, usage.cached_tokens, usage.completion_tokens);
}

double WorstCaseCostUsd(const ModelInfo& model, int64_t prompt_tokens,
                        std::optional<int> max_output_tokens) {
  int64_t output = max_output_tokens ? *max_output_tokens : model.max_output;
  return CostUsd(model, prompt_tokens, 0, output);
}

std::string FormatUsd(double usd) {
  if (usd < 0.01) return fmt::format("${:.6f}", usd);
  return fmt::format("${:.2f}", usd);
}

}  // namespace quarry::llm
