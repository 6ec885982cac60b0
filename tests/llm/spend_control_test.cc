// SpendControl: the hunt's budgets from the config, today's spend from the ledger, and every call
// recorded with its estimate.
#include "llm/spend_control.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "common/time.h"
#include "llm/accounting/request_tokens.h"
#include "llm/tokenizer/tokenizer.h"
#include "../testutil/temp_dir.h"

namespace quarry::llm {
namespace {

using ::testing::HasSubstr;

using testutil::TempDir;

class CountingModel : public ChatModel {
 public:
  Result<ChatResponse> Complete(const ChatRequest&) override {
    ++calls;
    ChatResponse response;
    response.message = {"assistant", "ok", {}, ""};
    response.usage = {1000, 100, 400, 20};
    return response;
  }
  int calls = 0;
};

// $10 per 1M input, $2.50 per 1M cached input, $100 per 1M output.
ModelCatalog OneModelCatalog() {
  ModelCatalog catalog;
  ModelInfo info;
  info.name = "gpt-4.1-mini";
  info.encoding = "o200k_base";
  info.context_window = 100000;
  info.max_output = 1000;
  info.input_per_1m = 10.0;
  info.cached_input_per_1m = 2.5;
  info.output_per_1m = 100.0;
  catalog.Upsert(info);
  return catalog;
}

ChatRequest Request(const std::string& model, int max_output) {
  ChatRequest request;
  request.model = model;
  request.messages.push_back({"user", "Failed password for root from 10.0.0.1 port 22", {}, ""});
  request.max_output_tokens = max_output;
  return request;
}

int64_t Noon() {
  return *ParseDatetime("2026-11-23T12:00:00Z");
}

void WriteSpend(const std::string& path, const std::string& time, double usd) {
  UsageLedger ledger(path);
  UsageRecord record;
  record.time_ticks = *ParseDatetime(time);
  record.model = "gpt-4.1-mini";
  record.actual_cost_usd = usd;
  ASSERT_TRUE(ledger.Append(record).ok());
}

TEST(SpendControlTest, RecordsEachCallWithTheExactEstimateInTheWorkspaceLedger) {
  TempDir dir;
  ModelCatalog catalog = OneModelCatalog();
  LlmConfig config;
  CountingModel inner;
  auto control = SpendControl::Open(config, &catalog, &inner, {dir.path(), "hunt-9", {}, Noon});
  ASSERT_TRUE(control.ok()) << control.status().message();
  EXPECT_EQ((*control)->ledger().path(), dir.path() + "/usage.jsonl");
  EXPECT_EQ((*control)->guard().limits().per_hunt_usd, kDefaultPerHuntUsd);
  EXPECT_FALSE((*control)->guard().limits().daily_usd.has_value());

  ASSERT_TRUE((*control)->chat().Complete(Request("gpt-4.1-mini", 50)).ok());
  EXPECT_EQ(inner.calls, 1);

  auto tokenizer = Tokenizer::ForEncoding("o200k_base");
  ASSERT_TRUE(tokenizer.ok());
  const int64_t estimate = CountRequestTokens(Request("gpt-4.1-mini", 50), **tokenizer).total();
  auto records = (*control)->ledger().ReadAll();
  ASSERT_TRUE(records.ok()) << records.status().message();
  ASSERT_EQ(records->size(), 1u);
  const UsageRecord& r = (*records)[0];
  EXPECT_EQ(r.hunt_id, "hunt-9");
  EXPECT_EQ(r.time_ticks, Noon());
  EXPECT_EQ(r.estimated_prompt_tokens, estimate);
  EXPECT_EQ(r.actual.prompt_tokens, 1000);
  EXPECT_EQ(r.actual.cached_tokens, 400);
  EXPECT_EQ(r.actual.reasoning_tokens, 20);
  EXPECT_DOUBLE_EQ(r.estimated_cost_usd, (estimate * 10.0 + 50 * 100.0) / 1e6);
  EXPECT_DOUBLE_EQ(r.actual_cost_usd, (600 * 10.0 + 400 * 2.5 + 100 * 100.0) / 1e6);
  EXPECT_DOUBLE_EQ((*control)->guard().hunt_spent_usd(), r.actual_cost_usd);
}

TEST(SpendControlTest, TheDailyBudgetCountsTodaysLedgerSpendOnly) {
  TempDir dir;
  ModelCatalog catalog = OneModelCatalog();
  const std::string ledger = dir.path() + "/usage.jsonl";
  WriteSpend(ledger, "2026-11-22T23:59:00Z", 4.00);  // yesterday: not counted
  WriteSpend(ledger, "2026-11-23T00:01:00Z", 0.60);
  WriteSpend(ledger, "2026-11-23T09:00:00Z", 0.39);
  LlmConfig config;
  config.budget.daily_usd = 1.00;
  CountingModel inner;
  auto control = SpendControl::Open(config, &catalog, &inner, {dir.path(), "h", {}, Noon});
  ASSERT_TRUE(control.ok()) << control.status().message();
  EXPECT_DOUBLE_EQ((*control)->guard().today_spent_usd(), 0.99);

  // Worst case of 1000 output tokens: at least $0.10, past the $0.01 left today.
  auto refused = (*control)->chat().Complete(Request("gpt-4.1-mini", 1000));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kResourceExhausted);
  EXPECT_THAT(refused.status().message(), HasSubstr("daily budget of $1.00"));
  EXPECT_EQ(inner.calls, 0);

