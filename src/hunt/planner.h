// Planner: an analyst's request -> HuntPlan (which tables, which fields, which entities, which
// time window, and why). Two implementations share this interface: ModelPlanner
// (model_planner.h: one tool call whose schema is HuntPlanJsonSchema()) and OfflinePlanner here,
// which is
// deterministic and needs no model: entity recognition (request_entities.h), a time-expression
// grammar (time_window.h) and a weighted topic lexicon (topic_tables.h).
//
// `now_ticks` is always injected (every hunting command accepts --now), so a plan is a pure
// function of (request, now). OfflinePlanner is stateless: thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "hunt/hunt_plan.h"

namespace quarry::hunt {

// What the last Plan() call did besides the plan: who planned it, notes for the analyst (e.g. why
// a model planner fell back to the offline one) and what the planning cost.
struct PlanReport {
  std::string planner = "offline";  // "offline" or "model:<name>"
  std::vector<std::string> notes;
  int64_t prompt_tokens = 0;
  int64_t completion_tokens = 0;
  double cost_usd = 0;
  int calls = 0;  // model calls made while planning
};

class Planner {
 public:
  virtual ~Planner() = default;
  virtual Result<HuntPlan> Plan(std::string_view request, int64_t now_ticks) = 0;
  virtual PlanReport LastReport() const { return {}; }
};

class OfflinePlanner : public Planner {
 public:
  // InvalidArgument for an empty request; otherwise always a plan (a vague request gets a broad
  // first look over the default window).
  Result<HuntPlan> Plan(std::string_view request, int64_t now_ticks) override;
};

}  // namespace quarry::hunt
