// series_periods_detect, series_periods_validate and series_seasonal's automatic period: the
// detector on synthetic series whose periods are known by construction, and the KQL functions'
// shapes, null handling and argument errors.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

#include "function_test_util.h"
#include "kql/functions/period_detector.h"

namespace quarry::kql {
namespace {

using fn::PeriodDetector;
using testing::Call;
using testing::Dyn;
using testing::L;
using testing::Null;
using testing::R;
using testing::S;

// Uniform noise in [-1, 1) from a fixed linear congruential generator (Knuth's MMIX constants),
// so every run sees the same "random" series.
std::vector<double> Noise(size_t n, uint64_t seed) {
  std::vector<double> out;
  uint64_t state = seed;
  for (size_t t = 0; t < n; ++t) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    out.push_back(static_cast<double>(state >> 11) / 4503599627370496.0 - 1.0);
  }
  return out;
}

std::vector<double> Sine(size_t n, double period, double amplitude) {
  std::vector<double> out;
  for (size_t t = 0; t < n; ++t) {
    out.push_back(amplitude * std::sin(2 * std::numbers::pi * static_cast<double>(t) / period));
  }
  return out;
}

Json JsonOf(const std::vector<double>& v) {
  return Json(v);
}

TEST(PeriodDetector, APeriodicPatternOnATrendIsFoundWithAPerfectScore) {
  // Repeats exactly every 7 points on top of a rising line: shifting by 7 only adds a
  // constant, so the correlation with the shifted series is exactly 1.
  const double pattern[] = {1, 3, 6, 8, 6, 3, 1};
  std::vector<double> y;
  for (size_t t = 0; t < 70; ++t) y.push_back(pattern[t % 7] + 0.5 * static_cast<double>(t));
  auto found = PeriodDetector(y).Detect(0, 100, 2);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].period, 7);
  EXPECT_NEAR(found[0].score, 1.0, 1e-12);
  EXPECT_EQ(found[1].period, 0);  // padding: nothing else is significant
  EXPECT_EQ(found[1].score, 0);
}

TEST(PeriodDetector, ANoisySineOfPeriodSevenIsFoundWithAHighScore) {
  std::vector<double> y = Sine(140, 7, 5);
  std::vector<double> noise = Noise(140, 42);
  for (size_t t = 0; t < y.size(); ++t) y[t] += noise[t];
  PeriodDetector detector(y);
  auto found = detector.Detect(0, 100, 1);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].period, 7);
  // Noise of variance 1/3 against a sine of variance 12.5 leaves r near 12.5 / 12.83.
  EXPECT_GT(found[0].score, 0.9);
  EXPECT_LT(found[0].score, 1.0);
  EXPECT_DOUBLE_EQ(detector.Score(7), found[0].score);
}

TEST(PeriodDetector, TwoPeriodsTogetherAreBothFoundBestFirst) {
  // A sine of period 24 (variance 12.5) plus a sawtooth of period 7 (variance 4): each lowers
  // the other's correlation, and moves the autocorrelation's peaks to 23 and 6, yet both
  // frequencies are significant and own the lags 24 and 7.
  std::vector<double> y = Sine(2000, 24, 5);
  for (size_t t = 0; t < y.size(); ++t) y[t] += static_cast<double>(t % 7);
  PeriodDetector detector(y);
  auto found = detector.Detect(0, 1000, 3);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].period, 24);
  EXPECT_EQ(found[1].period, 7);
  EXPECT_EQ(found[2].period, 0);
  EXPECT_DOUBLE_EQ(found[0].score, detector.Score(24));
  EXPECT_DOUBLE_EQ(found[1].score, detector.Score(7));
  EXPECT_GT(found[1].score, 0);
  EXPECT_GT(found[0].score, found[1].score);
}

TEST(PeriodDetector, ASpikyPatternIsMissedWhenItsFundamentalIsWeak) {
  // The documented limitation: every 7 points, but most of the variance sits at 7/2 and 7/3
  // (both shorter than 4), so the frequency of 7 alone is not significant.
  const double pattern[] = {3, 9, 4, 1, 7, 2, 5};
  std::vector<double> y;
  for (size_t t = 0; t < 70; ++t) y.push_back(pattern[t % 7]);
  EXPECT_EQ(PeriodDetector(y).Detect(0, 100, 1)[0].period, 0);
  EXPECT_EQ(PeriodDetector(y).Score(7), 0);
}

TEST(PeriodDetector, TheSearchRangeLimitsWhatIsFound) {
  std::vector<double> y = Sine(120, 10, 1);
  EXPECT_EQ(PeriodDetector(y).Detect(0, 100, 1)[0].period, 10);
  EXPECT_EQ(PeriodDetector(y).Detect(12, 100, 1)[0].period, 0);
  EXPECT_EQ(PeriodDetector(y).Detect(0, 8, 1)[0].period, 0);
  EXPECT_EQ(PeriodDetector(y).Detect(50, 20, 1)[0].period, 0);  // empty range
}