  // A small call still fits: 1 output token and a short prompt cost well under a cent.
  EXPECT_TRUE((*control)->chat().Complete(Request("gpt-4.1-mini", 1)).ok());
  EXPECT_EQ(inner.calls, 1);
}

TEST(SpendControlTest, TheCommandLineBudgetOverridesTheConfigsPerHuntBudget) {
  TempDir dir;
  ModelCatalog catalog = OneModelCatalog();
  LlmConfig config;
  config.budget.per_hunt_usd = 5.0;
  CountingModel inner;
  auto from_config = SpendControl::Open(config, &catalog, &inner, {dir.path(), "h", {}, Noon});
  ASSERT_TRUE(from_config.ok());
  EXPECT_EQ((*from_config)->guard().limits().per_hunt_usd, 5.0);

  auto overridden = SpendControl::Open(config, &catalog, &inner, {dir.path(), "h", 0.05, Noon});
  ASSERT_TRUE(overridden.ok());
  EXPECT_EQ((*overridden)->guard().limits().per_hunt_usd, 0.05);
  // Worst case 1000 output tokens at $100/1M = $0.10 > $0.05: refused before sending.
  auto refused = (*overridden)->chat().Complete(Request("gpt-4.1-mini", 1000));
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.status().message(), HasSubstr("per-hunt budget of $0.05"));
  EXPECT_EQ(inner.calls, 0);
}

TEST(SpendControlTest, AnUnreadableLedgerWithADailyBudgetIsAnErrorNamingTheLedger) {
  TempDir dir;
  ModelCatalog catalog = OneModelCatalog();
  LlmConfig config;
  config.budget.daily_usd = 1.0;
  config.ledger_path = dir.path();  // a directory, not a file
  CountingModel inner;
  auto control = SpendControl::Open(config, &catalog, &inner, {"", "h", {}, Noon});
  ASSERT_FALSE(control.ok());
  EXPECT_THAT(control.status().message(), HasSubstr("the daily budget cannot be checked"));
  EXPECT_THAT(control.status().message(), HasSubstr(dir.path()));
}

TEST(SpendControlTest, UnpricedModelsAreRefusedExceptOnACompatibleServer) {
  TempDir dir;
  ModelCatalog catalog = OneModelCatalog();
  CountingModel inner;
  LlmConfig openai;
  auto strict = SpendControl::Open(openai, &catalog, &inner, {dir.path(), "h", {}, Noon});
  ASSERT_TRUE(strict.ok());
  auto refused = (*strict)->chat().Complete(Request("llama3.1:8b", 100));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(inner.calls, 0);

  LlmConfig local;
  local.endpoint.provider = Provider::kCompatible;
  auto lenient = SpendControl::Open(local, &catalog, &inner, {dir.path(), "h", {}, Noon});
  ASSERT_TRUE(lenient.ok());
  ASSERT_TRUE((*lenient)->chat().Complete(Request("llama3.1:8b", 100)).ok());
  EXPECT_EQ(inner.calls, 1);
  auto records = (*lenient)->ledger().ReadAll();
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ((*records)[0].model, "llama3.1:8b");
  EXPECT_EQ((*records)[0].actual_cost_usd, 0);
  // Estimated with o200k_base, since the model's encoding is unknown.
  auto tokenizer = Tokenizer::ForEncoding("o200k_base");
  ASSERT_TRUE(tokenizer.ok());
  EXPECT_EQ((*records)[0].estimated_prompt_tokens,
            CountRequestTokens(Request("llama3.1:8b", 100), **tokenizer).total());
}

}  // namespace
}  // namespace quarry::llm
