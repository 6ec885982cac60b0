#include "llm/model_catalog.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "llm/cost.h"

namespace quarry::llm {
namespace {

using ::testing::HasSubstr;

TEST(ModelCatalogTest, ShippedCatalogHasTheRequiredModels) {
  auto catalog = ModelCatalog::LoadFile(std::string(QUARRY_SOURCE_ROOT) + "/data/llm/models.json");
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  for (const char* name : {"gpt-4.1-nano", "gpt-4.1-mini", "gpt-4.1", "gpt-5-nano", "gpt-5-mini",
                           "gpt-5", "gpt-4o", "gpt-4o-mini", "o4-mini", "gpt-4", "gpt-3.5-turbo"}) {
    const ModelInfo* model = catalog->Find(name);
    ASSERT_NE(model, nullptr) << name;
    EXPECT_GT(model->context_window, 0) << name;
    EXPECT_GT(model->max_output, 0) << name;
    EXPECT_GT(model->input_per_1m, 0) << name;
    EXPECT_GT(model->output_per_1m, 0) << name;
    EXPECT_FALSE(model->encoding.empty()) << name;
  }
  const ModelInfo* nano = catalog->Find("gpt-4.1-nano");
  EXPECT_EQ(nano->context_window, 1047576);
  EXPECT_EQ(nano->max_output, 32768);
  EXPECT_DOUBLE_EQ(nano->input_per_1m, 0.10);
  EXPECT_EQ(catalog->Find("gpt-4")->encoding, "cl100k_base");
  EXPECT_FALSE(catalog->Find("gpt-5")->accepts_temperature);
  EXPECT_TRUE(catalog->Find("gpt-4.1")->accepts_temperature);
  EXPECT_EQ(catalog->Find("gpt-5-mini")->InputLimit(), 272000);
  // Every listed model has TPM and RPM for tiers 1-5 (from its model page).
  for (const ModelInfo& model : catalog->models()) {
    for (const char* tier : {"1", "2", "3", "4", "5"}) {
      EXPECT_TRUE(model.LimitsAt(tier).tpm.has_value()) << model.name << " tier " << tier;
      EXPECT_TRUE(model.LimitsAt(tier).rpm.has_value()) << model.name << " tier " << tier;
    }
  }
  EXPECT_EQ(catalog->Find("gpt-4o")->LimitsAt("1").tpm, 30000);
  EXPECT_EQ(catalog->Find("gpt-4o")->LimitsAt("4").tpm, 2000000);
  EXPECT_EQ(catalog->Find("gpt-5")->LimitsAt("5").rpm, 15000);
  EXPECT_EQ(catalog->Find("o4-mini")->LimitsAt("1").rpm, 1000);
  // A free tier the page does not list stays unknown; "Not supported" is a limit of 0.
  EXPECT_FALSE(catalog->Find("gpt-4o")->LimitsAt("free").tpm.has_value());
  EXPECT_EQ(catalog->Find("gpt-5")->LimitsAt("free").tpm, 0);
}

TEST(ModelCatalogTest, FindsDatedSnapshots) {
  auto catalog = ModelCatalog::FromJson(
      R"({"models":[{"name":"gpt-4.1-mini","context_window":1000,"max_output":10}]})", "t.json");
  ASSERT_TRUE(catalog.ok());
  ASSERT_NE(catalog->Find("gpt-4.1-mini-2025-04-14"), nullptr);
  EXPECT_EQ(catalog->Find("gpt-4.1-mini-2025-04-14")->name, "gpt-4.1-mini");
  EXPECT_EQ(catalog->Find("gpt-4.1-mini-latest"), nullptr);
  EXPECT_EQ(catalog->Find("gpt-4.1"), nullptr);
}

TEST(ModelCatalogTest, RejectsBadEntries) {
  auto missing_window = ModelCatalog::FromJson(R"({"models":[{"name":"m"}]})", "c.json");
  ASSERT_FALSE(missing_window.ok());
  EXPECT_THAT(missing_window.status().message(), HasSubstr("c.json: model 'm'"));
  auto bad_tier = ModelCatalog::FromJson(
      R"({"models":[{"name":"m","context_window":1,"limits":{"7":{"tpm":1}}}]})", "c.json");
  ASSERT_FALSE(bad_tier.ok());
  EXPECT_THAT(bad_tier.status().message(), HasSubstr("unknown tier '7'"));
  auto negative = ModelCatalog::FromJson(
      R"({"models":[{"name":"m","context_window":1,"price_per_1m":{"input":-1}}]})", "c.json");
  EXPECT_FALSE(negative.ok());
  EXPECT_FALSE(ModelCatalog::FromJson("[1,2", "c.json").ok());
}

TEST(ModelCatalogTest, UpsertReplacesByName) {
  ModelCatalog catalog;
  ModelInfo a;
  a.name = "llama3.1:8b";
  a.context_window = 8192;
  catalog.Upsert(a);
  a.context_window = 131072;
  catalog.Upsert(a);
  ASSERT_EQ(catalog.models().size(), 1u);
  EXPECT_EQ(catalog.Find("llama3.1:8b")->context_window, 131072);
}

TEST(CostTest, CachedAndUncachedTokens) {
  ModelInfo model;
  model.input_per_1m = 2.0;
  model.cached_input_per_1m = 0.5;
  model.output_per_1m = 8.0;
  model.max_output = 32768;
  EXPECT_DOUBLE_EQ(CostUsd(model, 1'000'000, 0, 0), 2.0);
  EXPECT_DOUBLE_EQ(CostUsd(model, 1'000'000, 1'000'000, 0), 0.5);
  EXPECT_DOUBLE_EQ(CostUsd(model, 100'000, 40'000, 10'000), 0.12 + 0.02 + 0.08);
  Usage usage{2000, 500, 1000, 200};
  EXPECT_DOUBLE_EQ(ActualCostUsd(model, usage), (1000 * 2.0 + 1000 * 0.5 + 500 * 8.0) / 1e6);
  EXPECT_DOUBLE_EQ(WorstCaseCostUsd(model, 1000, 1000), (1000 * 2.0 + 1000 * 8.0) / 1e6);
  EXPECT_DOUBLE_EQ(WorstCaseCostUsd(model, 0, std::nullopt), 32768 * 8.0 / 1e6);
  model.cached_input_per_1m.reset();
  EXPECT_DOUBLE_EQ(CostUsd(model, 1'000'000, 1'000'000, 0), 2.0);
}

TEST(CostTest, Formatting) {
  EXPECT_EQ(FormatUsd(0.02), "$0.02");
  EXPECT_EQ(FormatUsd(0.17), "$0.17");
  EXPECT_EQ(FormatUsd(0.0012345), "$0.001234");
  EXPECT_EQ(FormatUsd(12.5), "$12.50");
}

}  // namespace
}  // namespace quarry::llm
