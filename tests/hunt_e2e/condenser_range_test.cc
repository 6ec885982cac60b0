// The condenser on a generated cyber range (issue 6's acceptance): the seeds' question
// "suspicious sign-ins in the last 24 hours" costs at least 10x fewer prompt tokens than every
// returned row as CSV, and every planted attack row the queries returned is kept verbatim.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "attack/catalog.h"
#include "common/time.h"
#include "hunt/hunt_runner.h"
#include "kql/engine.h"
#include "llm/tokenizer/tokenizer.h"
#include "range/demo_workspace.h"
#include "range/ground_truth.h"
#include "sources/local_log_source.h"

namespace quarry::hunt_e2e {
namespace {

namespace fs = std::filesystem;

class NoFindings : public hunt::HuntAnalyst {
 public:
  std::string Name() const override { return "none"; }
  Result<std::vector<hunt::Finding>> Analyze(const hunt::AnalysisInput&, hunt::PivotRunner&,
                                             hunt::Evidence*, hunt::AnalysisUsage*) override {
    return std::vector<hunt::Finding>{};
  }
};

// Runs the question after every planted sign-in scenario of the range of `seed`: the evidence
// costs at most 1/`min_saving` of the rows as CSV; `check_planted` adds the second half of the
// acceptance (planted rows kept verbatim).
void AskAfterEachSignInScenario(uint64_t seed, size_t min_saving, bool check_planted) {
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::string dir = (fs::temp_directory_path() /
                     ("quarry-condense-range-" + std::to_string(getpid()) + "-" + std::to_string(seed)))
                        .string();
  fs::remove_all(dir);
  range::RangeOptions options;
  options.seed = seed;
  options.now_ticks = *ParseDatetime("2025-01-08T15:00:00Z");
  auto init = range::InitDemoWorkspace(dir, options);
  ASSERT_TRUE(init.ok()) << init.status().message();

  auto source = sources::LocalLogSource::Open(dir);
  ASSERT_TRUE(source.ok());
  auto guardrails = hunt::DefaultGuardrailConfig();
  ASSERT_TRUE(guardrails.ok());
  auto tokenizer = llm::Tokenizer::ForModel("gpt-4.1");
  ASSERT_TRUE(tokenizer.ok());
  auto attack = attack::BuiltinCatalog();
  ASSERT_TRUE(attack.ok());
  kql::Engine engine((*source)->catalog());
  hunt::OfflinePlanner planner;
  NoFindings analyst;
  hunt::HuntDeps deps;
  deps.planner = &planner;
  deps.guardrails = &*guardrails;
  deps.source = source->get();
  deps.validator = [&](const std::string& kql) { return engine.Check(kql).status(); };
  deps.tokenizer = *tokenizer;
  deps.attack = *attack;
  deps.analyst = &analyst;
  // The question asked an hour after each planted sign-in scenario ends, so its rows are in
  // the last 24 hours.
  size_t scenarios_asked = 0;
  for (const auto* scenario : init->truth.Scenarios()) {
    auto signins = scenario->evidence.find("SigninLogs");
    if (signins == scenario->evidence.end() || signins->second.empty()) continue;
    if (scenario->end_ticks + kTicksPerHour > init->truth.end_ticks) continue;
    ++scenarios_asked;
    SCOPED_TRACE(scenario->id);
    hunt::HuntOptions hunt_options;
    hunt_options.now_ticks = scenario->end_ticks + kTicksPerHour;
    hunt_options.max_rounds = 0;
    auto result = hunt::RunHunt("suspicious sign-ins in the last 24 hours", hunt_options, deps);
    ASSERT_TRUE(result.ok()) << result.status().message();
    const auto& stats = result->first_round;
    EXPECT_GT(stats.rows_in, 50);
    EXPECT_GE(stats.csv_tokens, min_saving * stats.evidence_tokens)
        << stats.csv_tokens << " CSV tokens vs " << stats.evidence_tokens << " evidence tokens";
    EXPECT_LE(stats.evidence_tokens, hunt_options.token_budget);

    if (!check_planted) continue;
    // Every planted row of any scenario that the first query returned is a verbatim row.
    std::set<std::string> planted;
    for (const auto* s : init->truth.Scenarios()) {
      auto it = s->evidence.find("SigninLogs");
      if (it == s->evidence.end()) continue;
      for (auto id : it->second) planted.insert(std::to_string(id));
    }
    size_t returned_planted = 0;
    for (const auto& q : result->queries) {
      if (q.table != "SigninLogs") continue;
      auto table = (*source)->Query(q.kql, {hunt_options.now_ticks, 0});
      ASSERT_TRUE(table.ok()) << table.status().message();
      auto id_col = (*table)->schema().IndexOf("_ItemId");
      ASSERT_TRUE(id_col.has_value()) << q.kql;
      for (size_t r = 0; r < (*table)->num_rows(); ++r) {
        std::string id = (*table)->column(*id_col)->GetValue(r).ToString();
        if (!planted.count(id)) continue;
        ++returned_planted;
        if (result->evidence.FindRow(id) != nullptr) continue;
        std::string cells;
        for (size_t c = 0; c < (*table)->num_columns(); ++c) {
          cells += " | " + (*table)->schema().field(c).name + "=" + (*table)->column(c)->GetValue(r).ToString();
        }
        ADD_FAILURE() << "planted sign-in " << id << " was folded:" << cells;
      }
    }
    EXPECT_GT(returned_planted, 0u);
  }
  EXPECT_GE(scenarios_asked, 2u);
  fs::remove_all(dir);
}

TEST(CondenserOnRange, SignInQuestionIsTenTimesCheaper) { AskAfterEachSignInScenario(1, 10, false); }

// Every planted attack row stays verbatim, on several ranges: the spray and MFA-fatigue rows as
// rows of a hot source address (their successes included), the impossible-travel sign-ins as
// outliers and the account's sign-in just before them as their context. Seed 1 is the range the
// 10x acceptance is measured on; on seeds 3 and 5 the spray falls on a quiet day, so most of
// the day's sign-ins are the campaign itself: keeping all of it verbatim costs more than a tenth
// of the CSV (measured 8.7x and 4.4x), and the campaign may use the token budget for that.
TEST(CondenserOnRange, SignInQuestionKeepsEveryPlantedRowVerbatim) {
  AskAfterEachSignInScenario(1, 10, true);
  AskAfterEachSignInScenario(3, 4, true);
  AskAfterEachSignInScenario(5, 4, true);
}

}  // namespace
}  // namespace quarry::hunt_e2e
