// BatchBuilder reserves each column's room from its size in the batch before; these tests make
// batches grow, shrink and gain columns across that reservation and check every value.
#include "store/batch_builder.h"

#include <gtest/gtest.h>

#include <string>

namespace quarry::store {
namespace {

std::string TextOf(size_t batch, size_t row) {
  return "cmd " + std::string(row % 7 + batch * 5, 'x') + std::to_string(row);
}

std::string ExtraOf(size_t row) {
  std::string s = "e";
  s += std::to_string(row);
  return s;
}

// Adds `rows` rows to `b`: Command always, Extra (a column met late) only in batch 1.
void AddRows(BatchBuilder& b, size_t batch, size_t rows) {
  for (size_t r = 0; r < rows; ++r) {
    b.BeginRow(r + 1);
    b.Set(*b.Find("Command")).AppendString(TextOf(batch, r));
    b.Set(*b.Find("Pid")).AppendLong(static_cast<int64_t>(batch * 1000 + r));
    if (batch == 1 && r >= 2) {
      auto extra = b.Find("Extra");
      size_t col = extra ? *extra : b.AddColumn("Extra", Type::kString);
      b.Set(col).AppendString(ExtraOf(r));
    }
    b.EndRow();
  }
}

TEST(BatchBuilderTest, BatchesLargerAndSmallerThanTheLastKeepEveryValue) {
  BatchBuilder b("f.jsonl");
  b.SetSchema(Schema({{"Command", Type::kString}, {"Pid", Type::kLong}}));
  const size_t sizes[] = {50, 400, 3, 120};
  for (size_t batch = 0; batch < 4; ++batch) {
    AddRows(b, batch, sizes[batch]);
    RecordBatch out = b.Finish();
    const Table& t = *out.rows;
    ASSERT_EQ(t.num_rows(), sizes[batch]) << "batch " << batch;
    ColumnPtr command = t.ColumnByName("Command");
    ColumnPtr pid = t.ColumnByName("Pid");
    ASSERT_TRUE(command && pid);
    for (size_t r = 0; r < sizes[batch]; ++r) {
      ASSERT_EQ(command->str(r), TextOf(batch, r)) << "batch " << batch << " row " << r;
      ASSERT_EQ(pid->longs()[r], static_cast<int64_t>(batch * 1000 + r));
    }
    ColumnPtr extra = t.ColumnByName("Extra");
    if (batch == 0) {
      EXPECT_EQ(extra, nullptr);
      continue;
    }
    // Found in the data, so kept in later batches (null there).
    ASSERT_NE(extra, nullptr) << "batch " << batch;
    for (size_t r = 0; r < sizes[batch]; ++r) {
      if (batch == 1 && r >= 2) {
        ASSERT_EQ(extra->str(r), ExtraOf(r));
      } else {
        ASSERT_TRUE(extra->IsNull(r)) << "batch " << batch << " row " << r;
      }
    }
  }
}

}  // namespace
}  // namespace quarry::store
