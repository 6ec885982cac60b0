#include "sources/workspace_catalog.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "common/time.h"
#include "sources/local_log_source.h"

namespace quarry::sources {
namespace {

class TempWorkspace {
 public:
  TempWorkspace() {
    std::string tmpl =
        (std::filesystem::temp_directory_path() / "quarry-sources-XXXXXX").string();
    dir_ = ::mkdtemp(tmpl.data());
  }
  ~TempWorkspace() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
};

int64_t Day(int d) { return *ParseDatetime("2024-03-01T00:00:00Z") + d * kTicksPerDay; }

// 10 sign-ins a day for `days` days, with a custom column the built-in schema lacks.
TablePtr Signins(int days) {
  TableBuilder b(Schema({{"TimeGenerated", Type::kDatetime},
                         {"UserPrincipalName", Type::kString},
                         {"ResultType", Type::kString},
                         {"Custom_s", Type::kString}}));
  for (int d = 0; d < days; ++d) {
    for (int i = 0; i < 10; ++i) {
      b.AppendRow({Value::Datetime(Day(d) + i * kTicksPerHour),
                   Value::String("user" + std::to_string(i % 3) + "@contoso.com"),
                   Value::String(i == 0 ? "50126" : "0"), Value::String("c")});
    }
  }
  return b.Finish();
}

class WorkspaceCatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto reg = BuiltinSchemas();
    ASSERT_TRUE(reg.ok()) << reg.status().ToString();
    builtins_ = *reg;
    auto ws = store::Workspace::Open(tmp_.dir(), true);
    ASSERT_TRUE(ws.ok());
    ws_ = std::move(*ws);
    auto w = ws_->BeginWrite();
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->Append("SigninLogs", *Signins(5)).ok());
    ASSERT_TRUE((*w)->Commit().ok());
  }

  TempWorkspace tmp_;
  const SchemaRegistry* builtins_ = nullptr;
  std::unique_ptr<store::Workspace> ws_;
};

TEST_F(WorkspaceCatalogTest, SchemasMergeBuiltinAndStoredColumns) {
  WorkspaceCatalog catalog(*ws_, builtins_);
  auto schema = catalog.GetSchema("SigninLogs");
  ASSERT_TRUE(schema.has_value());
  auto builtin = builtins_->Find("SigninLogs");
  EXPECT_EQ(schema->size(), builtin->size() + 1);
  EXPECT_EQ(schema->fields().back(), (Field{"Custom_s", Type::kString}));
  // A built-in table with no data binds and is empty.
  ASSERT_TRUE(catalog.GetSchema("DeviceProcessEvents").has_value());
  auto empty = catalog.Scan(kql::ScanRequest{"DeviceProcessEvents", {}, "", {}, {}}, nullptr);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ((*empty)->num_rows(), 0u);
  EXPECT_EQ(catalog.CanonicalName("signinlogs"), "SigninLogs");
  EXPECT_EQ(catalog.GetSchema("NoSuchTable"), std::nullopt);
  EXPECT_THAT(catalog.HiddenColumns("SigninLogs"),
              ::testing::ElementsAre(Field{"_ItemId", Type::kString}));
  auto names = catalog.TableNames();
  EXPECT_EQ(std::count(names.begin(), names.end(), "SigninLogs"), 1);
}

TEST_F(WorkspaceCatalogTest, ScanHonoursColumnsAndTimeBounds) {
  WorkspaceCatalog catalog(*ws_, builtins_);
  kql::ScanRequest request;
  request.table = "SigninLogs";
  request.columns = {"UserPrincipalName", "_ItemId", "Location"};
  request.time_column = "TimeGenerated";
  request.min_time = Day(3);
  kql::ScanStats stats;
  auto t = catalog.Scan(request, &stats);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(stats.partitions_total, 5u);
  EXPECT_EQ(stats.partitions_read, 2u);
  EXPECT_EQ((*t)->num_rows(), 20u);
  EXPECT_EQ((*t)->schema().ToString(),
            "(UserPrincipalName:string, _ItemId:string, Location:string)");
  EXPECT_EQ((*t)->column(2)->NullCount(), 20u);  // a built-in column with no stored data
  EXPECT_EQ((*t)->column(1)->str(0), "31");       // rows of days 3..4 have ids 31..50

  // Bounds on another column are not the partitioning column's: nothing skipped.
  request.time_column = "CreatedDateTime";
  kql::ScanStats other;
  ASSERT_TRUE(catalog.Scan(request, &other).ok());
  EXPECT_EQ(other.partitions_read, 5u);
}

TEST_F(WorkspaceCatalogTest, LocalLogSourceRunsKqlAndSeesLaterCommits) {
  auto source = LocalLogSource::Open(tmp_.dir());
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  EXPECT_EQ((*source)->Describe(), "local workspace " + tmp_.dir());
  auto failures = (*source)->Query(
      "SigninLogs | where ResultType != '0' | project _ItemId, UserPrincipalName", {});
  ASSERT_TRUE(failures.ok()) << failures.status().ToString();
  ASSERT_EQ((*failures)->num_rows(), 5u);
  EXPECT_EQ((*failures)->column(0)->str(0), "1");
  EXPECT_EQ((*failures)->column(1)->str(0), "user0@contoso.com");

  // Another writer commits; the next query sees it.
  {
    auto w = ws_->BeginWrite();
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->Append("SigninLogs", *Signins(1)).ok());
    ASSERT_TRUE((*w)->Commit().ok());
  }
  auto count = (*source)->Query("SigninLogs | count", {});
  ASSERT_TRUE(count.ok()) << count.status().ToString();
  EXPECT_EQ((*count)->column(0)->GetValue(0), Value::Long(60));

  auto bad = (*source)->Query("SigninLogs | where NoSuchColumn == 1", {});
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), ::testing::HasSubstr("NoSuchColumn"));
}

}  // namespace
}  // namespace quarry::sources
