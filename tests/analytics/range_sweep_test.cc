// Issue 7's proof on the cyber range: a sweep of a freshly generated range finds at least 95% of
// the planted scenarios, at least 80% of its Medium/High findings match a planted scenario, and no
// benign look-alike is reported as High. analytics_tests runs the small scale (six seeds, ~15 s
// each: it builds the range); analytics_slow_tests compiles this file again with
// QUARRY_RANGE_MEDIUM=1 for the medium scale (seeds 11 and 42, ~2M events each, labelled slow).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "analytics/rule_loader.h"
#include "analytics/score.h"
#include "analytics/workspace_sweep.h"
#include "common/time.h"
#include "range/demo_workspace.h"

namespace quarry::analytics {
namespace {

#if QUARRY_RANGE_MEDIUM
constexpr range::Scale kScale = range::Scale::kMedium;
const auto kSeeds = ::testing::Values(11u, 42u);
#else
constexpr range::Scale kScale = range::Scale::kSmall;
const auto kSeeds = ::testing::Values(1u, 2u, 3u, 11u, 42u, 2024u);
#endif

class RangeSweepTest : public ::testing::TestWithParam<uint64_t> {};

TEST_P(RangeSweepTest, FindsPlantedScenariosWithFewFalseAlarms) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() /
                 ("quarry-range-sweep-" + std::string(range::ScaleName(kScale)) + "-" +
                  std::to_string(GetParam()) + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  range::RangeOptions options;
  options.seed = GetParam();
  options.scale = kScale;
  options.now_ticks = *ParseDatetime("2024-06-15T00:00:00Z");
  auto init = range::InitDemoWorkspace(dir.string(), options);
  ASSERT_TRUE(init.ok()) << init.status().ToString();

  auto rules = LoadRuleDirectory(std::string(QUARRY_SOURCE_ROOT) + "/rules");
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  WorkspaceSweepOptions sweep_options;
  sweep_options.workspace_dir = dir.string();
  auto sweep = SweepWorkspace(*rules, sweep_options);
  ASSERT_TRUE(sweep.ok()) << sweep.status().ToString();
  EXPECT_EQ(sweep->result.rules_failed, 0u);

  ScoreReport report = Score(init->truth, sweep->result.findings);
  std::string text = FormatScore(report, true);
  std::cout << text;
  EXPECT_GE(report.scenarios, 20u);
  EXPECT_GE(report.recall, 0.95) << text;
  EXPECT_GE(report.precision, 0.80) << text;
  EXPECT_EQ(report.lookalikes_fired_high, 0u) << text;
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Seeds, RangeSweepTest, kSeeds);

}  // namespace
}  // namespace quarry::analytics
