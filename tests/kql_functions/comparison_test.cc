#include <gtest/gtest.h>

#include "function_test_util.h"

namespace quarry::kql::testing {
namespace {

TEST(Comparison, NumbersPromoteAcrossTypes) {
  EXPECT_EQ(*Call("==", {I(3), L(3)}), B(true));
  EXPECT_EQ(*Call("<", {L(2), R(2.5)}), B(true));
  EXPECT_EQ(*Call(">=", {R(2.5), I(3)}), B(false));
  EXPECT_EQ(*Call("!=", {L(1), L(1)}), B(false));
  EXPECT_EQ(*Call("<>", {L(1), L(2)}), B(true));
}

TEST(Comparison, NullOperandGivesNullExceptEqualityWithAValue) {
  // Kusto: null == value is false, null != value is true, null == null is null.
  EXPECT_EQ(*Call("==", {Null(Type::kInt), I(1)}), B(false));
  EXPECT_EQ(*Call("!=", {L(1), Null(Type::kLong)}), B(true));
  EXPECT_EQ(*Call("==", {Null(Type::kLong), Null(Type::kLong)}), Null(Type::kBool));
  EXPECT_EQ(*Call(">", {Null(Type::kLong), L(0)}), Null(Type::kBool));
  auto col = Col(Type::kLong, {L(5), Null(Type::kLong)});
  EXPECT_EQ(*CallRows("!=", {Datum::Of(col), Datum::Scalar(L(5))}),
            (std::vector<Value>{B(false), B(true)}));
  EXPECT_EQ(*CallRows("==", {Datum::Of(col), Datum::Scalar(Null(Type::kLong))}),
            (std::vector<Value>{B(false), Null(Type::kBool)}));
}

TEST(Comparison, NullStringReadsAsEmpty) {
  EXPECT_EQ(*Call("==", {Null(Type::kString), S("")}), B(true));
}

TEST(Comparison, CaseInsensitiveEqualityFoldsUnicode) {
  // Kusto engine case: "CAFÉ RÉSUMÉ" =~ "café résumé" is true.
  EXPECT_EQ(*Call("=~", {S("CAFÉ RÉSUMÉ"), S("café résumé")}), B(true));
  EXPECT_EQ(*Call("!~", {S("Admin"), S("ADMIN")}), B(false));
  EXPECT_EQ(*Call("==", {S("Admin"), S("ADMIN")}), B(false));
}

TEST(Comparison, ColumnAgainstScalarWithNulls) {
  auto col = Col(Type::kLong, {L(5), Null(Type::kLong), L(15)});
  auto out = *CallRows(">", {Datum::Of(col), Datum::Scalar(L(10))});
  EXPECT_EQ(out, (std::vector<Value>{B(false), Null(Type::kBool), B(true)}));
}

TEST(Comparison, DatetimesAndTimespans) {
  EXPECT_EQ(*Call("<", {Dt("2021-01-01"), Dt("2021-01-02")}), B(true));
  EXPECT_EQ(*Call(">", {Ts("1h"), Ts("30m")}), B(true));
}

TEST(Comparison, DynamicAgainstScalars) {
  EXPECT_EQ(*Call("==", {Dyn("\"abc\""), S("abc")}), B(true));
  EXPECT_EQ(*Call(">", {Dyn("7"), L(5)}), B(true));
  EXPECT_EQ(*Call("==", {Dyn("[1,2]"), Dyn("[1,2]")}), B(true));
}

TEST(Comparison, RejectsIncomparableTypes) {
  auto r = Call("==", {Dt("2021-01-01"), S("x")});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "operator '==' cannot compare datetime with string");
}

}  // namespace
}  // namespace quarry::kql::testing
