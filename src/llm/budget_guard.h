// BudgetGuard: the per-hunt and daily spending limits, checked before every model call.
//
// The hunt asks Check(estimated_usd) before a call and reports Record(actual_usd) after it. A
// call is refused (ResourceExhausted, with what was spent, what the call would cost and which
// limit it would pass) when spent + estimate would exceed either limit. "Today" starts with what
// the usage ledger says was spent since 00:00 UTC. No limit set means no check.
//
// Thread-safety: all methods are safe to call concurrently.
#pragma once

#include <mutex>
#include <optional>

#include "common/status.h"

namespace quarry::llm {

struct BudgetLimits {
  std::optional<double> per_hunt_usd;
  std::optional<double> daily_usd;
};

class BudgetGuard {
 public:
  BudgetGuard(BudgetLimits limits, double spent_today_usd);

  Status Check(double estimated_usd) const;
  void Record(double actual_usd);

  double hunt_spent_usd() const;
  double today_spent_usd() const;
  const BudgetLimits& limits() const { return limits_; }

 private:
  const BudgetLimits limits_;
  mutable std::mutex mutex_;
  double hunt_spent_ = 0;   // guarded by mutex_
  double today_spent_ = 0;  // guarded by mutex_
};

}  // namespace quarry::llm
