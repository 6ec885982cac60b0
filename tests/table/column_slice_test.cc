// Column::Slice copies a row range in bulk; it must equal the row-by-row copy (Gather) for every
// storage form, with nulls on and off 64-bit word boundaries.
#include <gtest/gtest.h>

#include <numeric>

#include "column_test_util.h"
#include "table/column.h"

namespace quarry {
namespace {

std::vector<uint32_t> Range(size_t offset, size_t count) {
  std::vector<uint32_t> idx(count);
  std::iota(idx.begin(), idx.end(), static_cast<uint32_t>(offset));
  return idx;
}

ColumnPtr Build(Type type, size_t rows) {
  ColumnBuilder b(type);
  for (size_t i = 0; i < rows; ++i) {
    if (i % 7 == 3 || i == 64 || i == 127) {
      b.AppendNull();
      continue;
    }
    switch (type) {
      case Type::kLong:
        b.AppendLong(static_cast<int64_t>(i) * 3 - 50);
        break;
      case Type::kReal:
        b.AppendReal(static_cast<double>(i) / 4);
        break;
      case Type::kBool:
        b.AppendBool(i % 3 == 0);
        break;
      default:
        b.AppendString(std::string(i % 5, 'a' + static_cast<char>(i % 26)));
        break;
    }
  }
  return b.Finish();
}

TEST(ColumnSlice, EqualsGatherForEveryFormAndOffset) {
  for (Type type : {Type::kLong, Type::kReal, Type::kBool, Type::kString}) {
    ColumnPtr c = Build(type, 300);
    for (size_t offset : {0, 1, 63, 64, 65, 130}) {
      for (size_t count : {0, 1, 64, 100, 170}) {
        if (offset + count > c->size()) continue;
        SCOPED_TRACE(std::string(TypeName(type)) + " offset " + std::to_string(offset) + " count " +
                     std::to_string(count));
        ColumnPtr s = Column::Slice(*c, offset, count);
        ExpectSameRows(*s, *Column::Gather(*c, Range(offset, count)));
      }
    }
  }
}

TEST(ColumnSlice, KeepsDictionaryFormAndNulls) {
  ColumnBuilder dict(Type::kString);
  dict.AppendString("x");
  dict.AppendString("y");
  std::vector<uint32_t> codes = {0, 1, 1, 0, 1};
  Validity v;
  v.SetNull(2, codes.size());
  ColumnPtr c = Column::MakeDictionary(Type::kString, dict.Finish(), codes, v);
  ColumnPtr s = Column::Slice(*c, 1, 3);
  ASSERT_TRUE(s->is_dictionary());
  EXPECT_EQ(s->str(0), "y");
  EXPECT_TRUE(s->IsNull(1));
  EXPECT_EQ(s->str(2), "x");
  EXPECT_EQ(s->NullCount(), 1u);
}

TEST(ColumnSlice, RangeWithoutNullsHasNoBitmap) {
  ColumnPtr c = Build(Type::kLong, 200);  // nulls at 3, 10, 17, ..., 64, 127
  ColumnPtr s = Column::Slice(*c, 4, 6);  // rows 4..9: none null
  EXPECT_TRUE(s->validity().AllValid());
  EXPECT_EQ(s->longs()[0], 4 * 3 - 50);
}

TEST(ColumnSlice, ConcatOfSlicesRebuildsTheColumn) {
  for (Type type : {Type::kLong, Type::kReal, Type::kBool, Type::kString}) {
    SCOPED_TRACE(std::string(TypeName(type)));
    ColumnPtr c = Build(type, 300);
    std::vector<ColumnPtr> parts = {Column::Slice(*c, 0, 70), Column::Slice(*c, 70, 0),
                                    Column::Slice(*c, 70, 58), Column::Slice(*c, 128, 172)};
    ExpectSameRows(*Column::Concat(parts), *c);
    std::vector<ColumnPtr> no_nulls = {Column::Slice(*c, 4, 6), Column::Slice(*c, 4, 6)};
    ColumnPtr joined = Column::Concat(no_nulls);
    EXPECT_TRUE(joined->validity().AllValid());
    EXPECT_EQ(joined->GetValue(7).ToString(), c->GetValue(5).ToString());
  }
}

// A view shares the source's text (offsets index it, not starting at 0). Everything that reads
// a column must see the same rows as in a copy: values, Slice / View / Gather / Concat of it.
TEST(ColumnView, ReadsLikeACopyEverywhere) {
  for (Type type : {Type::kString, Type::kLong}) {
    ColumnPtr c = Build(type, 300);
    for (size_t offset : {0, 1, 63, 65, 130}) {
      for (size_t count : {0, 1, 64, 100, 170}) {
        if (offset + count > c->size()) continue;
        SCOPED_TRACE(std::string(TypeName(type)) + " offset " + std::to_string(offset) + " count " +
                     std::to_string(count));
        ColumnPtr copy = Column::Slice(*c, offset, count);
        ColumnPtr view = Column::View(c, offset, count);
        ExpectSameRows(*view, *copy);
        if (count >= 10) {
          ExpectSameRows(*Column::Slice(*view, 3, 7), *Column::Slice(*copy, 3, 7));
          ExpectSameRows(*Column::View(view, 3, 7), *Column::Slice(*copy, 3, 7));
        }
        std::vector<uint32_t> back;
        for (size_t i = count; i-- > 0;) back.push_back(static_cast<uint32_t>(i));
        ExpectSameRows(*Column::Gather(*view, back), *Column::Gather(*copy, back));
        std::vector<ColumnPtr> parts = {Column::View(c, 0, offset), view,
                                        Column::View(c, offset + count, c->size() - offset - count)};
        ExpectSameRows(*Column::Concat(parts), *c);
      }
    }
  }
}

TEST(ColumnView, SharesTheTextAndKeepsItAlive) {
  ColumnPtr c = Build(Type::kString, 200);
  ColumnPtr view = Column::View(c, 50, 100);
  EXPECT_EQ(view->chars().data(), c->chars().data());  // not copied
  EXPECT_EQ(view->offsets()[0], c->offsets()[50]);
  std::string want(c->str(60));
  c.reset();  // the view keeps the text alive
  EXPECT_EQ(view->str(10), want);
}

}  // namespace
}  // namespace quarry
