// MeteredChatModel: a ChatModel wrapper that enforces the budget before each call and records
// each call in the usage ledger afterwards, so the hunt cannot forget either.
//
// Before: the prompt is counted by the injected estimator (the exact tokenizer accounting,
// llm/accounting), the worst-case cost (whole output cap used) is checked with the BudgetGuard;
// a refusal is returned as ResourceExhausted and nothing is sent. After: the actual usage from
// the response is priced, recorded in the guard and appended to the ledger with the estimate
// (a ledger write failure is reported through on_ledger_error, never by dropping the answer).
// A model missing from the catalog is refused (its price is unknown) unless allow_unpriced.
//
// Thread-safety: as safe as the wrapped model; the guard and ledger are thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "llm/budget_guard.h"
#include "llm/chat.h"
#include "llm/model_catalog.h"
#include "llm/usage_ledger.h"

namespace quarry::llm {

using PromptEstimator = std::function<Result<int64_t>(const ChatRequest& request)>;

struct MeterOptions {
  std::string hunt_id;
  bool allow_unpriced = false;
  std::function<int64_t()> now_ticks;  // default: NowTicks()
  // Told when the ledger cannot be written; the (paid-for) response is still returned.
  // Default: a warning on stderr.
  std::function<void(const Status&)> on_ledger_error;
};

class MeteredChatModel : public ChatModel {
 public:
  // REQUIRES: every pointer non-null and outliving this object.
  MeteredChatModel(ChatModel* inner, const ModelCatalog* catalog, BudgetGuard* guard,
                   const UsageLedger* ledger, PromptEstimator estimator, MeterOptions options);

  Result<ChatResponse> Complete(const ChatRequest& request) override;

 private:
  ChatModel* inner_;
  const ModelCatalog* catalog_;
  BudgetGuard* guard_;
  const UsageLedger* ledger_;
  PromptEstimator estimator_;
  MeterOptions options_;
};

}  // namespace quarry::llm
