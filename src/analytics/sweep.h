// Sweep and hunt analysis: running many rules and turning all their hits into findings.
//
// Sweep runs the whole library over a catalog (the scheduled-hunting use: `quarry sweep`).
// AnalyzeHunt is the offline analyst of a hunt: it runs only the rules whose tables and entities
// fit the HuntPlan, within the plan's window, keeps the hits about the plan's entities, and
// builds findings. A rule that fails (e.g. a table with an unexpected schema) is reported in the
// run summaries and does not stop the others.
//
// Thread-safety: safe to call concurrently when the catalog is.
#pragma once

#include <string>
#include <vector>

#include "analytics/analyst.h"
#include "analytics/plan_fit.h"
#include "analytics/rule.h"
#include "analytics/rule_runner.h"
#include "hunt/finding.h"
#include "hunt/hunt_plan.h"
#include "kql/catalog.h"

namespace quarry::analytics {

struct SweepOptions {
  TimeWindow window;
  int64_t now_ticks = 0;
  int threads = 0;
  AnalystOptions analyst;
};

struct RuleRunSummary {
  std::string rule_id;
  size_t hits = 0;
  double seconds = 0;
  bool skipped = false;  // a required table is missing from the catalog
  std::string error;     // non-empty when the rule failed
};

struct SweepResult {
  std::vector<hunt::Finding> findings;  // ranked, most confident first
  std::vector<RuleRunSummary> runs;
  size_t rules_run = 0, rules_failed = 0, rules_skipped = 0;
};

SweepResult Sweep(const std::vector<Rule>& rules, const kql::Catalog& catalog,
                  const SweepOptions& options);

SweepResult AnalyzeHunt(const std::vector<Rule>& rules, const kql::Catalog& catalog,
                        const hunt::HuntPlan& plan, const SweepOptions& options);

}  // namespace quarry::analytics