TEST(PeriodDetector, ConstantLinearAndRandomSeriesHaveNoPeriod) {
  std::vector<double> constant(50, 3.0), line, empty;
  for (size_t t = 0; t < 50; ++t) line.push_back(2.0 * static_cast<double>(t) - 7);
  for (const auto& y : {constant, line, empty, Noise(200, 1), Noise(200, 7), Noise(500, 99)}) {
    auto found = PeriodDetector(y).Detect(0, 1000, 2);
    ASSERT_EQ(found.size(), 2u);
    for (const auto& p : found) {
      EXPECT_EQ(p.period, 0) << "series of " << y.size();
      EXPECT_EQ(p.score, 0);
    }
  }
}

TEST(PeriodDetector, PeriodsShorterThanFourOrLongerThanHalfAreNotFound) {
  // 1,3,5 then 2,4,6: mostly a period of 3 (too short), exactly periodic only at 6 = n/2.
  // Kusto's series_seasonal documentation shows this series without a detected period.
  std::vector<double> y = {1, 3, 5, 2, 4, 6, 1, 3, 5, 2, 4, 6};
  EXPECT_EQ(PeriodDetector(y).Detect(0, 100, 1)[0].period, 0);
  std::vector<double> period3 = Sine(60, 3, 1);
  EXPECT_EQ(PeriodDetector(period3).Detect(0, 100, 1)[0].period, 0);
  EXPECT_EQ(PeriodDetector(period3).Score(3), 0);
  std::vector<double> period40 = Sine(60, 40, 1);  // longer than 60 / 2
  EXPECT_EQ(PeriodDetector(period40).Detect(0, 100, 1)[0].period, 0);
  EXPECT_EQ(PeriodDetector(period40).Score(40), 0);
}

TEST(PeriodDetector, ValidatingAWrongPeriodScoresZeroAndARightOneHigh) {
  std::vector<double> y = Sine(140, 7, 5);
  std::vector<double> noise = Noise(140, 5);
  for (size_t t = 0; t < y.size(); ++t) y[t] += noise[t];
  PeriodDetector detector(y);
  EXPECT_GT(detector.Score(7), 0.9);
  EXPECT_EQ(detector.Score(5), 0);   // no significant frequency near 140 / 5
  EXPECT_EQ(detector.Score(11), 0);  // nor near 140 / 11
  EXPECT_EQ(detector.Score(2), 0);   // below the minimal period
  EXPECT_EQ(detector.Score(71), 0);  // above half the length
  EXPECT_EQ(detector.Score(std::nan("")), 0);
  // A multiple of the period is not one: no significant frequency near 140 / 14.
  EXPECT_EQ(detector.Score(14), 0);
  // Between two whole lags the correlation is interpolated (140 / 7.25 is still near the
  // significant frequency 20); the lag 8 correlates less than 7.
  double r7 = detector.Score(7), r7_25 = detector.Score(7.25);
  EXPECT_LT(r7_25, r7);
  EXPECT_GT(r7_25, 0.5 * r7);
}

TEST(SeriesPeriodsDetect, ReturnsPeriodsAndScoresPaddedToTheAskedCount) {
  std::vector<double> y = Sine(70, 7, 3);
  auto bag = Call("series_periods_detect", {Value::Dynamic(JsonOf(y)), R(0), R(50), L(3)});
  ASSERT_TRUE(bag.ok()) << bag.status().message();
  const Json& j = bag->dynamic_value();
  ASSERT_EQ(j["periods"], Json::parse("[7, 0, 0]"));
  ASSERT_EQ(j["scores"].size(), 3u);
  EXPECT_NEAR(j["scores"][0].get<double>(), 1.0, 1e-12);
  EXPECT_EQ(j["scores"][1].get<double>(), 0.0);
}

TEST(SeriesPeriodsDetect, NullsEmptyAndNonNumericInput) {
  EXPECT_TRUE(Call("series_periods_detect", {Null(Type::kDynamic), R(0), R(50), L(2)})->is_null());
  EXPECT_TRUE(Call("series_periods_detect", {Dyn(R"({"a":1})"), R(0), R(50), L(2)})->is_null());
  EXPECT_TRUE(
      Call("series_periods_detect", {Dyn("[1,2]"), Null(Type::kReal), R(50), L(2)})->is_null());
  EXPECT_EQ(*Call("series_periods_detect", {Dyn("[]"), R(0), R(50), L(2)}),
            Dyn(R"({"periods":[0,0],"scores":[0.0,0.0]})"));
  // Non-numeric elements read as 0: a pulse every 5 points written with strings between.
  Json pulses = Json::array();
  for (int t = 0; t < 40; ++t) pulses.push_back(t % 5 == 0 ? Json(10) : Json("x"));
  auto bag = Call("series_periods_detect", {Value::Dynamic(pulses), R(0), R(50), L(1)});
  ASSERT_TRUE(bag.ok());
  EXPECT_EQ(bag->dynamic_value()["periods"], Json::parse("[5]"));
}

