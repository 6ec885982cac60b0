#include "hunt/metered_call.h"

#include <fmt/core.h>

#include "llm/accounting/request_tokens.h"
#include "llm/cost.h"
#include "llm/tokenizer/tokenizer.h"

namespace quarry::hunt {

MeteredModelCall::MeteredModelCall(llm::ChatModel& chat, std::string model,
                                   const llm::ModelInfo* info, HuntObserver* observer)
    : chat_(chat), model_(std::move(model)), info_(info), observer_(observer) {}

Result<MeteredReply> MeteredModelCall::Call(llm::ChatRequest& request, std::string_view purpose) {
  if (observer_ != nullptr && !model_chosen_) {
    model_chosen_ = true;
    request.model = model_;
    std::string chosen = observer_->ChooseModel(model_, request);
    if (chosen.empty())
      return Cancelled(fmt::format("the {} was cancelled at the model question", purpose));
    if (chosen != model_) {
      model_ = std::move(chosen);
      info_ = catalog_ != nullptr ? catalog_->Find(model_) : nullptr;
    }
  }
  request.model = model_;
  int64_t prompt_tokens = 0;
  auto tokenizer = llm::Tokenizer::ForModel(model_);
  if (tokenizer.ok()) prompt_tokens = llm::CountRequestTokens(request, **tokenizer).total();
  const double worst = info_ != nullptr
                           ? llm::WorstCaseCostUsd(*info_, prompt_tokens, request.max_output_tokens)
                           : 0;
  if (observer_ != nullptr && !observer_->ConfirmCost(model_, prompt_tokens, worst)) {
    return Cancelled(
        fmt::format("the {} of {} prompt tokens was not approved", purpose, prompt_tokens));
  }
  QUARRY_ASSIGN_OR_RETURN(auto response, chat_.Complete(request));
  MeteredReply reply;
  reply.cost_usd = info_ != nullptr ? llm::ActualCostUsd(*info_, response.usage) : 0;
  reply.response = std::move(response);
  return reply;
}

}  // namespace quarry::hunt
