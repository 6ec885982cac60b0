// `quarry hunt` with a model spends through SpendControl: each call the local Chat Completions
// stand-in answers lands in the workspace's usage ledger with the exact estimate of the body
// Quarry sent, and a daily budget already spent (per the ledger) stops every call before it is
// sent.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "../llm/fake_openai_server.h"
#include "common/time.h"
#include "fixture_workspace.h"
#include "llm/accounting/request_tokens.h"
#include "llm/cost.h"
#include "llm/model_catalog.h"
#include "llm/tokenizer/tokenizer.h"
#include "llm/usage_ledger.h"
#include "scripted_model.h"

namespace quarry::hunt_e2e {
namespace {

namespace fs = std::filesystem;
using llm::testing::FakeOpenAiServer;
using Json = nlohmann::json;

class HuntSpend : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ws_ = (fs::temp_directory_path() / ("quarry-hunt-spend-" + std::to_string(getpid()))).string();
    fs::remove_all(ws_);
    setup_error_ = BuildFixtureWorkspace(ws_);
  }
  static void TearDownTestSuite() {
    fs::remove_all(ws_);
    fs::remove_all(ws_ + "-files");
  }
  void SetUp() override { fs::remove(Ledger()); }
  void TearDown() override { fs::remove(config_); }

  static std::string Ledger() { return ws_ + "/usage.jsonl"; }

  // Runs the hunt against `model` with an owner-only config file holding `yaml`.
  int Hunt(const ScriptedModel& model, const std::string& yaml, const std::string& flags,
           std::string* output) {
    config_ = ws_ + "-config.yaml";
    std::ofstream(config_) << yaml;
    chmod(config_.c_str(), 0600);
    std::string env = "NO_COLOR=1 QUARRY_CONFIG=" + config_ +
                      " OPENAI_BASE_URL=" + model.BaseUrl() +
                      " OPENAI_API_KEY=sk-test QUARRY_MODEL=gpt-4.1-mini ";
    return RunCommand("env " + env + QUARRY_BINARY + " hunt \"brute force against " +
                          "windows-target-1 in the last 2 days\" --workspace " + ws_ + " --now " +
                          kFixtureNow + " " + flags + " </dev/null",
                      output);
  }

  static std::string ws_;
  static std::string setup_error_;
  std::string config_;
};
std::string HuntSpend::ws_;
std::string HuntSpend::setup_error_;

TEST_F(HuntSpend, EveryAnsweredCallIsInTheLedgerWithTheExactEstimateOfWhatWasSent) {
  ASSERT_EQ(setup_error_, "");
  auto planner_reply = [](const Json&) {
    return std::make_pair(200, FakeOpenAiServer::Completion(
                                   {{"role", "assistant"}, {"content", "I would rather not plan."}},
                                   "stop", 1500, 20, 1024, 8));
  };
  auto findings_reply = [](const Json&) {
    return std::make_pair(
        200, FakeOpenAiServer::Text(Json{{"findings", Json::array()}}.dump(), 900, 40));
  };
  ScriptedModel model({planner_reply, findings_reply, findings_reply, findings_reply});
  std::string output;
  int code =
      Hunt(model, "llm:\n  budget: {per_hunt_usd: 2.0}\n", "--yes --json 2>/dev/null", &output);
  ASSERT_EQ(code, 0) << output;
  Json result = Json::parse(output, nullptr, false);
  ASSERT_FALSE(result.is_discarded()) << output;

  const auto bodies = model.bodies();
  ASSERT_GE(bodies.size(), 2u);  // the planning call and at least one analyst call
  auto records = llm::UsageLedger(Ledger()).ReadAll();
  ASSERT_TRUE(records.ok()) << records.status().message();
  ASSERT_EQ(records->size(), bodies.size());

  auto tokenizer = llm::Tokenizer::ForEncoding("o200k_base");
  ASSERT_TRUE(tokenizer.ok());
  auto catalog = llm::ModelCatalog::LoadDefault();
  ASSERT_TRUE(catalog.ok());
  const llm::ModelInfo* mini = catalog->Find("gpt-4.1-mini");
  ASSERT_NE(mini, nullptr);
  for (size_t i = 0; i < bodies.size(); ++i) {
    SCOPED_TRACE(i);
    const llm::UsageRecord& r = (*records)[i];
    EXPECT_EQ(r.model, "gpt-4.1-mini");
    EXPECT_EQ(r.hunt_id, result["hunt_id"].get<std::string>());
    auto counted = llm::CountWireRequestTokens(bodies[i], **tokenizer);
    ASSERT_TRUE(counted.ok()) << counted.status().message();
    EXPECT_EQ(r.estimated_prompt_tokens, counted->total());
    EXPECT_DOUBLE_EQ(r.actual_cost_usd, llm::ActualCostUsd(*mini, r.actual));
  }
  EXPECT_EQ((*records)[0].actual.prompt_tokens, 1500);
  EXPECT_EQ((*records)[0].actual.completion_tokens, 20);
  EXPECT_EQ((*records)[0].actual.cached_tokens, 1024);
  EXPECT_EQ((*records)[0].actual.reasoning_tokens, 8);
  EXPECT_EQ((*records)[1].actual.prompt_tokens, 900);
}

TEST_F(HuntSpend, ADailyBudgetSpentEarlierTodayStopsEveryCallBeforeItIsSent) {
  ASSERT_EQ(setup_error_, "");
  llm::UsageRecord earlier;
  earlier.time_ticks = NowTicks();
  earlier.model = "gpt-4.1-mini";
  earlier.actual_cost_usd = 0.50;
  ASSERT_TRUE(llm::UsageLedger(Ledger()).Append(earlier).ok());

  ScriptedModel model({});
  std::string output;
  int code = Hunt(model, "llm:\n  budget: {daily_usd: 0.50}\n", "--yes 2>&1", &output);
  EXPECT_EQ(code, 0) << output;
  EXPECT_TRUE(model.bodies().empty());
  EXPECT_NE(output.find("the daily budget of $0.50"), std::string::npos) << output;
  auto records = llm::UsageLedger(Ledger()).ReadAll();
  ASSERT_TRUE(records.ok());
  EXPECT_EQ(records->size(), 1u);
}

}  // namespace
}  // namespace quarry::hunt_e2e
