// `quarry demo` end to end on a generated small cyber range: bare `quarry demo` builds the range
// and hunts the README's worry about windows-target-1, and must report the planted RDP brute force
// with the planted rows as its evidence; `quarry demo score` must print the recall and precision
// that analytics::Score computes for a sweep of the same workspace, above issue 7's bars;
// `quarry rules list` must print a line per rule with its ATT&CK ids, and `quarry sweep --since
// --now` must sweep exactly that window and append its findings to the threat log.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "analytics/rule_loader.h"
#include "analytics/score.h"
#include "analytics/workspace_sweep.h"
#include "attack/catalog.h"
#include "common/time.h"
#include "fixture_workspace.h"
#include "range/ground_truth.h"

namespace quarry::hunt_e2e {
namespace {

namespace fs = std::filesystem;

const std::string kEnv = "env NO_COLOR=1 QUARRY_CONFIG=/nonexistent OPENAI_API_KEY= AZURE_OPENAI_API_KEY= ";

class DemoRange : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ws_ = (fs::temp_directory_path() / ("quarry-demo-range-" + std::to_string(getpid()))).string();
    fs::remove_all(ws_);
    // Bare `quarry demo`: creates the range (seed 1, small) and hunts in it, as scripts/demo does.
    demo_code_ = RunCommand(kEnv + QUARRY_BINARY + " demo --workspace " + ws_ +
                                " --now 2025-03-10T12:00:00Z </dev/null 2>&1",
                            &demo_output_);
  }
  static void TearDownTestSuite() { fs::remove_all(ws_); }

  static std::string ws_;
  static std::string demo_output_;
  static int demo_code_;
};
std::string DemoRange::ws_;
std::string DemoRange::demo_output_;
int DemoRange::demo_code_ = -1;

const range::TruthRecord* Find(const range::GroundTruth& truth, const std::string& kind) {
  for (const auto* r : truth.Scenarios()) {
    if (r->kind == kind) return r;
  }
  return nullptr;
}

TEST_F(DemoRange, DemoHuntReportsThePlantedLogonAttackOnWindowsTarget1) {
  ASSERT_EQ(demo_code_, 0) << demo_output_;
  EXPECT_EQ(demo_output_.find("0 potential threats"), std::string::npos) << demo_output_;
  auto truth = range::ReadGroundTruth(ws_);
  ASSERT_TRUE(truth.ok()) << truth.status().ToString();
  const range::TruthRecord* rdp = Find(*truth, "rdp_brute_force");
  ASSERT_NE(rdp, nullptr);
  ASSERT_EQ(rdp->hosts, std::vector<std::string>{"windows-target-1"});
  ASSERT_EQ(rdp->ips.size(), 1u);
  std::set<std::string> planted;
  for (const auto& [table, ids] : rdp->evidence) {
    for (uint64_t id : ids) planted.insert(std::to_string(id));
  }

  // The demo hunt's findings, as it recorded them in the workspace's threat log.
  std::ifstream log(ws_ + "/threats.jsonl");
  ASSERT_TRUE(log) << "the demo hunt recorded no findings\n" << demo_output_;
  int matching = 0;
  for (std::string line; std::getline(log, line);) {
    auto record = nlohmann::json::parse(line);
    const auto& f = record.at("finding");
    EXPECT_EQ(record.at("request"),
              "I'm worried that windows-target-1 may have been maliciously logged into in the last few days");
    auto hosts = f.at("entities").at("hosts").get<std::vector<std::string>>();
    if (std::find(hosts.begin(), hosts.end(), "windows-target-1") == hosts.end()) continue;
    const std::string technique = f.at("mitre").at("id");
    if (!attack::SameFamily(technique, "T1110") && !attack::SameFamily(technique, "T1078")) continue;
    auto ids = f.at("evidence_ids").get<std::vector<std::string>>();
    if (ids.empty()) continue;
    bool all_planted = std::all_of(ids.begin(), ids.end(), [&](const std::string& id) { return planted.count(id) > 0; });
    if (!all_planted) continue;
    auto lines = f.at("log_lines").get<std::vector<std::string>>();
    ASSERT_FALSE(lines.empty());
    for (const auto& l : lines) EXPECT_NE(l.find(rdp->ips[0]), std::string::npos) << l;
    EXPECT_EQ(f.at("verified"), true);
    ++matching;
  }
  EXPECT_GE(matching, 1) << "no finding on windows-target-1 with T1110/T1078 citing only the planted rows\n"
                         << demo_output_;
  // The terminal shows it too.
  EXPECT_NE(demo_output_.find("windows-target-1"), std::string::npos);

  // Isolation was offered, but with no terminal and no policy nothing was sent; the refusal is
  // in the audit log.
  EXPECT_NE(demo_output_.find("action: isolation of windows-target-1 offered and not approved"), std::string::npos)
      << demo_output_;
  std::ifstream audit(ws_ + "/audit.jsonl");
  ASSERT_TRUE(audit) << "no audit record of the isolation decision";
  int declined = 0;
  for (std::string line; std::getline(audit, line);) {
    auto record = nlohmann::json::parse(line);
    EXPECT_NE(record.at("event"), "isolate.sent");
    if (record.at("event") == "isolate.declined" && record.at("device") == "windows-target-1") ++declined;
  }
  EXPECT_EQ(declined, 1);
}

