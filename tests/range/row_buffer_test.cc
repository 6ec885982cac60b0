#include "range/row_buffer.h"

#include <gtest/gtest.h>

#include "common/time.h"
#include "range/rng.h"
#include "schemas/builtin_schemas.h"

namespace quarry::range {
namespace {

const SchemaRegistry& Registry() {
  auto reg = BuiltinSchemas();
  EXPECT_TRUE(reg.ok()) << reg.status().ToString();
  return **reg;
}

TEST(RowBufferTest, FlushSortsByTimeFillsBookkeepingAndReportsTaggedIds) {
  RowBuffer buffer(Registry(), "ws-tenant");
  buffer.Add("SigninLogs", 300, -1).Set("UserPrincipalName", "late@contoso.com");
  buffer.Add("SigninLogs", 100, 4).Set("UserPrincipalName", "early@contoso.com");
  buffer.Add("DeviceLogonEvents", 200, 7).Set("DeviceName", "ws-22").Set("RemotePort", 3389);
  MemorySink sink;
  std::vector<std::tuple<int, std::string, uint64_t, int64_t>> tagged;
  ASSERT_TRUE(buffer.Flush(sink, [&](int tag, std::string_view table, uint64_t id, int64_t t) {
                      tagged.emplace_back(tag, std::string(table), id, t);
                    }).ok());
  EXPECT_EQ(buffer.size(), 0u);
  // Tables flush in name order: DeviceLogonEvents (id 1), then SigninLogs (ids 2, 3).
  ASSERT_EQ(tagged.size(), 2u);
  EXPECT_EQ(tagged[0], std::make_tuple(7, std::string("DeviceLogonEvents"), uint64_t{1}, int64_t{200}));
  EXPECT_EQ(tagged[1], std::make_tuple(4, std::string("SigninLogs"), uint64_t{2}, int64_t{100}));
  size_t row = 0;
  const Table* t = sink.FindRow("SigninLogs", 2, &row);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->ColumnByName("UserPrincipalName")->str(row), "early@contoso.com");
  EXPECT_EQ(t->ColumnByName("TimeGenerated")->GetValue(row), Value::Datetime(100));
  EXPECT_EQ(t->ColumnByName("Type")->str(row), "SigninLogs");
  EXPECT_EQ(t->ColumnByName("TenantId")->str(row), "ws-tenant");
  const Table* logon = sink.FindRow("DeviceLogonEvents", 1, &row);
  ASSERT_NE(logon, nullptr);
  EXPECT_EQ(logon->ColumnByName("RemotePort")->GetValue(row), Value::Int(3389));
  EXPECT_EQ(logon->ColumnByName("Timestamp")->GetValue(row), Value::Datetime(200));
  EXPECT_FALSE(logon->ColumnByName("ReportId")->IsNull(row));
  EXPECT_TRUE(logon->ColumnByName("FailureReason")->IsNull(row));
}

TEST(RowBufferTest, AGeneratorBugFailsTheFlushInsteadOfCorruptingAColumn) {
  RowBuffer buffer(Registry(), "t");
  buffer.Add("SigninLogs", 1).Set("NoSuchColumn", "x");
  MemorySink sink;
  Status s = buffer.Flush(sink, [](int, std::string_view, uint64_t, int64_t) {});
  EXPECT_EQ(s.code(), StatusCode::kInternal);
  EXPECT_NE(s.message().find("SigninLogs.NoSuchColumn"), std::string::npos);

  RowBuffer typed(Registry(), "t");
  typed.Add("DeviceLogonEvents", 1).SetTime("DeviceName", 5);
  EXPECT_NE(typed.FirstError().find("DeviceLogonEvents.DeviceName"), std::string::npos);
}

TEST(RowBufferTest, MoveBeforeAndDropOutsideSplitByTime) {
  RowBuffer planted(Registry(), "t"), hour(Registry(), "t");
  for (int64_t t : {50, 150, 250}) planted.Add("AuditLogs", t, 0);
  planted.MoveBefore(200, hour);
  EXPECT_EQ(planted.size(), 1u);
  EXPECT_EQ(hour.size(), 2u);
  hour.DropOutside(100, 200);
  EXPECT_EQ(hour.size(), 1u);
}

TEST(RngTest, IsDeterministicAndForksIndependently) {
  Rng a(42), b(42);
  for (int i = 0; i < 100; ++i) ASSERT_EQ(a.Next(), b.Next());
  Rng c(42);
  Rng f1 = c.Fork("x");
  c.Next();
  Rng f2 = c.Fork("x");
  EXPECT_EQ(f1.Next(), f2.Next());
  EXPECT_NE(Rng(42).Fork("x").Next(), Rng(42).Fork("y").Next());
  Rng r(7);
  for (int i = 0; i < 1000; ++i) {
    int64_t v = r.Between(-3, 3);
    ASSERT_GE(v, -3);
    ASSERT_LE(v, 3);
  }
  std::string g = r.Guid();
  EXPECT_EQ(g.size(), 36u);
  EXPECT_EQ(g[14], '4');
}

}  // namespace
}  // namespace quarry::range
