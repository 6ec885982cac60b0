// Issue 7's proof on attack scenarios the range never planted: the held-out scenarios in
// tests/analytics/heldout/ (one JSON-lines file per table, written by generate.py beside them;
// other hosts, accounts and values than src/range uses) are ingested into a freshly generated
// small range the way `quarry ingest` loads files, the workspace is swept, and at least 90% of the
// held-out scenarios must be found by the rule (technique family + a named entity). The
// range's own scenarios are scored too (seed 7, a third seed next to range_sweep_test's), and the
// Medium/High findings must still match a planted or held-out scenario at least 80% of the time.
// Slow (~1 minute): it builds the range.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "analytics/rule_loader.h"
#include "analytics/score.h"
#include "analytics/workspace_sweep.h"
#include "common/time.h"
#include "range/demo_workspace.h"
#include "store/ingest.h"
#include "store/workspace.h"

namespace quarry::analytics {
namespace {

namespace fs = std::filesystem;

const fs::path kHeldOutDir = fs::path(QUARRY_SOURCE_ROOT) / "tests/analytics/heldout";

Result<range::GroundTruth> ReadHeldOutTruth() {
  std::ifstream in(kHeldOutDir / "truth.json");
  std::stringstream text;
  text << in.rdbuf();
  auto j = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return InvalidArgument("tests/analytics/heldout/truth.json is not JSON");
  return range::GroundTruthFromJson(j);
}

TEST(RangeHeldOutTest, FindsScenariosTheRangeNeverPlanted) {
  auto held_out = ReadHeldOutTruth();
  ASSERT_TRUE(held_out.ok()) << held_out.status().ToString();
  ASSERT_GE(held_out->records.size(), 20u);

  fs::path dir = fs::temp_directory_path() / ("quarry-range-heldout-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  range::RangeOptions options;
  options.seed = 7;
  options.now_ticks = *ParseDatetime("2024-06-15T00:00:00Z");
  auto init = range::InitDemoWorkspace(dir.string(), options);
  ASSERT_TRUE(init.ok()) << init.status().ToString();

  {
    auto ws = store::Workspace::Open(dir.string(), /*create=*/false);
    ASSERT_TRUE(ws.ok()) << ws.status().ToString();
    for (const auto& entry : fs::directory_iterator(kHeldOutDir)) {
      if (entry.path().extension() != ".jsonl") continue;
      store::IngestOptions ingest;
      ingest.table = entry.path().stem().string();
      auto summary = store::IngestFiles(**ws, {entry.path().string()}, ingest);
      ASSERT_TRUE(summary.ok()) << summary.status().ToString();
      EXPECT_GT(summary->rows, 0u) << entry.path();
      EXPECT_EQ(summary->bad_records, 0u) << entry.path();
      EXPECT_EQ(summary->bad_values, 0u) << entry.path();
    }
  }

  auto rules = LoadRuleDirectory(std::string(QUARRY_SOURCE_ROOT) + "/rules");
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  WorkspaceSweepOptions sweep_options;
  sweep_options.workspace_dir = dir.string();
  auto sweep = SweepWorkspace(*rules, sweep_options);
  ASSERT_TRUE(sweep.ok()) << sweep.status().ToString();
  EXPECT_EQ(sweep->result.rules_failed, 0u);
  const auto& findings = sweep->result.findings;

  ScoreReport unseen = Score(*held_out, findings);
  std::string unseen_text = FormatScore(unseen, true);
  std::cout << "held-out scenarios:\n" << unseen_text;
  EXPECT_EQ(unseen.scenarios, held_out->records.size());
  EXPECT_GE(unseen.recall, 0.90) << unseen_text;

  ScoreReport planted = Score(init->truth, findings);
  std::string planted_text = FormatScore(planted, true);
  std::cout << "planted scenarios:\n" << planted_text;
  EXPECT_GE(planted.recall, 0.95) << planted_text;
  EXPECT_EQ(planted.lookalikes_fired_high, 0u) << planted_text;

  range::GroundTruth all = init->truth;
  all.records.insert(all.records.end(), held_out->records.begin(), held_out->records.end());
  ScoreReport combined = Score(all, findings);
  std::string combined_text = FormatScore(combined, true);
  std::cout << "planted and held-out:\n" << combined_text;
  EXPECT_GE(combined.precision, 0.80) << combined_text;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace quarry::analytics
