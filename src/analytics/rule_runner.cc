#include "analytics/rule_runner.h"

#include <chrono>

#include <fmt/format.h>

#include "analytics/fixture_catalog.h"
#include "analytics/windowed_catalog.h"
#include "common/time.h"
#include "kql/engine.h"

namespace quarry::analytics {
namespace {

// Fixtures use any time; this window holds them all.
constexpr const char* kFixtureStart = "2000-01-01T00:00:00Z";
constexpr const char* kFixtureEnd = "2100-01-01T00:00:00Z";

}  // namespace

std::string QueryForWindow(const Rule& rule, const TimeWindow& window) {
  bool uses_window = rule.query.find("HuntStart") != std::string::npos ||
                     rule.query.find("HuntEnd") != std::string::npos;
  if (!uses_window) return rule.query;
  return fmt::format("let HuntStart = datetime({}); let HuntEnd = datetime({});\n{}",
                     FormatDatetime(window.start_ticks), FormatDatetime(window.end_ticks),
                     rule.query);
}

Result<RuleRun> RunRule(const Rule& rule, const kql::Catalog& catalog, const RunOptions& options) {
  auto started = std::chrono::steady_clock::now();
  WindowedCatalog windowed(catalog, options.window.start_ticks - rule.query_period_ticks,
                           options.window.end_ticks);
  kql::Engine engine(windowed);
  kql::QueryOptions query_options;
  query_options.now_ticks = options.now_ticks;
  query_options.threads = options.threads;
  query_options.max_result_rows = options.max_result_rows;
  auto result = engine.Run(QueryForWindow(rule, options.window), query_options);
  if (!result.ok()) {
    return Status(result.status().code(), "rule " + rule.id + " (" + rule.source_file +
                                              "): " + result.status().message());
  }
  RuleRun run;
  run.rule = &rule;
  run.rows = result->table->num_rows();
  for (auto& hit : ExtractHits(rule, *result->table)) {
    if (hit.time_ticks != 0 && (hit.time_ticks < options.window.start_ticks ||
                                hit.time_ticks >= options.window.end_ticks)) {
      continue;
    }
    run.hits.push_back(std::move(hit));
  }
  run.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return run;
}

Result<FixtureResult> TestRuleFixtures(const Rule& rule, const SchemaRegistry& schemas) {
  RunOptions options;
  options.window = {*ParseDatetime(kFixtureStart), *ParseDatetime(kFixtureEnd)};
  options.now_ticks = rule.fixture_now.value_or(options.window.end_ticks);
  options.threads = 1;
  FixtureResult out;
  QUARRY_ASSIGN_OR_RETURN(auto positive, FixtureCatalog::Build(rule.positive, schemas,
                                                               rule.id + "-pos"));
  QUARRY_ASSIGN_OR_RETURN(auto negative, FixtureCatalog::Build(rule.negative, schemas,
                                                               rule.id + "-neg"));
  QUARRY_ASSIGN_OR_RETURN(RuleRun pos_run, RunRule(rule, *positive, options));
  QUARRY_ASSIGN_OR_RETURN(RuleRun neg_run, RunRule(rule, *negative, options));
  out.positive_hits = pos_run.hits.size();
  out.negative_hits = neg_run.hits.size();
  bool pos_ok = out.positive_hits >= rule.positive.min_hits;
  bool neg_ok = out.negative_hits == 0;
  bool cites = true;
  for (const auto& hit : pos_run.hits) cites = cites && !hit.evidence_ids.empty();
  out.passed = pos_ok && neg_ok && cites;
  if (!pos_ok) {
    out.message = fmt::format("positive fixture: expected at least {} hit(s), got {}",
                              rule.positive.min_hits, out.positive_hits);
  } else if (!neg_ok) {
    out.message = fmt::format("negative fixture: expected no hits, got {}", out.negative_hits);
  } else if (!cites) {
    out.message = "positive fixture: a hit cites no evidence (_ItemId / EvidenceIds)";
  }
  return out;
}

}  // namespace quarry::analytics
