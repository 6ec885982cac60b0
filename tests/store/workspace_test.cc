#include "store/workspace.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "common/time.h"
#include "test_files.h"

namespace quarry::store {
namespace {

using testing::TempDir;

int64_t Day(int d) { return *ParseDatetime("2024-03-01T00:00:00Z") + d * kTicksPerDay; }

// Rows of every type; row i has time Day(i % days) + i minutes and a repeating string.
TablePtr MakeRows(size_t n, int days, size_t offset = 0) {
  Schema schema({{"TimeGenerated", Type::kDatetime},
                 {"Flag", Type::kBool},
                 {"Small", Type::kInt},
                 {"Big", Type::kLong},
                 {"Ratio", Type::kReal},
                 {"Money", Type::kDecimal},
                 {"Computer", Type::kString},
                 {"Command", Type::kString},
                 {"Elapsed", Type::kTimespan},
                 {"Id", Type::kGuid},
                 {"Props", Type::kDynamic}});
  TableBuilder b(schema);
  for (size_t k = 0; k < n; ++k) {
    size_t i = k + offset;
    bool null_row = i % 7 == 3;
    std::vector<Value> row = {
        Value::Datetime(Day(static_cast<int>(i % days)) + static_cast<int64_t>(i) * kTicksPerMinute),
        null_row ? Value::Null(Type::kBool) : Value::Bool(i % 2 == 0),
        null_row ? Value::Null(Type::kInt) : Value::Int(static_cast<int32_t>(i) - 5),
        Value::Long(static_cast<int64_t>(i) * 1'000'000'007LL),
        null_row ? Value::Null(Type::kReal) : Value::Real(0.5 * static_cast<double>(i)),
        Value::Decimal(1.25),
        Value::String("host-" + std::to_string(i % 5)),
        null_row ? Value::Null(Type::kString) : Value::String("cmd.exe /c echo " + std::to_string(i)),
        Value::Timespan(static_cast<int64_t>(i) * kTicksPerSecond),
        Value::Guid("0a1b2c3d-0000-4000-8000-" + std::string(12 - std::to_string(i).size(), '0') +
                    std::to_string(i)),
        null_row ? Value::Null(Type::kDynamic)
                 : Value::Dynamic(Json{{"i", i}, {"tags", Json::array({"a", "b"})}}),
    };
    b.AppendRow(row);
  }
  return b.Finish();
}

void ExpectSameRows(const Table& expected, const Table& actual) {
  ASSERT_EQ(expected.num_rows(), actual.num_rows());
  for (size_t c = 0; c < expected.num_columns(); ++c) {
    const auto& name = expected.schema().field(c).name;
    ColumnPtr got = actual.ColumnByName(name);
    ASSERT_NE(got, nullptr) << name;
    for (size_t r = 0; r < expected.num_rows(); ++r) {
      ASSERT_EQ(expected.column(c)->GetValue(r), got->GetValue(r)) << name << " row " << r;
    }
  }
}

TEST(WorkspaceTest, OpenMissingWithoutCreateIsNotFound) {
  TempDir dir;
  auto ws = Workspace::Open(dir.path() + "/nope", false);
  ASSERT_FALSE(ws.ok());
  EXPECT_EQ(ws.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(ws.status().message(), ::testing::HasSubstr(dir.path() + "/nope"));
}

TEST(WorkspaceTest, EveryTypeRoundTripsThroughSegments) {
  TempDir dir;
  auto ws = Workspace::Open(dir.path() + "/ws", true);
  ASSERT_TRUE(ws.ok()) << ws.status().ToString();
  TablePtr rows = MakeRows(500, 1);
  {
    auto writer = (*ws)->BeginWrite();
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    auto first = (*writer)->Append("Custom_CL", *rows);
    ASSERT_TRUE(first.ok()) << first.status().ToString();
    EXPECT_EQ(*first, 1u);
    // Not visible before Commit.
    EXPECT_FALSE((*ws)->FindTable("Custom_CL").has_value());
    ASSERT_TRUE((*writer)->Commit().ok());
  }
  // A fresh open (another reader) sees the same rows.
  auto reopened = Workspace::Open(dir.path() + "/ws", false);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  ReadStats stats;
  auto table = (*reopened)->Read("Custom_CL", ReadOptions{}, &stats);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ((*table)->schema(), rows->schema());
  ExpectSameRows(*rows, **table);
  EXPECT_EQ(stats.rows_read, 500u);
  // Low-cardinality strings come back dictionary-encoded; unique ones plain.
  EXPECT_TRUE((*table)->ColumnByName("Computer")->is_dictionary());
  EXPECT_EQ((*table)->ColumnByName("Computer")->dictionary().size(), 5u);
  EXPECT_FALSE((*table)->ColumnByName("Command")->is_dictionary());
  auto info = (*reopened)->FindTable("Custom_CL");
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->rows, 500u);
  EXPECT_EQ(info->time_column, "TimeGenerated");
  EXPECT_EQ(info->min_time, Day(0));
}

TEST(WorkspaceTest, ItemIdsAreStableConsecutiveAndHidden) {
  TempDir dir;
  auto ws = Workspace::Open(dir.path(), true);
  ASSERT_TRUE(ws.ok());
  auto writer = (*ws)->BeginWrite();
  ASSERT_TRUE(writer.ok());
  EXPECT_EQ(*(*writer)->Append("A", *MakeRows(10, 3)), 1u);
  EXPECT_EQ(*(*writer)->Append("B", *MakeRows(5, 1)), 11u);
  ASSERT_TRUE((*writer)->Commit().ok());
  EXPECT_EQ(*(*writer)->Append("A", *MakeRows(4, 1, 10)), 16u);
  ASSERT_TRUE((*writer)->Commit().ok());

  auto all = (*ws)->Read("A", ReadOptions{}, nullptr);
  ASSERT_TRUE(all.ok());
  EXPECT_FALSE((*all)->schema().IndexOf(std::string(kItemIdColumn)).has_value());
  ReadOptions opts;
  opts.columns = {std::string(kItemIdColumn), "Big"};
  auto ids = (*ws)->Read("A", opts, nullptr);
  ASSERT_TRUE(ids.ok()) << ids.status().ToString();
  ASSERT_EQ((*ids)->num_rows(), 14u);
  // Rows are grouped by day, so compare id -> row content rather than order.
  std::map<std::string, int64_t> big_by_id;
  for (size_t r = 0; r < 14; ++r) {
    big_by_id[std::string((*ids)->column(0)->str(r))] = (*ids)->column(1)->longs()[r];
  }
  ASSERT_EQ(big_by_id.size(), 14u);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(big_by_id[std::to_string(1 + i)], i * 1'000'000'007LL);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(big_by_id[std::to_string(16 + i)], (10 + i) * 1'000'000'007LL);
  }
}

TEST(WorkspaceTest, TimeBoundsSkipSegments) {
  TempDir dir;
  auto ws = Workspace::Open(dir.path(), true);
  ASSERT_TRUE(ws.ok());
  auto writer = (*ws)->BeginWrite();
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Append("T", *MakeRows(700, 7)).ok());  // 100 rows on each of 7 days
  ASSERT_TRUE((*writer)->Commit().ok());
  ReadOptions opts;
  opts.min_time = Day(2);
  opts.max_time = Day(3) + kTicksPerDay - 1;
  ReadStats stats;
  auto t = (*ws)->Read("T", opts, &stats);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(stats.segments_total, 7u);
  EXPECT_EQ(stats.segments_read, 2u);
  EXPECT_EQ((*t)->num_rows(), 200u);
  auto time = (*t)->ColumnByName("TimeGenerated");
  for (size_t i = 0; i < time->size(); ++i) {
    EXPECT_GE(time->longs()[i], Day(2));
    EXPECT_LE(time->longs()[i], *opts.max_time);
  }
  ReadStats none;
  opts.min_time = Day(30);
  opts.max_time = std::nullopt;
  auto empty = (*ws)->Read("T", opts, &none);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ((*empty)->num_rows(), 0u);
  EXPECT_EQ(none.segments_read, 0u);
  EXPECT_EQ((*empty)->schema().size(), 11u);
}

TEST(WorkspaceTest, SchemaGrowsAndOldSegmentsReadNullForNewColumns) {
  TempDir dir;
  auto ws = Workspace::Open(dir.path(), true);
  ASSERT_TRUE(ws.ok());
  auto writer = (*ws)->BeginWrite();
  ASSERT_TRUE(writer.ok());
  TableBuilder a(Schema({{"TimeGenerated", Type::kDatetime}, {"X", Type::kLong}}));
  a.AppendRow({Value::Datetime(Day(0)), Value::Long(1)});
  ASSERT_TRUE((*writer)->Append("G", *a.Finish()).ok());
  ASSERT_TRUE((*writer)->Commit().ok());
  TableBuilder b(Schema({{"Y", Type::kString}, {"TimeGenerated", Type::kDatetime}}));
  b.AppendRow({Value::String("new"), Value::Datetime(Day(1))});
  ASSERT_TRUE((*writer)->Append("G", *b.Finish()).ok());
  EXPECT_EQ((*writer)->TableSchema("G")->ToString(), "(TimeGenerated:datetime, X:long, Y:string)");
  ASSERT_TRUE((*writer)->Commit().ok());
  auto t = (*ws)->Read("G", ReadOptions{}, nullptr);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ((*t)->num_rows(), 2u);
  EXPECT_EQ((*t)->ColumnByName("X")->GetValue(0), Value::Long(1));
  EXPECT_TRUE((*t)->ColumnByName("X")->IsNull(1));
  EXPECT_TRUE((*t)->ColumnByName("Y")->IsNull(0));
  EXPECT_EQ((*t)->ColumnByName("Y")->GetValue(1), Value::String("new"));

  TableBuilder bad(Schema({{"X", Type::kString}}));
  bad.AppendRow({Value::String("oops")});
  auto r = (*writer)->Append("G", *bad.Finish());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(r.status().message(), ::testing::HasSubstr("'X'"));
}

TEST(WorkspaceTest, ManySegmentsReadInWindowsWithColumnsSomeLack) {
  // Eleven one-day segments (the reader decompresses four at a time): the text column "Cmd"
  // exists only from day 3 on and is plain (every value distinct), "Host" is a dictionary.
  TempDir dir;
  auto ws = Workspace::Open(dir.path(), true);
  ASSERT_TRUE(ws.ok());
  auto writer = (*ws)->BeginWrite();
  ASSERT_TRUE(writer.ok());
  constexpr int kDays = 11, kPerDay = 40;
  for (int d = 0; d < kDays; ++d) {
    std::vector<Field> fields = {{"TimeGenerated", Type::kDatetime}, {"Host", Type::kString}};
    if (d >= 3) fields.push_back({"Cmd", Type::kString});
    TableBuilder b{Schema(fields)};
    for (int i = 0; i < kPerDay; ++i) {
      std::vector<Value> row = {Value::Datetime(Day(d) + i * kTicksPerMinute),
                                Value::String("host-" + std::to_string(i % 3))};
      if (d >= 3) row.push_back(Value::String("run " + std::to_string(d * 1000 + i)));
      b.AppendRow(row);
    }
    ASSERT_TRUE((*writer)->Append("W", *b.Finish()).ok());
  }
  ASSERT_TRUE((*writer)->Commit().ok());
  ReadStats stats;
  auto t = (*ws)->Read("W", ReadOptions{}, &stats);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(stats.segments_read, static_cast<size_t>(kDays));
  ASSERT_EQ((*t)->num_rows(), static_cast<size_t>(kDays * kPerDay));
  ColumnPtr cmd = (*t)->ColumnByName("Cmd");
  ColumnPtr host = (*t)->ColumnByName("Host");
  EXPECT_FALSE(cmd->is_dictionary());
  EXPECT_TRUE(host->is_dictionary());
  for (int d = 0; d < kDays; ++d) {
    for (int i = 0; i < kPerDay; ++i) {
      const size_t row = static_cast<size_t>(d * kPerDay + i);
      ASSERT_EQ(host->GetValue(row), Value::String("host-" + std::to_string(i % 3))) << row;
      if (d < 3) {
        ASSERT_TRUE(cmd->IsNull(row)) << row;
      } else {
        ASSERT_EQ(cmd->GetValue(row), Value::String("run " + std::to_string(d * 1000 + i))) << row;
      }
    }
  }
}

TEST(WorkspaceTest, OneWriterAtATime) {
  TempDir dir;
  auto ws = Workspace::Open(dir.path(), true);
  ASSERT_TRUE(ws.ok());
  auto first = (*ws)->BeginWrite();
  ASSERT_TRUE(first.ok());
  auto second = (*ws)->BeginWrite();
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kFailedPrecondition);
  first->reset();
  auto third = (*ws)->BeginWrite();
  EXPECT_TRUE(third.ok()) << third.status().ToString();
}

