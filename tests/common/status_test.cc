#include "common/status.h"

#include <gtest/gtest.h>

namespace quarry {
namespace {

Result<int> Half(int x) {
  if (x % 2) return InvalidArgument(std::to_string(x) + " is odd");
  return x / 2;
}

Result<int> Quarter(int x) {
  QUARRY_ASSIGN_OR_RETURN(int h, Half(x));
  QUARRY_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

Status CheckEven(int x) {
  QUARRY_RETURN_IF_ERROR(Half(x).status());
  return Status::Ok();
}

TEST(StatusTest, PropagatesFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  auto r = Quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(), "3 is odd");
  EXPECT_EQ(CheckEven(3).ToString(), "InvalidArgument: 3 is odd");
  EXPECT_TRUE(CheckEven(4).ok());
}

TEST(StatusTest, WithContextPrefixes) {
  Status s = NotFound("no such table").WithContext("query line 2");
  EXPECT_EQ(s.message(), "query line 2: no such table");
  EXPECT_TRUE(Status::Ok().WithContext("x").ok());
}

}  // namespace
}  // namespace quarry
