#include "analytics/windowed_catalog.h"

#include <gtest/gtest.h>

#include "common/time.h"

namespace quarry::analytics {
namespace {

int64_t At(const char* t) { return *ParseDatetime(t); }

TEST(WindowedCatalogTest, KeepsOnlyRowsInTheWindow) {
  Schema schema({{"TimeGenerated", Type::kDatetime}, {"DeviceName", Type::kString}});
  TableBuilder b(schema);
  b.AppendRow({Value::Datetime(At("2024-05-01T00:00:00Z")), Value::String("early")});
  b.AppendRow({Value::Datetime(At("2024-05-02T00:00:00Z")), Value::String("inside")});
  b.AppendRow({Value::Null(Type::kDatetime), Value::String("no-time")});
  b.AppendRow({Value::Datetime(At("2024-05-03T00:00:00Z")), Value::String("at-end")});
  kql::MemoryCatalog inner;
  inner.Add("T", b.Finish());
  WindowedCatalog windowed(inner, At("2024-05-01T12:00:00Z"), At("2024-05-03T00:00:00Z"));

  kql::ScanRequest all{"T", {}, "", std::nullopt, std::nullopt};
  auto t = windowed.Scan(all, nullptr);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ((*t)->num_rows(), 1u);
  EXPECT_EQ((*t)->ColumnByName("DeviceName")->str(0), "inside");

  kql::ScanRequest names{"T", {"DeviceName"}, "", std::nullopt, std::nullopt};
  auto n = windowed.Scan(names, nullptr);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ((*n)->num_rows(), 1u);
}

TEST(WindowedCatalogTest, TablesWithoutTimePassThrough) {
  Schema schema({{"Name", Type::kString}});
  TableBuilder b(schema);
  b.AppendRow({Value::String("x")});
  kql::MemoryCatalog inner;
  inner.Add("Lookup", b.Finish());
  WindowedCatalog windowed(inner, 0, 1);
  auto t = windowed.Scan({"Lookup", {}, "", std::nullopt, std::nullopt}, nullptr);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ((*t)->num_rows(), 1u);
}

}  // namespace
}  // namespace quarry::analytics