TEST(WorkspaceTest, UncommittedSegmentsAreRemovedByTheNextWriter) {
  TempDir dir;
  WorkspaceOptions options;
  options.segment_rows = 10;  // flush while appending
  auto ws = Workspace::Open(dir.path(), true, options);
  ASSERT_TRUE(ws.ok());
  {
    auto writer = (*ws)->BeginWrite();
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->Append("T", *MakeRows(50, 1)).ok());
    // Dropped without Commit.
  }
  size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path() + "/segments")) {
    (void)e;
    ++files;
  }
  EXPECT_EQ(files, 5u);
  EXPECT_FALSE((*ws)->FindTable("T").has_value());
  auto writer = (*ws)->BeginWrite();
  ASSERT_TRUE(writer.ok());
  EXPECT_TRUE(std::filesystem::is_empty(dir.path() + "/segments"));
}

TEST(WorkspaceTest, WriterFlushesWhenItsMemoryBudgetIsReached) {
  TempDir dir;
  WorkspaceOptions options;
  options.max_buffered_bytes = 1;  // every append goes straight to a segment
  auto ws = Workspace::Open(dir.path(), true, options);
  ASSERT_TRUE(ws.ok());
  auto writer = (*ws)->BeginWrite();
  ASSERT_TRUE(writer.ok());
  TablePtr first = MakeRows(30, 1);
  TablePtr second = MakeRows(30, 1, 30);
  TablePtr third = MakeRows(30, 1, 60);
  ASSERT_TRUE((*writer)->Append("T", *first).ok());
  ASSERT_TRUE((*writer)->Append("T", *second).ok());
  // Segments are written in the background, at most two waiting: the third append waits for
  // the first segment's file.
  ASSERT_TRUE((*writer)->Append("T", *third).ok());
  EXPECT_FALSE(std::filesystem::is_empty(dir.path() + "/segments"));  // written before Commit
  EXPECT_FALSE((*ws)->FindTable("T").has_value());
  ASSERT_TRUE((*writer)->Commit().ok());
  ReadStats stats;
  auto t = (*ws)->Read("T", ReadOptions{}, &stats);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(stats.segments_total, 3u);
  TableBuilder both(first->schema());
  for (const auto* part : {first.get(), second.get(), third.get()}) {
    for (size_t r = 0; r < part->num_rows(); ++r) {
      std::vector<Value> row;
      for (const auto& c : part->columns()) row.push_back(c->GetValue(r));
      both.AppendRow(row);
    }
  }
  ExpectSameRows(*both.Finish(), **t);
}

}  // namespace
}  // namespace quarry::store

