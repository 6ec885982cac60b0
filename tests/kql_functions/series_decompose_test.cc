// series_decompose and series_decompose_anomalies with seasonality: the period detected (or
// given), medians by phase, then the trend of what is left, and test points left out of the
// learning.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "function_test_util.h"

namespace quarry::kql {
namespace {

using testing::Call;
using testing::L;
using testing::R;
using testing::S;

constexpr double kPattern[] = {10, 30, 60, 80, 60, 30, 10, 0};  // one period of 8
constexpr size_t kOutlierAt = 45;

// Ten periods of the pattern on a level of 100, plus 100 at one position.
Json SeasonalWithOutlier() {
  Json y = Json::array();
  for (size_t t = 0; t < 80; ++t) {
    y.push_back(100 + kPattern[t % 8] + (t == kOutlierAt ? 100 : 0));
  }
  return y;
}

Json Column(const Value& bag, const char* key) {
  return bag.dynamic_value()[key];
}

TEST(SeriesDecompose, DetectsThePeriodAndTakesMediansByPhase) {
  auto d = Call("series_decompose", {Value::Dynamic(SeasonalWithOutlier()), L(-1), S("avg")});
  ASSERT_TRUE(d.ok()) << d.status().message();
  // The outlier is one of ten values in its phase, so the medians are the pattern itself; what
  // is left averages 100 / 80 over the series.
  Json seasonal = Column(*d, "seasonal"), trend = Column(*d, "trend");
  Json residual = Column(*d, "residual"), baseline = Column(*d, "baseline");
  ASSERT_EQ(seasonal.size(), 80u);
  for (size_t t = 0; t < 80; ++t) {
    EXPECT_DOUBLE_EQ(seasonal[t].get<double>(), 100 + kPattern[t % 8]) << t;
    EXPECT_DOUBLE_EQ(trend[t].get<double>(), 1.25) << t;
    EXPECT_DOUBLE_EQ(baseline[t].get<double>(), 101.25 + kPattern[t % 8]) << t;
    EXPECT_DOUBLE_EQ(residual[t].get<double>(), (t == kOutlierAt ? 100 : 0) - 1.25) << t;
  }
  // The same as giving the period; none (0) leaves the seasonal part at 0.
  EXPECT_EQ(*Call("series_decompose", {Value::Dynamic(SeasonalWithOutlier()), L(8), S("avg")}), *d);
  auto none = Call("series_decompose", {Value::Dynamic(SeasonalWithOutlier()), L(0), S("avg")});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(Column(*none, "seasonal"), Json(std::vector<double>(80, 0.0)));
}

TEST(SeriesDecompose, AThresholdAboveTheScoreLeavesNoSeason) {
  // The noise-free pattern scores 1 at its period, the outlier lowers it a little: a threshold
  // of 1 rejects it, the default 0.6 accepts it.
  Json y = SeasonalWithOutlier();
  auto strict = Call("series_decompose", {Value::Dynamic(y), L(-1), S("avg"), L(0), R(1.0)});
  ASSERT_TRUE(strict.ok());
  EXPECT_EQ(Column(*strict, "seasonal"), Json(std::vector<double>(80, 0.0)));
  auto loose = Call("series_decompose", {Value::Dynamic(y), L(-1), S("avg"), L(0), R(0.6)});
  ASSERT_TRUE(loose.ok());
  EXPECT_DOUBLE_EQ(Column(*loose, "seasonal")[3].get<double>(), 180.0);
}

TEST(SeriesDecompose, TestPointsAreLeftOutOfTheLearning) {
  Json y = Json::array(), head = Json::array();
  for (size_t t = 0; t < 80; ++t) {
    y.push_back(kPattern[t % 8] + 0.5 * static_cast<double>(t));
    if (t < 64) head.push_back(y.back());
  }
  auto with_test = Call("series_decompose", {Value::Dynamic(y), L(-1), S("linefit"), L(16)});
  auto learnt = Call("series_decompose", {Value::Dynamic(head), L(-1), S("linefit")});
  ASSERT_TRUE(with_test.ok() && learnt.ok());
  // The first 64 values decompose as if the last 16 did not exist.
  for (const char* key : {"seasonal", "trend", "baseline", "residual"}) {
    for (size_t t = 0; t < 64; ++t) {
      EXPECT_DOUBLE_EQ(Column(*with_test, key)[t].get<double>(),
                       Column(*learnt, key)[t].get<double>())
          << key << " " << t;
    }
  }
  // Over the test points the season repeats and the line goes on.
  Json seasonal = Column(*with_test, "seasonal"), trend = Column(*with_test, "trend");
  double step = trend[1].get<double>() - trend[0].get<double>();
  EXPECT_NE(Column(*learnt, "seasonal")[0].get<double>(), 0.0);
  for (size_t t = 64; t < 80; ++t) {
    EXPECT_DOUBLE_EQ(seasonal[t].get<double>(), seasonal[t - 8].get<double>()) << t;
    EXPECT_NEAR(trend[t].get<double>() - trend[t - 1].get<double>(), step, 1e-9) << t;
  }
}

TEST(SeriesDecomposeAnomalies, OnlyTheOutlierIsFlaggedOnceTheSeasonIsRemoved) {
  // The seasonal series with noise in [-1, 1) (a fixed linear congruential generator), so the
  // residual's fences have some width.
  Json y = SeasonalWithOutlier();
  uint64_t state = 7;
  for (auto& v : y) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    v = v.get<double>() + static_cast<double>(state >> 11) / 4503599627370496.0 - 1.0;
  }
  auto seasonal = Call("series_decompose_anomalies", {Value::Dynamic(y)});
  ASSERT_TRUE(seasonal.ok()) << seasonal.status().message();
  Json flags = Column(*seasonal, "ad_flag");
  ASSERT_EQ(flags.size(), 80u);
  for (size_t t = 0; t < 80; ++t) EXPECT_EQ(flags[t], t == kOutlierAt ? 1 : 0) << t;
  // Without seasonality the pattern's own peaks and troughs widen the fences: the outlier's
  // score falls below the threshold.
  auto flat = Call("series_decompose_anomalies", {Value::Dynamic(y), R(1.5), L(0)});
  ASSERT_TRUE(flat.ok());
  EXPECT_EQ(Column(*flat, "ad_flag")[kOutlierAt], 0);
  EXPECT_LT(Column(*flat, "ad_score")[kOutlierAt].get<double>(), 1.5);
}

}  // namespace
}  // namespace quarry::kql
