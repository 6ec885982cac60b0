#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "common/time.h"
#include "llm/budget_guard.h"
#include "llm/metered_chat_model.h"
#include "llm/usage_ledger.h"
#include "../testutil/temp_dir.h"

namespace quarry::llm {
namespace {

using ::testing::HasSubstr;

using testutil::TempDir;

TEST(BudgetGuardTest, NoLimitsAllowsEverything) {
  BudgetGuard guard({}, 1000.0);
  EXPECT_TRUE(guard.Check(1e6).ok());
}

TEST(BudgetGuardTest, PerHuntLimit) {
  BudgetGuard guard({0.50, std::nullopt}, 0);
  EXPECT_TRUE(guard.Check(0.50).ok());
  guard.Record(0.40);
  Status refused = guard.Check(0.20);
  EXPECT_EQ(refused.code(), StatusCode::kResourceExhausted);
  EXPECT_THAT(refused.message(), HasSubstr("per-hunt budget of $0.50"));
  EXPECT_THAT(refused.message(), HasSubstr("already spent $0.40"));
  EXPECT_TRUE(guard.Check(0.10).ok());
}

TEST(BudgetGuardTest, DailyLimitCountsEarlierSpend) {
  BudgetGuard guard({std::nullopt, 5.0}, 4.90);
  Status refused = guard.Check(0.20);
  EXPECT_EQ(refused.code(), StatusCode::kResourceExhausted);
  EXPECT_THAT(refused.message(), HasSubstr("daily budget of $5.00"));
  EXPECT_TRUE(guard.Check(0.05).ok());
  guard.Record(0.05);
  EXPECT_DOUBLE_EQ(guard.today_spent_usd(), 4.95);
  EXPECT_DOUBLE_EQ(guard.hunt_spent_usd(), 0.05);
}

UsageRecord Record(const std::string& time, const std::string& model, int64_t estimate,
                   int64_t prompt, double cost) {
  UsageRecord r;
  r.time_ticks = *ParseDatetime(time);
  r.model = model;
  r.hunt_id = "h1";
  r.estimated_prompt_tokens = estimate;
  r.actual.prompt_tokens = prompt;
  r.actual.completion_tokens = 10;
  r.actual_cost_usd = cost;
  r.estimated_cost_usd = cost * 2;
  return r;
}

TEST(UsageLedgerTest, AppendReadAndSummarize) {
  TempDir dir;
  UsageLedger ledger(dir.File("state/quarry/usage.jsonl"));
  ASSERT_TRUE(ledger.Append(Record("2026-11-22T10:00:00Z", "gpt-4.1-mini", 110, 100, 0.01)).ok());
  ASSERT_TRUE(ledger.Append(Record("2026-11-23T09:00:00Z", "gpt-4.1-mini", 190, 200, 0.02)).ok());
  ASSERT_TRUE(ledger.Append(Record("2026-11-23T11:00:00Z", "gpt-5", 1000, 1000, 0.5)).ok());
  {
    std::ofstream append(ledger.path(), std::ios::app);
    append << "{not json\n";
  }
  size_t skipped = 0;
  auto records = ledger.ReadAll(&skipped);
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ(skipped, 1u);
  EXPECT_EQ((*records)[2].model, "gpt-5");
  EXPECT_EQ((*records)[0].actual.prompt_tokens, 100);

  int64_t today = *ParseDatetime("2026-11-23T00:00:00Z");
  auto spent = ledger.SpentSince(today);
  ASSERT_TRUE(spent.ok());
  EXPECT_DOUBLE_EQ(*spent, 0.52);

  UsageSummary summary = SummarizeUsage(*records, today);
  EXPECT_EQ(summary.today.calls, 2);
  EXPECT_DOUBLE_EQ(summary.today.actual_cost_usd, 0.52);
  EXPECT_EQ(summary.all_time.calls, 3);
  ASSERT_EQ(summary.by_model.size(), 2u);
  const auto& mini = summary.by_model.at("gpt-4.1-mini");
  EXPECT_EQ(mini.calls, 2);
  EXPECT_DOUBLE_EQ(mini.sum_abs_error_pct / mini.error_samples, 7.5);  // (10% + 5%) / 2
  std::string text = RenderUsageSummary(summary);
  EXPECT_THAT(text, HasSubstr("Today (UTC): 2 call(s)"));
  EXPECT_THAT(text, HasSubstr("$0.52 spent"));
  EXPECT_THAT(text, HasSubstr("7.5%"));

  struct stat info {};
  ASSERT_EQ(stat(ledger.path().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST(UsageLedgerTest, MissingFileIsEmpty) {
  UsageLedger ledger("/nonexistent-dir-for-quarry-test/usage.jsonl");
  auto records = ledger.ReadAll();
  ASSERT_TRUE(records.ok());
  EXPECT_TRUE(records->empty());
}

TEST(UsageLedgerTest, PathResolution) {
  TempDir dir;
  EXPECT_EQ(ResolveLedgerPath("/x/ledger.jsonl", "anything"), "/x/ledger.jsonl");
  std::filesystem::create_directories(dir.File("ws"));
  EXPECT_EQ(ResolveLedgerPath("", dir.File("ws")), dir.File("ws") + "/usage.jsonl");
}

class CannedModel : public ChatModel {
 public:
  Result<ChatResponse> Complete(const ChatRequest&) override {
    ++calls;
    ChatResponse response;
    response.message.role = "assistant";
    response.message.content = "ok";
    response.usage = {1000, 100, 0, 0};
    return response;
  }
  int calls = 0;
};

TEST(MeteredChatModelTest, ChecksBudgetThenRecordsUsage) {
  TempDir dir;
  ModelCatalog catalog;
  ModelInfo info;
  info.name = "m";
  info.context_window = 100000;
  info.max_output = 1000;
  info.input_per_1m = 10.0;
  info.output_per_1m = 100.0;
  catalog.Upsert(info);
  BudgetGuard guard({0.05, std::nullopt}, 0);
  UsageLedger ledger(dir.File("usage.jsonl"));
  CannedModel inner;
  MeterOptions options;
  options.hunt_id = "hunt-7";
  options.now_ticks = [] { return *ParseDatetime("2026-11-23T12:00:00Z"); };
  MeteredChatModel metered(
      &inner, &catalog, &guard, &ledger,
      [](const ChatRequest&) { return Result<int64_t>(int64_t{1200}); }, options);
  ChatRequest request;
  request.model = "m";
  request.max_output_tokens = 200;
  // worst case: 1200 * 10 + 200 * 100 = 32000 micro-dollars = $0.032 <= $0.05
  auto first = metered.Complete(request);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  // actual: 1000 * 10 + 100 * 100 = $0.02; second worst case $0.032 would pass $0.05
  auto second = metered.Complete(request);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(inner.calls, 1);

  auto records = ledger.ReadAll();
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ((*records)[0].hunt_id, "hunt-7");
  EXPECT_EQ((*records)[0].estimated_prompt_tokens, 1200);
  EXPECT_EQ((*records)[0].actual.prompt_tokens, 1000);
  EXPECT_DOUBLE_EQ((*records)[0].estimated_cost_usd, 0.032);
  EXPECT_DOUBLE_EQ((*records)[0].actual_cost_usd, 0.02);
  EXPECT_EQ(FormatDatetime((*records)[0].time_ticks), "2026-11-23T12:00:00.0000000Z");
}

TEST(MeteredChatModelTest, UnknownModelRefusedBeforeSending) {
  ModelCatalog catalog;
  BudgetGuard guard({}, 0);
  UsageLedger ledger("/dev/null");
  CannedModel inner;
  MeteredChatModel metered(&inner, &catalog, &guard, &ledger,
                           [](const ChatRequest&) { return Result<int64_t>(int64_t{1}); }, {});
  ChatRequest request;
  request.model = "mystery";
  auto result = metered.Complete(request);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(result.status().message(), HasSubstr("'mystery' is not in the model catalog"));
  EXPECT_EQ(inner.calls, 0);
}

}  // namespace
}  // namespace quarry::llm