TEST_F(DemoRange, ScorePrintsWhatScoreComputesAboveTheIssueBars) {
  ASSERT_EQ(demo_code_, 0) << demo_output_;
  std::string output;
  int code = RunCommand(kEnv + QUARRY_BINARY + " demo score --workspace " + ws_ + " 2>&1", &output);
  ASSERT_EQ(code, 0) << output;

  auto truth = range::ReadGroundTruth(ws_);
  ASSERT_TRUE(truth.ok()) << truth.status().ToString();
  auto rules = analytics::LoadRuleDirectory(std::string(QUARRY_SOURCE_ROOT) + "/rules");
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  analytics::WorkspaceSweepOptions options;
  options.workspace_dir = ws_;
  auto sweep = analytics::SweepWorkspace(*rules, options);
  ASSERT_TRUE(sweep.ok()) << sweep.status().ToString();
  analytics::ScoreReport report = analytics::Score(*truth, sweep->result.findings);

  std::smatch recall, precision;
  ASSERT_TRUE(std::regex_search(output, recall, std::regex(R"(recall: (\d+)% \((\d+)/(\d+) scenarios)"))) << output;
  ASSERT_TRUE(std::regex_search(output, precision, std::regex(R"(precision: (\d+)% \((\d+)/(\d+) Medium)"))) << output;
  EXPECT_EQ(std::stoul(recall[2]), report.scenarios_found);
  EXPECT_EQ(std::stoul(recall[3]), report.scenarios);
  EXPECT_EQ(std::stoul(precision[2]), report.medium_high_matching);
  EXPECT_EQ(std::stoul(precision[3]), report.medium_high);
  EXPECT_EQ(output.find(analytics::FormatScore(report, false)) != std::string::npos, true) << output;
  EXPECT_GE(report.scenarios, 20u);
  EXPECT_GE(std::stoi(recall[1]), 95) << output;
  EXPECT_GE(std::stoi(precision[1]), 80) << output;
  // Scoring reads the workspace and writes nothing to the threat log.
  std::ifstream log(ws_ + "/threats.jsonl");
  std::string line, sweep_marker = "\"request\":\"quarry sweep\"";
  while (std::getline(log, line)) EXPECT_EQ(line.find(sweep_marker), std::string::npos);
}

