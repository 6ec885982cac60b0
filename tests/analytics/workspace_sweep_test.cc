#include "analytics/workspace_sweep.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/time.h"

namespace quarry::analytics {
namespace {

using ::testing::HasSubstr;

int64_t At(const char* t) { return *ParseDatetime(t); }

store::TableInfo Info(const char* name, std::optional<int64_t> lo, std::optional<int64_t> hi,
                      uint64_t rows) {
  store::TableInfo t;
  t.name = name;
  t.min_time = lo;
  t.max_time = hi;
  t.rows = rows;
  return t;
}

TEST(WorkspaceSweepTest, DefaultWindowCoversAllTimedData) {
  auto w = ResolveSweepWindow({Info("A", At("2024-06-02T00:00:00Z"), At("2024-06-10T00:00:00Z"), 5),
                               Info("B", At("2024-06-01T00:00:00Z"), At("2024-06-05T00:00:00Z"), 3),
                               Info("C", std::nullopt, std::nullopt, 7)},
                              std::nullopt, std::nullopt);
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_EQ(w->start_ticks, At("2024-06-01T00:00:00Z"));
  EXPECT_EQ(w->end_ticks, At("2024-06-10T00:00:00Z") + 1);
}

TEST(WorkspaceSweepTest, SinceCountsBackFromNow) {
  auto w = ResolveSweepWindow({}, 2 * kTicksPerDay, At("2024-06-15T00:00:00Z"));
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->start_ticks, At("2024-06-13T00:00:00Z"));
  EXPECT_EQ(w->end_ticks, At("2024-06-15T00:00:00Z") + 1);
}

TEST(WorkspaceSweepTest, EmptyWorkspaceIsNotFound) {
  auto w = ResolveSweepWindow({Info("A", std::nullopt, std::nullopt, 0)}, std::nullopt, std::nullopt);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().code(), StatusCode::kNotFound);
}

TEST(WorkspaceSweepTest, FlagTextsAreParsedOrNamed) {
  WorkspaceSweepOptions options;
  ASSERT_TRUE(ParseSweepTimes("7d", "2024-06-15T00:00:00Z", &options).ok());
  EXPECT_EQ(options.since_ticks, 7 * kTicksPerDay);
  EXPECT_EQ(options.now_ticks, At("2024-06-15T00:00:00Z"));
  Status bad = ParseSweepTimes("seven days", "", &options);
  EXPECT_THAT(bad.message(), HasSubstr("--since 'seven days'"));
  bad = ParseSweepTimes("", "yesterday", &options);
  EXPECT_THAT(bad.message(), HasSubstr("--now 'yesterday'"));
}

}  // namespace
}  // namespace quarry::analytics
