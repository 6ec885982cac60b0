#include "range/generator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "common/time.h"
#include "range/event_sink.h"

namespace quarry::range {
namespace {

constexpr const char* kNow = "2025-03-10T12:00:00Z";

struct Generated {
  MemorySink sink;
  GroundTruth truth;
  GenerateStats stats;
};

RangeOptions Options(uint64_t seed) {
  RangeOptions o;
  o.scale = Scale::kSmall;
  o.seed = seed;
  o.now_ticks = *ParseDatetime(kNow);
  return o;
}

std::unique_ptr<Generated> Run(uint64_t seed) {
  auto g = std::make_unique<Generated>();
  auto truth = Generate(Options(seed), g->sink, &g->stats);
  EXPECT_TRUE(truth.ok()) << truth.status().ToString();
  if (truth.ok()) g->truth = std::move(*truth);
  return g;
}

// Small ranges are generated once per seed and shared by the tests.
const Generated& Small(uint64_t seed) {
  static std::map<uint64_t, std::unique_ptr<Generated>> cache;
  auto& slot = cache[seed];
  if (!slot) slot = Run(seed);
  return *slot;
}

std::string CellText(const Table& t, size_t row, std::string_view column) {
  auto col = t.ColumnByName(column);
  if (!col || col->IsNull(row)) return "";
  return col->GetValue(row).ToString();
}

TEST(GeneratorTest, FillsAllTwelveTablesAtSmallScale) {
  const Generated& g = Small(1);
  static const char* const kTables[] = {
      "DeviceProcessEvents", "DeviceNetworkEvents", "DeviceLogonEvents", "DeviceFileEvents",
      "DeviceRegistryEvents", "DeviceInfo", "AlertInfo", "AlertEvidence", "SigninLogs",
      "AuditLogs", "AzureActivity", "AzureNetworkAnalytics_CL"};
  for (const char* t : kTables) EXPECT_GT(g.sink.RowCount(t), 0u) << t;
  EXPECT_EQ(g.sink.TotalRows(), g.stats.total_rows);
  EXPECT_GT(g.stats.total_rows, 100'000u);
  EXPECT_LT(g.stats.total_rows, 400'000u);
  EXPECT_GE(g.stats.hosts, 20u);
  EXPECT_LE(g.stats.hosts, 60u);
  EXPECT_GE(g.stats.users, 50u);
  for (const auto& [table, n] : g.stats.rows) std::printf("%-28s %8llu\n", table.c_str(), static_cast<unsigned long long>(n));
}

}  // namespace
}  // namespace quarry::range
