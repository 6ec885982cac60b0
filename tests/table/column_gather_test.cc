// Column::Gather copies rows by index in bulk per storage form; it must equal the row-by-row copy
// (ColumnBuilder::AppendFrom) for every type, with repeats, nulls and fan-out (more rows out than in).
#include <gtest/gtest.h>

#include <random>

#include "column_test_util.h"
#include "table/column.h"

namespace quarry {
namespace {

ColumnPtr Build(Type type, size_t rows, bool with_nulls) {
  ColumnBuilder b(type);
  for (size_t i = 0; i < rows; ++i) {
    if (with_nulls && (i % 7 == 3 || i == 64)) {
      b.AppendNull();
      continue;
    }
    switch (type) {
      case Type::kLong: b.AppendLong(static_cast<int64_t>(i) * 3 - 50); break;
      case Type::kInt: b.AppendInt(static_cast<int32_t>(i) - 9); break;
      case Type::kReal: b.AppendReal(static_cast<double>(i) / 4); break;
      case Type::kBool: b.AppendBool(i % 3 == 0); break;
      default: b.AppendString(std::string(i % 5, static_cast<char>('a' + i % 26))); break;
    }
  }
  return b.Finish();
}

ColumnPtr RowByRow(const Column& c, const std::vector<uint32_t>& idx) {
  ColumnBuilder b(c.type());
  for (uint32_t i : idx) b.AppendFrom(c, i);
  return b.Finish();
}

TEST(ColumnGather, EqualsRowByRowCopyForEveryTypeWithRepeatsAndNulls) {
  std::mt19937 rng(7);
  for (Type type : {Type::kLong, Type::kInt, Type::kReal, Type::kBool, Type::kString}) {
    for (bool nulls : {false, true}) {
      ColumnPtr c = Build(type, 150, nulls);
      for (size_t out : {0, 1, 90, 400}) {  // 400 > 150 rows: fan-out
        std::vector<uint32_t> idx(out);
        for (auto& i : idx) i = static_cast<uint32_t>(rng() % c->size());
        SCOPED_TRACE(std::string(TypeName(type)) + (nulls ? " with nulls" : "") + " out " +
                     std::to_string(out));
        ExpectSameRows(*Column::Gather(*c, idx), *RowByRow(*c, idx));
      }
    }
  }
}

TEST(ColumnGather, FanOutOfTextBecomesDictionaryCodesInsteadOfCopies) {
  ColumnPtr small = Build(Type::kString, 10, /*with_nulls=*/false);
  std::vector<uint32_t> idx;
  for (uint32_t r = 0; r < 1000; ++r) idx.push_back(r % 10);
  ColumnPtr g = Column::Gather(*small, idx);
  ASSERT_TRUE(g->is_dictionary());
  EXPECT_EQ(g->dictionary().size(), 10u);
  EXPECT_EQ(g->str(999), small->str(9));
  EXPECT_EQ(g->str(10), small->str(0));
  // With nulls in the source it stays plain (a dictionary holds no nulls).
  ColumnPtr with_nulls = Build(Type::kString, 10, /*with_nulls=*/true);
  ColumnPtr p = Column::Gather(*with_nulls, idx);
  EXPECT_FALSE(p->is_dictionary());
  EXPECT_TRUE(p->IsNull(3));
  EXPECT_EQ(p->NullCount(), 100u);
}

}  // namespace
}  // namespace quarry
