// Issue 7's held-out proof through the binary, as a user would run it: `quarry demo init` builds a
// small range (seed 7), `quarry ingest --table T` loads the held-out attacks of
// tests/analytics/heldout/ (scenarios src/range never plants, with other hosts, accounts and
// values), and `quarry sweep --json` must find at least 90% of them by the rule while the
// range's own scenarios stay at 95% and the Medium/High findings match a scenario 80% of the time.
// (tests/analytics/range_heldout_test.cc checks the same through the library.)
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "analytics/score.h"
#include "fixture_workspace.h"
#include "hunt/finding.h"
#include "range/ground_truth.h"

namespace quarry::hunt_e2e {
namespace {

namespace fs = std::filesystem;

const std::string kEnv = "env NO_COLOR=1 QUARRY_CONFIG=/nonexistent OPENAI_API_KEY= AZURE_OPENAI_API_KEY= ";
const fs::path kHeldOut = fs::path(QUARRY_SOURCE_ROOT) / "tests/analytics/heldout";

TEST(HeldOutCli, IngestedUnseenScenariosAreFoundBySweep) {
  std::string ws = (fs::temp_directory_path() / ("quarry-heldout-cli-" + std::to_string(getpid()))).string();
  fs::remove_all(ws);
  std::string out;
  ASSERT_EQ(RunCommand(kEnv + QUARRY_BINARY + " demo init --workspace " + ws +
                           " --seed 7 --now 2024-06-15T00:00:00Z 2>&1",
                       &out),
            0)
      << out;
  for (const auto& entry : fs::directory_iterator(kHeldOut)) {
    if (entry.path().extension() != ".jsonl") continue;
    ASSERT_EQ(RunCommand(kEnv + QUARRY_BINARY + " ingest --workspace " + ws + " --table " +
                             entry.path().stem().string() + " " + entry.path().string() + " 2>&1",
                         &out),
              0)
        << out;
    EXPECT_NE(out.find(" 0 quarantined"), std::string::npos) << out;
  }
  ASSERT_EQ(RunCommand(kEnv + QUARRY_BINARY + " sweep --workspace " + ws + " --json --no-log 2>/dev/null", &out), 0)
      << out;
  auto json = nlohmann::json::parse(out, nullptr, false);
  ASSERT_FALSE(json.is_discarded()) << out;
  EXPECT_EQ(json["rules_failed"], 0);
  std::vector<hunt::Finding> findings;
  for (const auto& f : json["findings"]) {
    auto finding = hunt::FindingFromJson(f);
    ASSERT_TRUE(finding.ok()) << finding.status().ToString();
    findings.push_back(std::move(finding).value());
  }

  std::ifstream in(kHeldOut / "truth.json");
  std::stringstream text;
  text << in.rdbuf();
  auto held_out = range::GroundTruthFromJson(nlohmann::json::parse(text.str()));
  ASSERT_TRUE(held_out.ok()) << held_out.status().ToString();
  auto planted = range::ReadGroundTruth(ws);
  ASSERT_TRUE(planted.ok()) << planted.status().ToString();

  analytics::ScoreReport unseen = analytics::Score(*held_out, findings);
  EXPECT_GE(unseen.scenarios, 20u);
  EXPECT_GE(unseen.recall, 0.90) << analytics::FormatScore(unseen, true);
  analytics::ScoreReport own = analytics::Score(*planted, findings);
  EXPECT_GE(own.recall, 0.95) << analytics::FormatScore(own, true);
  range::GroundTruth all = *planted;
  all.records.insert(all.records.end(), held_out->records.begin(), held_out->records.end());
  analytics::ScoreReport combined = analytics::Score(all, findings);
  EXPECT_GE(combined.precision, 0.80) << analytics::FormatScore(combined, true);
  std::cout << "held-out: " << analytics::FormatScore(unseen, false) << "all: "
            << analytics::FormatScore(combined, false);
  fs::remove_all(ws);
}

}  // namespace
}  // namespace quarry::hunt_e2e
