#include "range/demo_workspace.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "common/time.h"
#include "store/workspace.h"

namespace quarry::range {
namespace {

// The whole range written through the store: the ground truth's item ids must resolve to the
// stored rows' hidden _ItemId column, and those rows must name the scenario's host.
TEST(DemoWorkspaceTest, InitWritesTheRangeAndTruthIntoAStoreWorkspace) {
  auto dir = std::filesystem::temp_directory_path() / "quarry_range_demo_test";
  std::filesystem::remove_all(dir);
  RangeOptions options;
  options.seed = 11;
  options.now_ticks = *ParseDatetime("2025-06-01T00:00:00Z");
  int last_progress = 0;
  auto result = InitDemoWorkspace(dir.string(), options, [&](int done, int) { last_progress = done; });
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(last_progress, kRangeDays * 24);
  EXPECT_TRUE(DemoWorkspaceExists(dir.string()));

  auto truth = ReadGroundTruth(dir.string());
  ASSERT_TRUE(truth.ok()) << truth.status().ToString();
  EXPECT_EQ(GroundTruthToJson(*truth), GroundTruthToJson(result->truth));

  auto ws = store::Workspace::Open(dir.string(), false);
  ASSERT_TRUE(ws.ok()) << ws.status().ToString();
  EXPECT_EQ((*ws)->Tables().size(), 12u);
  uint64_t stored = 0;
  for (const auto& t : (*ws)->Tables()) stored += t.rows;
  EXPECT_EQ(stored, result->stats.total_rows);

  for (const char* kind : {"lsass_dump", "ssh_brute_force"}) {
    const TruthRecord* rec = nullptr;
    for (const auto& r : truth->records) {
      if (r.kind == kind) rec = &r;
    }
    ASSERT_NE(rec, nullptr) << kind;
    const auto& [table, ids] = *rec->evidence.begin();
    store::ReadOptions read;
    read.columns = {std::string(store::kItemIdColumn), "DeviceName"};
    auto rows = (*ws)->Read(table, read, nullptr);
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    auto item = (*rows)->ColumnByName(store::kItemIdColumn);
    auto device = (*rows)->ColumnByName("DeviceName");
    ASSERT_TRUE(item && device);
    std::set<std::string> wanted;
    for (uint64_t id : ids) wanted.insert(std::to_string(id));
    size_t matched = 0;
    for (size_t i = 0; i < (*rows)->num_rows(); ++i) {
      if (!wanted.count(std::string(item->str(i)))) continue;
      ++matched;
      EXPECT_EQ(device->str(i), rec->hosts.front()) << rec->id;
    }
    EXPECT_EQ(matched, ids.size()) << rec->id;
  }

  auto summary = SummarizeWorkspace(dir.string());
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->total_rows, stored);
  EXPECT_EQ(summary->scenarios, 22u);
  EXPECT_EQ(summary->lookalikes, 6u);
  EXPECT_NE(FormatSummary(*summary).find("SigninLogs"), std::string::npos);

  auto again = InitDemoWorkspace(dir.string(), options);
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace quarry::range
