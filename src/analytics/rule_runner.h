// Running rules: one rule's KQL through the KQL engine against a catalog, within a time window,
// and a rule's own test fixtures.
//
// The query sees rows from [window.start - rule.query_period, window.end) (its baseline history
// plus the window) and may use `HuntStart` / `HuntEnd` (datetimes the runner defines when the
// query mentions them). Hits whose time column falls outside the window are dropped, so history
// informs baselines without being reported.
//
// Thread-safety: functions are safe to call concurrently when the catalog is.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analytics/hit.h"
#include "analytics/rule.h"
#include "common/status.h"
#include "kql/catalog.h"
#include "schemas/builtin_schemas.h"

namespace quarry::analytics {

struct TimeWindow {
  int64_t start_ticks = 0;  // inclusive
  int64_t end_ticks = 0;    // exclusive
};

struct RunOptions {
  TimeWindow window;
  int64_t now_ticks = 0;         // now()/ago() in queries
  int threads = 0;               // engine threads; 0 = one per core
  size_t max_result_rows = 200000;
};

struct RuleRun {
  const Rule* rule = nullptr;
  size_t rows = 0;  // query output rows before the window filter
  std::vector<Hit> hits;
  double seconds = 0;
};

// The query text the engine runs for `rule` in `window` (the rule's query, preceded by the
// HuntStart/HuntEnd lets when it uses them).
std::string QueryForWindow(const Rule& rule, const TimeWindow& window);

// Runs the rule. Errors carry the rule id and the engine's positioned message.
Result<RuleRun> RunRule(const Rule& rule, const kql::Catalog& catalog, const RunOptions& options);

struct FixtureResult {
  size_t positive_hits = 0;
  size_t negative_hits = 0;
  bool passed = false;
  std::string message;  // why it failed, for `quarry rules test`
};

// Runs the rule's positive and negative fixtures. Not OK only when a fixture can't be built or
// the query fails; a rule that fires wrongly is an OK result with passed == false.
Result<FixtureResult> TestRuleFixtures(const Rule& rule, const SchemaRegistry& schemas);

}  // namespace quarry::analytics