TEST(RulesList, PrintsALinePerRuleWithItsTechniqueIds) {
  std::string output;
  int code = RunCommand(kEnv + QUARRY_BINARY + " rules list --rules " + QUARRY_SOURCE_ROOT + "/rules 2>&1", &output);
  ASSERT_EQ(code, 0) << output;
  auto rules = analytics::LoadRuleDirectory(std::string(QUARRY_SOURCE_ROOT) + "/rules");
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  std::vector<std::string> lines;
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("QR-", 0) == 0) lines.push_back(line);
  }
  EXPECT_EQ(lines.size(), rules->size()) << output;
  for (const auto& rule : *rules) {
    auto line = std::find_if(lines.begin(), lines.end(),
                             [&](const std::string& l) { return l.rfind(rule.id + " ", 0) == 0; });
    ASSERT_NE(line, lines.end()) << rule.id << " has no line:\n" << output;
    std::string techniques;
    for (const auto& t : rule.techniques) techniques += (techniques.empty() ? "" : ",") + t;
    EXPECT_NE(line->find(" " + techniques + " "), std::string::npos) << *line;
  }
}

TEST_F(DemoRange, SweepSinceNowSweepsThatWindowAndLogsItsFindings) {
  ASSERT_EQ(demo_code_, 0) << demo_output_;
  // A copy, so the threat log this sweep writes does not reach the other tests.
  std::string copy = ws_ + "-sweep";
  fs::remove_all(copy);
  fs::copy(ws_, copy, fs::copy_options::recursive);
  fs::remove(copy + "/threats.jsonl");
  std::string output;
  int code = RunCommand(kEnv + QUARRY_BINARY + " sweep --workspace " + copy +
                            " --since 2d --now 2025-03-10T12:00:00Z --json 2>/dev/null",
                        &output);
  ASSERT_EQ(code, 0) << output;
  auto json = nlohmann::json::parse(output, nullptr, false);
  ASSERT_FALSE(json.is_discarded()) << output;
  auto rules = analytics::LoadRuleDirectory(std::string(QUARRY_SOURCE_ROOT) + "/rules");
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  analytics::WorkspaceSweepOptions two_days;
  two_days.workspace_dir = copy;
  ASSERT_TRUE(analytics::ParseSweepTimes("2d", "2025-03-10T12:00:00Z", &two_days).ok());
  auto expected = analytics::SweepWorkspace(*rules, two_days);
  ASSERT_TRUE(expected.ok()) << expected.status().ToString();
  EXPECT_EQ(expected->window.start_ticks, *ParseDatetime("2025-03-08T12:00:00Z"));
  EXPECT_LE(expected->window.end_ticks - *ParseDatetime("2025-03-10T12:00:00Z"), 1);  // end is exclusive
  EXPECT_EQ(json["window"]["start"], FormatDatetime(expected->window.start_ticks));
  EXPECT_EQ(json["window"]["end"], FormatDatetime(expected->window.end_ticks));
  analytics::WorkspaceSweepOptions all_data;
  all_data.workspace_dir = copy;
  auto everything = analytics::SweepWorkspace(*rules, all_data);
  ASSERT_TRUE(everything.ok()) << everything.status().ToString();
  ASSERT_FALSE(expected->result.findings.empty());
  // The range spans more than two days, so the window must leave some findings out.
  EXPECT_LT(expected->result.findings.size(), everything->result.findings.size());

  std::multiset<std::string> printed, computed;
  for (const auto& f : json["findings"]) printed.insert(f["title"].get<std::string>() + " [" + f["mitre"]["id"].get<std::string>() + "]");
  for (const auto& f : expected->result.findings) computed.insert(f.title + " [" + f.mitre.id + "]");
  EXPECT_EQ(printed, computed);

  std::ifstream log(copy + "/threats.jsonl");
  size_t logged = 0;
  for (std::string line; std::getline(log, line);) {
    auto record = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(record.is_discarded()) << line;
    EXPECT_NE(line.find("\"request\":\"quarry sweep\""), std::string::npos) << line;
    ++logged;
  }
  EXPECT_EQ(logged, expected->result.findings.size());
  fs::remove_all(copy);
}

}  // namespace
}  // namespace quarry::hunt_e2e
