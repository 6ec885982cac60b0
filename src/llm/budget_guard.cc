#include "llm/budget_guard.h"

#include <fmt/core.h>

#include "llm/cost.h"

namespace quarry::llm {

BudgetGuard::BudgetGuard(BudgetLimits limits, double spent_today_usd)
    : limits_(limits), today_spent_(spent_today_usd) {}

Status BudgetGuard::Check(double estimated_usd) const {
  std::lock_guard lock(mutex_);
  if (limits_.per_hunt_usd && hunt_spent_ + estimated_usd > *limits_.per_hunt_usd) {
    return ResourceExhausted(fmt::format(
        "this model call could cost up to {} and the hunt has already spent {}: that would pass "
        "the per-hunt budget of {} (raise budget.per_hunt_usd in the config, or use a cheaper "
        "model or smaller evidence)",
        FormatUsd(estimated_usd), FormatUsd(hunt_spent_), FormatUsd(*limits_.per_hunt_usd)));
  }
  if (limits_.daily_usd && today_spent_ + estimated_usd > *limits_.daily_usd) {
    return ResourceExhausted(fmt::format(
        "this model call could cost up to {} and {} has been spent today (UTC): that would pass "
        "the daily budget of {} (raise budget.daily_usd in the config or wait until tomorrow)",
        FormatUsd(estimated_usd), FormatUsd(today_spent_), FormatUsd(*limits_.daily_usd)));
  }
  return Status::Ok();
}

void BudgetGuard::Record(double actual_usd) {
  std::lock_guard lock(mutex_);
  hunt_spent_ += actual_usd;
  today_spent_ += actual_usd;
}

double BudgetGuard::hunt_spent_usd() const {
  std::lock_guard lock(mutex_);
  return hunt_spent_;
}

double BudgetGuard::today_spent_usd() const {
  std::lock_guard lock(mutex_);
  return today_spent_;
}

}  // namespace quarry::llm
