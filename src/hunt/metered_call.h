// MeteredModelCall: the one way the hunt's model planner and model analyst spend money on a call.
//
// Each Call: the model question (HuntObserver::ChooseModel) the first time only, so a person is
// asked once per planner or analyst; then the request's prompt tokens counted with the exact
// tokenizer of the model (llm/accounting), the worst-case cost (whole output cap used) at the
// catalog's prices, and HuntObserver::ConfirmCost with both; then the call. A cancelled question
// or a declined cost is Cancelled and nothing is sent. The reply carries the actual usage priced
// at the catalog's prices (0 when the model is not catalogued).
//
// Thread-compatible: one per planner or analyst.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "hunt/hunt_runner.h"
#include "llm/chat.h"
#include "llm/model_catalog.h"

namespace quarry::hunt {

struct MeteredReply {
  llm::ChatResponse response;
  double cost_usd = 0;  // the actual usage at the catalog's prices
};

// Adds one call's usage to PlanReport or AnalysisUsage (both have these four fields).
template <typename Totals>
void AddCallUsage(const MeteredReply& reply, Totals* totals) {
  totals->prompt_tokens += reply.response.usage.prompt_tokens;
  totals->completion_tokens += reply.response.usage.completion_tokens;
  totals->cost_usd += reply.cost_usd;
  ++totals->calls;
}

class MeteredModelCall {
 public:
  // `chat`, `info` (may be null: cost unknown) and `observer` (may be null) must outlive this.
  MeteredModelCall(llm::ChatModel& chat, std::string model, const llm::ModelInfo* info,
                   HuntObserver* observer);

  // Where a model the person switches to finds its prices; without it a switched-to model's
  // cost is unknown (shown as 0).
  void set_catalog(const llm::ModelCatalog* catalog) { catalog_ = catalog; }

  // The model calls go to (the person's choice once they have been asked).
  const std::string& model() const { return model_; }

  // Sets request.model to the chosen model and sends it if the cost is confirmed. `purpose`
  // names the call in a cancellation ("planning call", "model call").
  Result<MeteredReply> Call(llm::ChatRequest& request, std::string_view purpose);

 private:
  llm::ChatModel& chat_;
  std::string model_;
  const llm::ModelInfo* info_;
  HuntObserver* observer_;
  const llm::ModelCatalog* catalog_ = nullptr;
  bool model_chosen_ = false;
};

}  // namespace quarry::hunt
