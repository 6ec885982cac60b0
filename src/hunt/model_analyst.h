// ModelAnalyst: the hunt's analyst when a chat model is configured.
//
// One conversation: the system prompt (data/prompts/threat_hunt_system.md), then the request,
// the plan and the evidence as delimited data (logs are untrusted: the markers carry a random
// nonce so no log line can close them, and the prompt says instructions inside are data). The
// reply is structured output with FindingsResponseJsonSchema(); the model may instead call the
// query_log_analytics tool (HuntPlanJsonSchema) to pivot, up to `max_rounds` times — each call
// runs through PivotRunner (guardrails, query builder) and its evidence returns as the tool's
// result. The cost of every call is counted with the exact tokenizer and shown to the observer
// before it is spent (MeteredModelCall, shared with the model planner). A reply that is not
// valid JSON for the schema gets one corrective retry, then the analysis fails (the runner falls
// back to the offline analyst).
//
// Thread-compatible: one analyst per hunt.
#pragma once

#include <string>

#include "hunt/hunt_runner.h"
#include "hunt/metered_call.h"
#include "llm/chat.h"
#include "llm/model_catalog.h"

namespace quarry::hunt {

// The shipped system prompt (FindDataPath("data/prompts/threat_hunt_system.md")).
Result<std::string> LoadHuntSystemPrompt();

// The user message: request, plan JSON and the evidence between <<<EVIDENCE nonce>>> markers.
std::string AnalystUserMessage(const std::string& request, const HuntPlan& plan,
                               const std::string& evidence_text, const std::string& nonce);

class ModelAnalyst : public HuntAnalyst {
 public:
  // `chat`, `info` (may be null: cost unknown) and `observer` (may be null) must outlive this.
  ModelAnalyst(llm::ChatModel& chat, std::string model, const llm::ModelInfo* info,
               std::string system_prompt, std::vector<std::string> allowed_tables,
               HuntObserver* observer);

  std::string Name() const override { return "model:" + meter_.model(); }
  Result<std::vector<Finding>> Analyze(const AnalysisInput& input, PivotRunner& pivots,
                                       Evidence* extra, AnalysisUsage* usage) override;

  int max_output_tokens = 4096;
  // Where a model the person switches to (HuntObserver::ChooseModel) finds its prices; without
  // it a switched-to model's cost is unknown (shown as 0).
  void set_catalog(const llm::ModelCatalog* catalog) { meter_.set_catalog(catalog); }

 private:
  MeteredModelCall meter_;
  std::string system_prompt_;
  std::vector<std::string> allowed_tables_;
};

}  // namespace quarry::hunt