TEST(SeriesPeriodsDetect, BadArgumentsAreNamed) {
  auto zero = Call("series_periods_detect", {Dyn("[1,2,3]"), R(0), R(50), L(0)});
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.status().message(),
            "series_periods_detect(): num_periods (argument 4) must be between 1 and 1024, got 0");
  EXPECT_FALSE(Call("series_periods_detect", {Dyn("[1,2,3]"), S("a"), R(50), L(2)}).ok());
  EXPECT_FALSE(Call("series_periods_detect", {Dyn("[1,2,3]"), R(0), R(50), R(2)}).ok());
  EXPECT_FALSE(Call("series_periods_detect", {Dyn("[1,2,3]"), R(0), R(50)}).ok());
}

TEST(SeriesPeriodsValidate, ScoresEachAskedPeriod) {
  std::vector<double> y = Sine(70, 7, 3);
  auto bag = Call("series_periods_validate", {Value::Dynamic(JsonOf(y)), R(7), L(5), R(40)});
  ASSERT_TRUE(bag.ok()) << bag.status().message();
  const Json& j = bag->dynamic_value();
  EXPECT_EQ(j["periods"], Json::parse("[7.0, 5.0, 40.0]"));
  ASSERT_EQ(j["scores"].size(), 3u);
  EXPECT_NEAR(j["scores"][0].get<double>(), 1.0, 1e-12);
  EXPECT_EQ(j["scores"][1].get<double>(), 0.0);
  EXPECT_EQ(j["scores"][2].get<double>(), 0.0);  // longer than half the series
}

TEST(SeriesPeriodsValidate, NullsAndArgumentErrors) {
  EXPECT_TRUE(Call("series_periods_validate", {Null(Type::kDynamic), R(7)})->is_null());
  EXPECT_TRUE(Call("series_periods_validate", {Dyn("[1,2]"), Null(Type::kReal)})->is_null());
  EXPECT_EQ(*Call("series_periods_validate", {Dyn("[]"), R(7)}),
            Dyn(R"({"periods":[7.0],"scores":[0.0]})"));
  EXPECT_FALSE(Call("series_periods_validate", {Dyn("[1,2,3]")}).ok());
  EXPECT_FALSE(Call("series_periods_validate", {Dyn("[1,2,3]"), S("7")}).ok());
  std::vector<Value> seventeen = {Dyn("[1,2,3]")};
  for (int k = 0; k < 17; ++k) seventeen.push_back(R(4 + k));
  EXPECT_FALSE(Call("series_periods_validate", seventeen).ok());
}

TEST(SeriesSeasonal, WithoutAPeriodUsesTheDetectedOne) {
  // Kusto's documented examples: periods 6 and 5 are detected, each with an outlier at the
  // start that the medians ignore; the third series has no period in [4, n/2].
  Value six = Dyn("[2,5,3,4,3,2,1,2,3,4,3,2,1,2,3,4,3,2,1,2,3,4,3,2,1]");
  Value five = Dyn("[8,12,14,12,10,10,12,14,12,10,10,12,14,12,10,10,12,14,12,10]");
  Value none = Dyn("[1,3,5,2,4,6,1,3,5,2,4,6]");
  EXPECT_EQ(*Call("series_seasonal", {six}), *Call("series_seasonal", {six, L(6)}));
  EXPECT_EQ(*Call("series_seasonal", {five}), *Call("series_seasonal", {five, L(5)}));
  EXPECT_EQ(*Call("series_seasonal", {none}), *Call("series_seasonal", {none, L(0)}));
  EXPECT_EQ(*Call("series_seasonal", {six, L(-1)}), *Call("series_seasonal", {six, L(6)}));
  EXPECT_EQ(*Call("series_seasonal", {none, L(0)}),
            Dyn("[0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0]"));
}

TEST(SeriesSeasonal, OtherPeriodsBelowOneAndPastTheEnd) {
  Value s = Dyn("[1,3,5,2]");
  EXPECT_EQ(*Call("series_seasonal", {s, L(-2)}), Dyn("[0.0,0.0,0.0,0.0]"));
  EXPECT_EQ(*Call("series_seasonal", {s, L(1000000000000)}), Dyn("[1.0,3.0,5.0,2.0]"));
  EXPECT_TRUE(Call("series_seasonal", {s, Null(Type::kLong)})->is_null());
  EXPECT_FALSE(Call("series_seasonal", {s, R(2.5)}).ok());
}

}  // namespace
}  // namespace quarry::kql
