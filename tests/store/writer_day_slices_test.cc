// The writer cuts time-sorted batches into per-day views (their text shared with the batch, not
// copied) and joins a day's views into segments on its background threads. These tests append
// batches that cross day and segment boundaries, drop each batch as soon as it is appended, and
// check that every row comes back once, whole, in a segment of its own day.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "common/time.h"
#include "store/workspace.h"
#include "table/table.h"
#include "test_files.h"

namespace quarry::store {
namespace {

using testing::TempDir;

constexpr int kDays = 4;
constexpr size_t kRowsPerDay = 10;
constexpr size_t kRows = kDays * kRowsPerDay;

int64_t TimeOf(size_t i) {
  return *ParseDatetime("2024-05-01T00:00:00Z") +
         static_cast<int64_t>(i / kRowsPerDay) * kTicksPerDay +
         static_cast<int64_t>(i % kRowsPerDay) * kTicksPerMinute;
}

std::string CommandOf(size_t i) {
  return "powershell.exe -enc " + std::string(i % 5 + 1, 'A') + "-" + std::to_string(i);
}

// Rows [from, to) in time order: one day follows another inside a batch.
TablePtr SortedRows(size_t from, size_t to) {
  Schema schema({{"TimeGenerated", Type::kDatetime},
                 {"DeviceName", Type::kString},
                 {"ProcessCommandLine", Type::kString},
                 {"ProcessId", Type::kLong}});
  TableBuilder b(schema);
  for (size_t i = from; i < to; ++i) {
    b.AppendRow({Value::Datetime(TimeOf(i)), Value::String("host-" + std::to_string(i % 3)),
                 i % 6 == 4 ? Value::Null(Type::kString) : Value::String(CommandOf(i)),
                 Value::Long(static_cast<int64_t>(1000 + i))});
  }
  return b.Finish();
}

// Appends kRows sorted rows in batches of `batch` rows and commits.
void Fill(Workspace& ws, size_t batch) {
  auto writer = ws.BeginWrite();
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  for (size_t from = 0; from < kRows; from += batch) {
    TablePtr rows = SortedRows(from, std::min(kRows, from + batch));
    auto appended = (*writer)->Append("DeviceProcessEvents", *rows);
    ASSERT_TRUE(appended.ok()) << appended.status().ToString();
  }
  ASSERT_TRUE((*writer)->Commit().ok());
}

// Every row exactly once with its own values, whatever the segments' order.
void ExpectEveryRowOnce(const Table& table) {
  ASSERT_EQ(table.num_rows(), kRows);
  ColumnPtr time = table.ColumnByName("TimeGenerated");
  ColumnPtr device = table.ColumnByName("DeviceName");
  ColumnPtr command = table.ColumnByName("ProcessCommandLine");
  ColumnPtr pid = table.ColumnByName("ProcessId");
  ASSERT_TRUE(time && device && command && pid);
  std::map<size_t, int> seen;
  for (size_t r = 0; r < table.num_rows(); ++r) {
    const size_t i = static_cast<size_t>(pid->longs()[r] - 1000);
    ASSERT_LT(i, kRows) << "row " << r;
    ++seen[i];
    EXPECT_EQ(time->longs()[r], TimeOf(i)) << "row " << i;
    EXPECT_EQ(device->str(r), "host-" + std::to_string(i % 3)) << "row " << i;
    if (i % 6 == 4) {
      EXPECT_TRUE(command->IsNull(r)) << "row " << i;
    } else {
      ASSERT_FALSE(command->IsNull(r)) << "row " << i;
      EXPECT_EQ(command->str(r), CommandOf(i)) << "row " << i;
    }
  }
  EXPECT_EQ(seen.size(), kRows);
  for (const auto& [i, n] : seen) EXPECT_EQ(n, 1) << "row " << i;
}

// Reading one day touches only that day's segments, which hold only its rows.
void ExpectSegmentsHoldOneDayEach(const Workspace& ws) {
  for (int d = 0; d < kDays; ++d) {
    ReadOptions options;
    options.min_time = TimeOf(static_cast<size_t>(d) * kRowsPerDay);
    options.max_time = TimeOf(static_cast<size_t>(d) * kRowsPerDay + kRowsPerDay - 1);
    ReadStats stats;
    auto table = ws.Read("DeviceProcessEvents", options, &stats);
    ASSERT_TRUE(table.ok()) << table.status().ToString();
    EXPECT_EQ(stats.rows_read, kRowsPerDay) << "day " << d;
  }
}

TEST(WriterDaySlices, BatchesCrossingDaysAndSegmentsKeepEveryRow) {
  TempDir dir;
  WorkspaceOptions options;
  options.segment_rows = 4;  // a day's bucket is cut into segments inside its parts
  auto ws = Workspace::Open(dir.path() + "/ws", true, options);
  ASSERT_TRUE(ws.ok()) << ws.status().ToString();
  Fill(**ws, 7);  // batches of 7 rows: most hold the end of one day and the start of the next
  auto table = (*ws)->Read("DeviceProcessEvents", ReadOptions{}, nullptr);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  ExpectEveryRowOnce(**table);
  ExpectSegmentsHoldOneDayEach(**ws);
  ReadStats stats;
  ASSERT_TRUE((*ws)->Read("DeviceProcessEvents", ReadOptions{}, &stats).ok());
  // A bucket is flushed once it holds 4 rows, in segments of at most 4, the rest at commit:
  // day 0 gets 7 rows (4 + 3) then 3 at commit; day 1 4, then 6 (4 + 2); day 2 1 + 7 = 8 (4 + 4)
  // then 2 at commit; day 3 5 (4 + 1), then 5 (4 + 1). 13 segments.
  EXPECT_EQ(stats.segments_total, 13u);
}

TEST(WriterDaySlices, OneSegmentPerDayJoinsTheDaysViews) {
  TempDir dir;
  auto ws = Workspace::Open(dir.path() + "/ws", true);  // segments of up to 1M rows
  ASSERT_TRUE(ws.ok()) << ws.status().ToString();
  Fill(**ws, 3);
  ReadStats stats;
  auto table = (*ws)->Read("DeviceProcessEvents", ReadOptions{}, &stats);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  ExpectEveryRowOnce(**table);
  EXPECT_EQ(stats.segments_total, static_cast<size_t>(kDays));
  ExpectSegmentsHoldOneDayEach(**ws);
}

}  // namespace
}  // namespace quarry::store
