#include "llm/metered_chat_model.h"

#include <fmt/core.h>

#include <iostream>

#include "common/time.h"
#include "llm/cost.h"

namespace quarry::llm {

MeteredChatModel::MeteredChatModel(ChatModel* inner, const ModelCatalog* catalog,
                                   BudgetGuard* guard, const UsageLedger* ledger,
                                   PromptEstimator estimator, MeterOptions options)
    : inner_(inner),
      catalog_(catalog),
      guard_(guard),
      ledger_(ledger),
      estimator_(std::move(estimator)),
      options_(std::move(options)) {
  if (!options_.now_ticks) options_.now_ticks = NowTicks;
  if (!options_.on_ledger_error) {
    options_.on_ledger_error = [](const Status& status) {
      std::cerr << "quarry: warning: usage not recorded: " << status.message() << "\n";
    };
  }
}

Result<ChatResponse> MeteredChatModel::Complete(const ChatRequest& request) {
  const ModelInfo* info = catalog_->Find(request.model);
  ModelInfo unpriced;
  if (info == nullptr) {
    if (!options_.allow_unpriced) {
      return FailedPrecondition(fmt::format(
          "model '{}' is not in the model catalog, so its cost cannot be checked against the "
          "budget: add it under llm.models in the config file (price 0 for a local model)",
          request.model));
    }
    unpriced.name = request.model;
    info = &unpriced;
  }
  QUARRY_ASSIGN_OR_RETURN(int64_t prompt_tokens, estimator_(request));
  double estimate = WorstCaseCostUsd(*info, prompt_tokens, request.max_output_tokens);
  QUARRY_RETURN_IF_ERROR(guard_->Check(estimate));

  QUARRY_ASSIGN_OR_RETURN(ChatResponse response, inner_->Complete(request));
  double actual = ActualCostUsd(*info, response.usage);
  guard_->Record(actual);
  UsageRecord record;
  record.time_ticks = options_.now_ticks();
  record.model = request.model;
  record.hunt_id = options_.hunt_id;
  record.estimated_prompt_tokens = prompt_tokens;
  record.actual = response.usage;
  record.estimated_cost_usd = estimate;
  record.actual_cost_usd = actual;
  if (Status written = ledger_->Append(record); !written.ok()) options_.on_ledger_error(written);
  return response;
}

}  // namespace quarry::llm