namespace quarry::store {
namespace {

TEST(WorkspaceColumnCache, RepeatedReadsShareDecodedColumnsUntilTheSegmentsChange) {
  TempDir dir;
  auto ws = Workspace::Open(dir.path(), true);
  ASSERT_TRUE(ws.ok());
  auto writer = (*ws)->BeginWrite();
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Append("T", *MakeRows(300, 3)).ok());
  ASSERT_TRUE((*writer)->Commit().ok());
  ReadOptions opts;
  opts.columns = {"Computer"};
  auto first = (*ws)->Read("T", opts, nullptr);
  auto second = (*ws)->Read("T", opts, nullptr);
  ASSERT_TRUE(first.ok() && second.ok());
  // The same decoded column, not a second decode of it.
  EXPECT_EQ((*first)->column(0).get(), (*second)->column(0).get());

  // Another time window reads other segments: another column, with the right rows.
  opts.min_time = Day(1);
  opts.max_time = Day(1) + kTicksPerDay - 1;
  auto day1 = (*ws)->Read("T", opts, nullptr);
  ASSERT_TRUE(day1.ok());
  EXPECT_EQ((*day1)->num_rows(), 100u);

  // A commit adds a segment: the next read sees the new rows.
  ASSERT_TRUE((*writer)->Append("T", *MakeRows(30, 3, 300)).ok());
  ASSERT_TRUE((*writer)->Commit().ok());
  opts.min_time.reset();
  opts.max_time.reset();
  auto after = (*ws)->Read("T", opts, nullptr);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ((*after)->num_rows(), 330u);
  EXPECT_EQ((*after)->column(0)->GetValue(329), Value::String("host-" + std::to_string(329 % 5)));
}

TEST(WorkspaceColumnCache, ACacheOfZeroBytesDecodesEveryRead) {
  TempDir dir;
  WorkspaceOptions options;
  options.column_cache_bytes = 0;
  auto ws = Workspace::Open(dir.path(), true, options);
  ASSERT_TRUE(ws.ok());
  auto writer = (*ws)->BeginWrite();
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Append("T", *MakeRows(50, 1)).ok());
  ASSERT_TRUE((*writer)->Commit().ok());
  ReadOptions opts;
  opts.columns = {"Computer"};
  auto first = (*ws)->Read("T", opts, nullptr);
  auto second = (*ws)->Read("T", opts, nullptr);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_NE((*first)->column(0).get(), (*second)->column(0).get());
  ExpectSameRows(**first, **second);
}

TEST(WorkspaceColumnCache, TheDefaultIsAQuarterOfPhysicalMemory) {
  const size_t phys = static_cast<size_t>(::sysconf(_SC_PHYS_PAGES)) *
                      static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  EXPECT_EQ(DefaultColumnCacheBytes(), std::max(phys / 4, size_t{256} << 20));
  EXPECT_EQ(WorkspaceOptions{}.column_cache_bytes, DefaultColumnCacheBytes());
}

}  // namespace
}  // namespace quarry::store
