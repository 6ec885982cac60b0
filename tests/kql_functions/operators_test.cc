#include <gtest/gtest.h>

#include "function_test_util.h"

namespace quarry::kql::testing {
namespace {

// Expected values from kusto_engine_cases.jsonl ("print a = 7 / 2, b = -7 / 2, ...").
TEST(Arithmetic, IntegerDivisionTruncatesAndModuloIsNonNegative) {
  EXPECT_EQ(*Call("/", {L(7), L(2)}), L(3));
  EXPECT_EQ(*Call("/", {L(-7), L(2)}), L(-3));
  EXPECT_EQ(*Call("/", {L(7), L(-2)}), L(-3));
  EXPECT_EQ(*Call("%", {L(-7), L(3)}), L(2));
  EXPECT_EQ(*Call("%", {L(7), L(-3)}), L(1));
  EXPECT_EQ(*Call("%", {L(-7), L(-3)}), L(2));
  EXPECT_EQ(*Call("%", {R(-7.5), L(2)}), R(0.5));
  EXPECT_EQ(*Call("%", {L(7), R(2.5)}), R(2));
}

TEST(Arithmetic, DivisionByZero) {
  EXPECT_EQ(*Call("/", {L(1), L(0)}), Null(Type::kLong));
  EXPECT_EQ(*Call("%", {I(10), I(0)}), Null(Type::kLong));
  EXPECT_TRUE(std::isinf(Call("/", {R(1), R(0)})->real_value()));
}

TEST(Arithmetic, IntPlusIntDoesNotOverflowInt) {
  EXPECT_EQ(*Call("+", {I(2147483647), I(1)}), L(2147483648));
  EXPECT_EQ(*Call("*", {L(3), R(1.5)}), R(4.5));
}

TEST(Arithmetic, DatetimeAndTimespan) {
  EXPECT_EQ(*Call("-", {Dt("2021-01-02"), Dt("2021-01-01")}), Ts("1d"));
  EXPECT_EQ(*Call("+", {Dt("2021-01-01"), Ts("1h")}), Dt("2021-01-01T01:00:00Z"));
  EXPECT_EQ(*Call("-", {Dt("2021-01-01"), Ts("1d")}), Dt("2020-12-31"));
  EXPECT_EQ(*Call("*", {Ts("1h"), L(3)}), Ts("3h"));
  EXPECT_EQ(*Call("*", {L(2), Ts("1d")}), Ts("2d"));
  EXPECT_EQ(*Call("/", {Ts("1d"), Ts("1h")}), R(24));
  EXPECT_EQ(*Call("/", {Ts("1h"), L(2)}), Ts("30m"));
  EXPECT_FALSE(Call("+", {Dt("2021-01-01"), Dt("2021-01-01")}).ok());
}

TEST(Arithmetic, NullPropagatesAndNegate) {
  EXPECT_EQ(*Call("+", {Null(Type::kInt), I(1)}), Null(Type::kLong));
  EXPECT_EQ(*Call("__neg", {L(5)}), L(-5));
  EXPECT_EQ(*Call("__neg", {Ts("1h")}), Ts("-1h"));
  auto col = Col(Type::kInt, {I(-5), I(0), Null(Type::kInt)});
  auto out = *CallRows("*", {Datum::Of(col), Datum::Scalar(I(2))});
  EXPECT_EQ(out, (std::vector<Value>{L(-10), L(0), Null(Type::kLong)}));
}

TEST(Logical, ThreeValued) {
  Value n = Null(Type::kBool);
  EXPECT_EQ(*Call("and", {B(false), n}), B(false));
  EXPECT_EQ(*Call("and", {B(true), n}), n);
  EXPECT_EQ(*Call("or", {B(true), n}), B(true));
  EXPECT_EQ(*Call("or", {B(false), n}), n);
  EXPECT_EQ(*Call("not", {n}), n);
  EXPECT_EQ(*Call("not", {B(false)}), B(true));
  auto a = Col(Type::kBool, {B(true), B(true), B(false)});
  auto b = Col(Type::kBool, {B(true), B(false), B(false)});
  EXPECT_EQ(*CallRows("and", {Datum::Of(a), Datum::Of(b)}),
            (std::vector<Value>{B(true), B(false), B(false)}));
  EXPECT_EQ(*CallRows("or", {Datum::Of(a), Datum::Of(b)}),
            (std::vector<Value>{B(true), B(true), B(false)}));
}

}  // namespace
}  // namespace quarry::kql::testing
