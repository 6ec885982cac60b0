// Planner: an analyst's request -> HuntPlan (which tables, which fields, which entities, which
// time window, and why). Two implementations share this interface: the model planner (one tool
// call whose schema is HuntPlanJsonSchema(), second wave) and OfflinePlanner here, which is
// deterministic and needs no model: entity recognition (request_entities.h), a time-expression
// grammar (time_window.h) and a weighted topic lexicon (topic_tables.h).
//
// `now_ticks` is always injected (every hunting command accepts --now), so a plan is a pure
// function of (request, now). OfflinePlanner is stateless: thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "hunt/hunt_plan.h"

namespace quarry::hunt {

class Planner {
 public:
  virtual ~Planner() = default;
  virtual Result<HuntPlan> Plan(std::string_view request, int64_t now_ticks) = 0;
};

class OfflinePlanner : public Planner {
 public:
  // InvalidArgument for an empty request; otherwise always a plan (a vague request gets a broad
  // first look over the default window).
  Result<HuntPlan> Plan(std::string_view request, int64_t now_ticks) override;
};

}  // namespace quarry::hunt
