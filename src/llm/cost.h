// Dollar cost of model calls from the catalog's per-1M-token prices.
//
// Billing follows OpenAI's usage fields: prompt_tokens includes cached_tokens, which are billed at
// the cached-input price (the input price when the model has none); completion_tokens includes
// reasoning tokens, billed at the output price. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "llm/chat.h"
#include "llm/model_catalog.h"

namespace quarry::llm {

double CostUsd(const ModelInfo& model, int64_t prompt_tokens, int64_t cached_tokens,
               int64_t completion_tokens);

double ActualCostUsd(const ModelInfo& model, const Usage& usage);

// The most a request can cost: every prompt token uncached and the whole output cap used
// (`max_output_tokens`, or the model's max output when the request sets none).
double WorstCaseCostUsd(const ModelInfo& model, int64_t prompt_tokens,
                        std::optional<int> max_output_tokens);

// "$0.000123" below one cent, else "$1.23" (as the seeds printed it).
std::string FormatUsd(double usd);

}  // namespace quarry::llm
