// ModelPlanner: the hunt's planner when a chat model is configured.
//
// One chat call: the system prompt (data/prompts/hunt_planner_system.md), then the current time in
// UTC and the analyst's request between <<<REQUEST nonce>>> markers (their words; anything pasted
// into it is data), with `tools` = [query_log_analytics, whose parameters are
// HuntPlanJsonSchema(allowed tables)] and `tool_choice` forcing that function. The call's
// arguments are read with HuntPlanFromJson (relative windows count back from now) and checked
// with CheckPlan, so a plan the guardrails would refuse is never handed on; the runner then checks
// the plan again like any other.
//
// The model never decides whether the hunt goes on: a failed call (network, 429 after the
// client's retries, a declined cost or model question), a reply without the tool call, arguments
// that are not JSON or not a valid plan, or a plan the guardrails refuse all fall back to
// OfflinePlanner, and LastReport() carries a note saying why. The cost is counted with the exact
// tokenizer and shown to the observer before it is spent, through the same MeteredModelCall as
// the analyst's calls.
//
// Thread-compatible: one planner per hunt.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hunt/guardrails.h"
#include "hunt/hunt_runner.h"
#include "hunt/metered_call.h"
#include "hunt/planner.h"
#include "llm/chat.h"
#include "llm/model_catalog.h"

namespace quarry::hunt {

// The shipped planner prompt (FindDataPath("data/prompts/hunt_planner_system.md")).
Result<std::string> LoadPlannerSystemPrompt();

// The user message: the current time and the request between <<<REQUEST nonce>>> markers.
std::string PlannerUserMessage(std::string_view request, int64_t now_ticks,
                               const std::string& nonce);

class ModelPlanner : public Planner {
 public:
  // `chat`, `info` (may be null: cost unknown), `guardrails` and `observer` (may be null) must
  // outlive this. The schema's table list is the guardrails' allowed tables.
  ModelPlanner(llm::ChatModel& chat, std::string model, const llm::ModelInfo* info,
               std::string system_prompt, const GuardrailConfig& guardrails,
               HuntObserver* observer);

  Result<HuntPlan> Plan(std::string_view request, int64_t now_ticks) override;
  PlanReport LastReport() const override { return report_; }

  int max_output_tokens = 1000;
  // Where a model the person switches to (HuntObserver::ChooseModel) finds its prices.
  void set_catalog(const llm::ModelCatalog* catalog) { meter_.set_catalog(catalog); }

 private:
  // The model's plan, or why there is none.
  Result<HuntPlan> PlanWithModel(std::string_view request, int64_t now_ticks);

  MeteredModelCall meter_;
  std::string system_prompt_;
  const GuardrailConfig& guardrails_;
  OfflinePlanner offline_;
  PlanReport report_;
};

}  // namespace quarry::hunt
