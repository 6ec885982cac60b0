#include "analytics/sweep.h"

#include <algorithm>

namespace quarry::analytics {
namespace {

SweepResult RunAll(const std::vector<const Rule*>& rules, const kql::Catalog& catalog,
                   const SweepOptions& options, const hunt::HuntPlan* plan) {
  SweepResult result;
  std::vector<Hit> hits;
  RunOptions run_options;
  run_options.window = options.window;
  run_options.now_ticks = options.now_ticks;
  run_options.threads = options.threads;
  for (const Rule* rule : rules) {
    RuleRunSummary summary;
    summary.rule_id = rule->id;
    bool missing = std::any_of(rule->tables.begin(), rule->tables.end(), [&](const std::string& t) {
      return !catalog.GetSchema(t).has_value();
    });
    if (missing) {
      summary.skipped = true;
      ++result.rules_skipped;
      result.runs.push_back(std::move(summary));
      continue;
    }
    auto run = RunRule(*rule, catalog, run_options);
    ++result.rules_run;
    if (!run.ok()) {
      summary.error = run.status().message();
      ++result.rules_failed;
      result.runs.push_back(std::move(summary));
      continue;
    }
    summary.seconds = run->seconds;
    for (auto& hit : run->hits) {
      if (plan != nullptr && !HitMatchesPlan(hit, *plan)) continue;
      hits.push_back(std::move(hit));
      ++summary.hits;
    }
    result.runs.push_back(std::move(summary));
  }
  result.findings = BuildFindings(hits, options.analyst);
  return result;
}

}  // namespace

SweepResult Sweep(const std::vector<Rule>& rules, const kql::Catalog& catalog,
                  const SweepOptions& options) {
  std::vector<const Rule*> all;
  all.reserve(rules.size());
  for (const auto& r : rules) all.push_back(&r);
  return RunAll(all, catalog, options, nullptr);
}

SweepResult AnalyzeHunt(const std::vector<Rule>& rules, const kql::Catalog& catalog,
                        const hunt::HuntPlan& plan, const SweepOptions& options) {
  std::vector<const Rule*> fitting;
  for (const auto& r : rules) {
    if (RuleFitsPlan(r, plan)) fitting.push_back(&r);
  }
  SweepOptions windowed = options;
  if (plan.end_ticks > plan.start_ticks) windowed.window = {plan.start_ticks, plan.end_ticks};
  return RunAll(fitting, catalog, windowed, &plan);
}

}  // namespace quarry::analytics
