#include "table/column.h"

#include <gtest/gtest.h>

#include "table/table.h"

namespace quarry {
namespace {

TEST(ColumnTest, StringsShareOneBufferAndKeepNulls) {
  ColumnBuilder b(Type::kString);
  b.AppendString("alpha");
  b.AppendNull();
  b.AppendString("");
  b.AppendString("gamma");
  ColumnPtr c = b.Finish();
  ASSERT_EQ(c->size(), 4u);
  EXPECT_EQ(c->str(0), "alpha");
  EXPECT_TRUE(c->IsNull(1));
  EXPECT_FALSE(c->IsNull(2));
  EXPECT_EQ(c->str(2), "");
  EXPECT_EQ(c->str(3), "gamma");
  EXPECT_EQ(c->chars(), "alphagamma");
  EXPECT_EQ(c->NullCount(), 1u);
}

TEST(ColumnTest, ValidityAcrossWordBoundaries) {
  ColumnBuilder b(Type::kLong);
  for (int i = 0; i < 200; ++i) {
    if (i % 67 == 0) b.AppendNull(); else b.AppendLong(i);
  }
  ColumnPtr c = b.Finish();
  EXPECT_EQ(c->NullCount(), 3u);  // 0, 67, 134
  EXPECT_TRUE(c->IsNull(134));
  EXPECT_FALSE(c->IsNull(199));
  EXPECT_EQ(c->longs()[199], 199);
}

TEST(ColumnTest, GatherKeepsDictionaryForm) {
  ColumnBuilder d(Type::kString);
  d.AppendString("host-a");
  d.AppendString("host-b");
  Validity v;
  v.SetNull(2, 4);
  ColumnPtr c = Column::MakeDictionary(Type::kString, d.Finish(), {1, 0, 0, 1}, v);
  std::vector<uint32_t> idx{3, 2, 0};
  ColumnPtr g = Column::Gather(*c, idx);
  ASSERT_TRUE(g->is_dictionary());
  EXPECT_EQ(g->str(0), "host-b");
  EXPECT_TRUE(g->IsNull(1));
  EXPECT_EQ(g->str(2), "host-b");
}

TEST(ColumnTest, GetValueRoundTripsEveryType) {
  ColumnBuilder dt(Type::kDatetime);
  dt.AppendLong(42);
  EXPECT_EQ(dt.Finish()->GetValue(0), Value::Datetime(42));
  ColumnBuilder dy(Type::kDynamic);
  dy.AppendDynamic(std::make_shared<const Json>(Json::parse(R"({"a":[1,2]})")));
  dy.AppendDynamic(nullptr);
  ColumnPtr c = dy.Finish();
  EXPECT_EQ(c->GetValue(0).ToString(), R"({"a":[1,2]})");
  EXPECT_TRUE(c->GetValue(1).is_null());
}

TEST(TableTest, MakeChecksShape) {
  ColumnBuilder a(Type::kLong);
  a.AppendLong(1);
  ColumnBuilder b(Type::kString);
  auto bad = Table::Make(Schema({{"a", Type::kLong}, {"b", Type::kString}}),
                         {a.Finish(), b.Finish()});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("'b' has 0 rows"), std::string::npos);
}

TEST(ValueTest, FormatsRealsAsKusto) {
  EXPECT_EQ(FormatReal(5.0), "5");
  EXPECT_EQ(FormatReal(0.1), "0.1");
  EXPECT_EQ(FormatReal(-0.0), "0");
  EXPECT_EQ(FormatReal(1.0 / 3), "0.3333333333333333");
}

}  // namespace
}  // namespace quarry
