#include "llm/model_table.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "llm/model_chooser.h"

namespace quarry::llm {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

ModelCatalog SmallCatalog() {
  ModelCatalog catalog;
  ModelInfo big;
  big.name = "big";
  big.context_window = 1'000'000;
  big.max_output = 32'768;
  big.input_per_1m = 1.0;
  big.output_per_1m = 8.0;
  big.limits["1"] = {300'000, 500};
  catalog.Upsert(big);
  ModelInfo small;
  small.name = "small";
  small.context_window = 400'000;
  small.max_input = 272'000;
  small.max_output = 128'000;
  small.input_per_1m = 0.25;
  small.output_per_1m = 2.0;
  small.limits["1"] = {200'000, 500};
  catalog.Upsert(small);
  return catalog;
}

ModelTableOptions Options(int64_t tokens, const std::string& current) {
  ModelTableOptions options;
  options.input_tokens = [tokens](const ModelInfo&) { return tokens; };
  options.output_tokens = 1000;
  options.tier = "1";
  options.current_model = current;
  return options;
}

TEST(ModelTableTest, Levels) {
  EXPECT_EQ(Level(79, 100, 0.8), LimitLevel::kOk);
  EXPECT_EQ(Level(80, 100, 0.8), LimitLevel::kWarning);
  EXPECT_EQ(Level(100, 100, 0.8), LimitLevel::kWarning);
  EXPECT_EQ(Level(101, 100, 0.8), LimitLevel::kOver);
  EXPECT_EQ(Level(5, std::nullopt, 0.8), LimitLevel::kUnknown);
}

TEST(ModelTableTest, SeedsExample) {
  // The seeds' run: 169,606 input tokens, gpt-5-mini current at tier 1.
  auto options = Options(169'606, "small");
  ModelCatalog catalog = SmallCatalog();
  auto rows = AssessModels(catalog, options);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].input_limit, 272'000);
  EXPECT_EQ(rows[1].input_level, LimitLevel::kOk);
  EXPECT_EQ(rows[1].tpm_needed, 170'606);
  EXPECT_EQ(rows[1].tpm_level, LimitLevel::kWarning);
  EXPECT_DOUBLE_EQ(rows[1].cost_usd, (169'606 * 0.25 + 1000 * 2.0) / 1e6);
  std::string table = RenderModelTable(rows, options);
  EXPECT_EQ(table,
            "model  input/limit     TPM (tier 1)      max out   est. cost\n"
            "big    169606/1000000  170606/300000       32768       $0.18\n"
            "small  169606/272000   170606/200000      128000       $0.04  <-- current\n");
  std::string verdict = RenderVerdict(rows[1], options);
  EXPECT_THAT(verdict, HasSubstr("OK: input 169606/272000 is within the input limit of small."));
  EXPECT_THAT(
      verdict,
      HasSubstr("WARNING: 170606/200000 is at least 80% of the TPM limit of small at tier 1."));
}

// llm.warn_ratio / --warn-ratio: at 0.9, 85% of the TPM limit is no longer a warning; 90% is.
TEST(ModelTableTest, WarnRatioIsConfigurable) {
  auto options = Options(169'000, "small");  // TPM needed 170,000 of 200,000: 85%
  options.warn_ratio = 0.9;
  ModelCatalog catalog = SmallCatalog();
  auto rows = AssessModels(catalog, options);
  EXPECT_EQ(rows[1].tpm_level, LimitLevel::kOk);
  EXPECT_THAT(RenderVerdict(rows[1], options), Not(HasSubstr("WARNING")));

  options = Options(179'000, "small");  // 180,000 of 200,000: 90%
  options.warn_ratio = 0.9;
  rows = AssessModels(catalog, options);
  EXPECT_EQ(rows[1].tpm_level, LimitLevel::kWarning);
  EXPECT_THAT(
      RenderVerdict(rows[1], options),
      HasSubstr("WARNING: 180000/200000 is at least 90% of the TPM limit of small at tier 1."));
}

TEST(ModelTableTest, ColourOnlyWhenAsked) {
  auto options = Options(300'000, "small");
  ModelCatalog catalog = SmallCatalog();
  auto rows = AssessModels(catalog, options);
  EXPECT_THAT(RenderModelTable(rows, options), Not(HasSubstr("\033[")));
  options.color = true;
  std::string coloured = RenderModelTable(rows, options);
  EXPECT_THAT(coloured, HasSubstr("\033[91m300000/272000"));  // over the input limit: red
  EXPECT_THAT(RenderVerdict(rows[1], options), HasSubstr("ERROR: input 300000/272000 exceeds"));
}

TEST(ModelTableTest, UnknownTpm) {
  auto options = Options(1000, "big");
  options.tier = "4";
  ModelCatalog catalog = SmallCatalog();
  auto rows = AssessModels(catalog, options);
  EXPECT_EQ(rows[0].tpm_level, LimitLevel::kUnknown);
  EXPECT_THAT(RenderModelTable(rows, options), HasSubstr("2000/?"));
  EXPECT_THAT(RenderVerdict(rows[0], options), HasSubstr("NOTE: the TPM limit of big at tier 4"));
}

// A tier the model page marks "Not supported" is a TPM limit of 0: any request is over it, and
// the verdict says the model is not available there rather than that it will be rate-limited.
TEST(ModelTableTest, NotSupportedTierIsUnavailable) {
  auto options = Options(1000, "big");
  options.tier = "free";
  ModelCatalog catalog = SmallCatalog();
  ModelInfo big = *catalog.Find("big");
  big.limits["free"] = {0, 0};
  catalog.Upsert(big);
  auto rows = AssessModels(catalog, options);
  EXPECT_EQ(rows[0].tpm_level, LimitLevel::kOver);
  EXPECT_THAT(RenderModelTable(rows, options), HasSubstr("2000/0"));
  EXPECT_THAT(RenderVerdict(rows[0], options),
              HasSubstr("ERROR: big is not available at tier free (TPM limit 0)."));
  EXPECT_THAT(RenderVerdict(rows[0], options), Not(HasSubstr("rate-limited")));
}

TEST(ModelTableTest, ColorWantedRespectsNoColorAndTerminals) {
  EnvLookup none = [](const char*) { return std::optional<std::string>(); };
  EnvLookup no_color = [](const char* n) {
    return std::string(n) == "NO_COLOR" ? std::optional<std::string>("1") : std::nullopt;
  };
  EXPECT_TRUE(ColorWanted(true, none));
  EXPECT_FALSE(ColorWanted(false, none));
  EXPECT_FALSE(ColorWanted(true, no_color));
}

TEST(ModelChooserTest, EnterKeepsCurrent) {
  std::istringstream in("\n");
  std::ostringstream out;
  auto chosen = ChooseModelInteractively(SmallCatalog(), Options(1000, "small"), in, out, {});
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(*chosen, "small");
  EXPECT_THAT(
      out.str(),
      HasSubstr("Continue with 'small'? (Enter to continue / type a model name / 'list'): "));
}

TEST(ModelChooserTest, ListThenSwitch) {
  std::istringstream in("list\nnope\nbig\n");
  std::ostringstream out;
  auto chosen = ChooseModelInteractively(SmallCatalog(), Options(1000, "small"), in, out, {});
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(*chosen, "big");
  EXPECT_THAT(out.str(), HasSubstr("<-- current"));
  EXPECT_THAT(out.str(), HasSubstr("'nope' is not a known model"));
  EXPECT_THAT(out.str(), HasSubstr("Selected model: big"));
}

TEST(ModelChooserTest, RefusesModelThatCannotFit) {
  std::istringstream in("small\n\n");
  std::ostringstream out;
  auto chosen = ChooseModelInteractively(SmallCatalog(), Options(500'000, "big"), in, out, {});
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(*chosen, "big");
  EXPECT_THAT(out.str(), HasSubstr("small cannot take this request: 500000 input tokens"));
}

TEST(ModelChooserTest, EndOfInputCancels) {
  std::istringstream in("");
  std::ostringstream out;
  auto chosen = ChooseModelInteractively(SmallCatalog(), Options(1000, "small"), in, out, {});
  ASSERT_FALSE(chosen.ok());
  EXPECT_EQ(chosen.status().code(), StatusCode::kCancelled);
}

TEST(ModelChooserTest, YesOrNonTerminalSkipsTheQuestion) {
  std::istringstream in("big\n");
  std::ostringstream out;
  auto yes = ChooseModelInteractively(SmallCatalog(), Options(1000, "small"), in, out,
                                      {.assume_yes = true, .interactive = true});
  ASSERT_TRUE(yes.ok());
  EXPECT_EQ(*yes, "small");
  auto piped = ChooseModelInteractively(SmallCatalog(), Options(1000, "small"), in, out,
                                        {.assume_yes = false, .interactive = false});
  ASSERT_TRUE(piped.ok());
  EXPECT_EQ(*piped, "small");
  EXPECT_EQ(out.str(), "");
}

}  // namespace
}  // namespace quarry::llm
