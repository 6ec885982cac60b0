// Shared by the column tests: two columns hold the same rows (type, nulls, values).
#pragma once

#include <gtest/gtest.h>

#include "table/column.h"

namespace quarry {

inline void ExpectSameRows(const Column& got, const Column& want) {
  ASSERT_EQ(got.size(), want.size());
  ASSERT_EQ(got.type(), want.type());
  EXPECT_EQ(got.NullCount(), want.NullCount());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got.IsNull(i), want.IsNull(i)) << i;
    EXPECT_EQ(got.GetValue(i).ToString(), want.GetValue(i).ToString()) << i;
  }
}

}  // namespace quarry
