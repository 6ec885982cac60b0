// Expected values below come from kusto_engine_cases.jsonl (Kusto's own engine) unless noted.
#include <gtest/gtest.h>

#include "function_test_util.h"

namespace quarry::kql::testing {
namespace {

TEST(Conditional, IffCaseCoalesce) {
  EXPECT_EQ(*Call("iff", {B(true), S("t"), S("f")}), S("t"));
  EXPECT_EQ(*Call("iif", {Null(Type::kBool), S("t"), S("f")}), S("f"));
  EXPECT_EQ(*Call("case", {Null(Type::kBool), S("c1"), B(true), S("c2"), S("def")}), S("c2"));
  EXPECT_EQ(*Call("iff", {B(false), I(1), L(2)}), L(2));
  EXPECT_EQ(*Call("coalesce", {Null(Type::kInt), Null(Type::kInt), I(5), I(7)}), I(5));
  EXPECT_EQ(*Call("coalesce", {Null(Type::kReal), Null(Type::kReal)}), Null(Type::kReal));
  EXPECT_EQ(*Call("coalesce", {S(""), S("x")}), S("x"));
  EXPECT_FALSE(Call("iff", {B(true), S("a"), L(1)}).ok());
}

TEST(Conditional, NullAndEmptyTests) {
  EXPECT_EQ(*Call("isnull", {Null(Type::kInt)}), B(true));
  EXPECT_EQ(*Call("isnull", {I(5)}), B(false));
  EXPECT_EQ(*Call("isnull", {S("")}), B(false));
  EXPECT_EQ(*Call("isempty", {S("")}), B(true));
  EXPECT_EQ(*Call("isnotempty", {S("a")}), B(true));
  EXPECT_EQ(*Call("notempty", {S("")}), B(false));
  EXPECT_EQ(*Call("isnull", {Dyn("null")}), B(true));
  EXPECT_EQ(*Call("isempty", {Null(Type::kLong)}), B(true));
}

TEST(Conversion, Numbers) {
  EXPECT_EQ(*Call("toint", {S("  45  ")}), I(45));
  EXPECT_EQ(*Call("toint", {S("3.14")}), Null(Type::kInt));
  EXPECT_EQ(*Call("toint", {S("0xFF")}), I(255));
  EXPECT_EQ(*Call("toint", {S("2147483648")}), Null(Type::kInt));
  EXPECT_EQ(*Call("tolong", {S("2147483648")}), L(2147483648));
  EXPECT_EQ(*Call("toint", {R(-2.9)}), I(-2));
  EXPECT_EQ(*Call("todouble", {S("3.14")}), R(3.14));
  EXPECT_EQ(*Call("todouble", {S("0x10")}), Null(Type::kReal));
  EXPECT_EQ(*Call("toint", {Dyn("1.5")}), I(1));
  EXPECT_EQ(*Call("toint", {Dyn("\"3\"")}), I(3));
  EXPECT_EQ(*Call("toint", {B(true)}), I(1));
  EXPECT_EQ(*Call("toreal", {S("")}), Null(Type::kReal));
}

TEST(Conversion, BoolsStringsAndTimes) {
  EXPECT_EQ(*Call("tobool", {S("tRuE")}), B(true));
  EXPECT_EQ(*Call("tobool", {S("0")}), B(false));
  EXPECT_EQ(*Call("tobool", {S("yes")}), Null(Type::kBool));
  EXPECT_EQ(*Call("tobool", {L(-5)}), B(true));
  EXPECT_EQ(*Call("tostring", {L(123)}), S("123"));
  EXPECT_EQ(*Call("tostring", {R(1.5)}), S("1.5"));
  EXPECT_EQ(*Call("tostring", {B(true)}), S("True"));
  EXPECT_EQ(*Call("tostring", {Dt("2020-01-01")}), S("2020-01-01T00:00:00.0000000Z"));
  EXPECT_EQ(*Call("tostring", {Ts("1d")}), S("1.00:00:00"));
  EXPECT_EQ(*Call("tostring", {Null(Type::kLong)}), S(""));
  EXPECT_EQ(*Call("tostring", {Dyn("\"3\"")}), S("3"));
  EXPECT_EQ(*Call("tostring", {Dyn("{\"a\":1}")}), S("{\"a\":1}"));
  EXPECT_EQ(*Call("todatetime", {S("2020-06-15 13:45:09.1234567")}),
            Dt("2020-06-15T13:45:09.1234567Z"));
  EXPECT_EQ(*Call("todatetime", {S("not a date")}), Null(Type::kDatetime));
  EXPECT_EQ(*Call("totimespan", {S("1.02:03:04.5")}), Ts("1.02:03:04.5"));
}

TEST(StringFunctions, LengthCaseSubstring) {
  EXPECT_EQ(*Call("strlen", {S("a😀b")}), L(3));
  EXPECT_EQ(*Call("string_size", {S("a😀b")}), L(6));
  EXPECT_EQ(*Call("toupper", {S("Привет мир")}), S("ПРИВЕТ МИР"));
  EXPECT_EQ(*Call("tolower", {S("ПРИВЕТ")}), S("привет"));
  EXPECT_EQ(*Call("substring", {S("hello"), L(1), L(3)}), S("ell"));
  EXPECT_EQ(*Call("substring", {S("hello"), L(-2), L(2)}), S("lo"));
  EXPECT_EQ(*Call("substring", {S("hello"), L(-100), L(3)}), S(""));
  EXPECT_EQ(*Call("substring", {S("abcdef"), L(3)}), S("def"));
  EXPECT_EQ(*Call("substring", {S("hello"), L(1), L(-1)}), S(""));
  EXPECT_EQ(*Call("substring", {S("😀😀"), L(0), L(1)}), S("😀"));
}

TEST(StringFunctions, ConcatSplitIndex) {
  EXPECT_EQ(*Call("strcat", {S("a"), S(""), S("b")}), S("ab"));
  EXPECT_EQ(*Call("strcat", {S("n="), L(5)}), S("n=5"));
  EXPECT_EQ(*Call("strcat_delim", {S("-"), S("a"), S("b"), L(1)}), S("a-b-1"));
  EXPECT_EQ(*Call("split", {S("a,,b"), S(",")}), Dyn("[\"a\",\"\",\"b\"]"));
  EXPECT_EQ(*Call("split", {S(""), S(",")}), Dyn("[\"\"]"));
  EXPECT_EQ(*Call("split", {S("a=b=c"), S("="), L(1)}), Dyn("[\"b\"]"));
  EXPECT_EQ(*Call("split", {S("noequals"), S("="), L(1)}), Null(Type::kDynamic));
  EXPECT_EQ(*Call("indexof", {S("abcabcabc"), S("a"), L(2)}), L(3));
  EXPECT_EQ(*Call("indexof", {S("xyz"), S("a")}), L(-1));
  EXPECT_EQ(*Call("indexof", {S("abc"), S("")}), Null(Type::kLong));
  EXPECT_EQ(*Call("reverse", {S("Hello")}), S("olleH"));
  EXPECT_EQ(*Call("replace_string", {S("a.b.c"), S("."), S("::")}), S("a::b::c"));
  EXPECT_EQ(*Call("strrep", {S("ab"), L(3), S(",")}), S("ab,ab,ab"));
  EXPECT_EQ(*Call("strcat_array", {Dyn("[1,null,3]"), S("-")}), S("1--3"));
}

TEST(Datetime, BinAndFloor) {
  EXPECT_EQ(*Call("bin", {Dt("2007-01-02T13:45:30Z"), Ts("1d")}), Dt("2007-01-02"));
  EXPECT_EQ(*Call("bin", {R(-0.5), L(1)}), R(-1));
  EXPECT_EQ(*Call("bin", {L(5), L(2)}), L(4));
  EXPECT_EQ(*Call("floor", {Dt("2020-01-01T02:45:00Z"), Ts("1h")}), Dt("2020-01-01T02:00:00Z"));
  EXPECT_EQ(*Call("bin", {Ts("90m"), Ts("1h")}), Ts("1h"));
}

TEST(Datetime, NowAndAgoUseThePinnedClock) {
  int64_t now = *ParseDatetime("2024-05-01T12:00:00Z");
  EXPECT_EQ(*Call("now", {}, now), Dt("2024-05-01T12:00:00Z"));
  EXPECT_EQ(*Call("ago", {Ts("1d")}, now), Dt("2024-04-30T12:00:00Z"));
  EXPECT_EQ(*Call("now", {Ts("-1h")}, now), Dt("2024-05-01T11:00:00Z"));
}

TEST(Datetime, DiffAddPart) {
  EXPECT_EQ(*Call("datetime_diff", {S("year"), Dt("2021-01-01"), Dt("2020-01-01")}), L(1));
  EXPECT_EQ(*Call("datetime_diff", {S("month"), Dt("2021-03-15"), Dt("2020-01-01")}), L(14));
  EXPECT_EQ(*Call("datetime_diff", {S("quarter"), Dt("2021-01-01"), Dt("2020-01-01")}), L(4));
  EXPECT_EQ(*Call("datetime_diff", {S("week"), Dt("2020-01-15"), Dt("2020-01-01")}), L(2));
  EXPECT_EQ(*Call("datetime_diff", {S("day"), Dt("2020-03-01"), Dt("2020-02-01")}), L(29));
  EXPECT_EQ(*Call("datetime_diff",
                  {S("hour"), Dt("2020-01-01T13:00:00Z"), Dt("2020-01-01T00:00:00Z")}),
            L(13));
  EXPECT_EQ(*Call("datetime_add", {S("month"), L(1), Dt("2020-01-31")}), Dt("2020-02-29"));
  EXPECT_EQ(*Call("datetime_part", {S("Hour"), Dt("2020-06-15T13:45:00Z")}), L(13));
  EXPECT_EQ(*Call("dayofweek", {Dt("2020-01-01")}), Ts("3d"));
  EXPECT_EQ(*Call("getyear", {Dt("2020-12-31T23:59:59.9999999Z")}), L(2020));
  EXPECT_EQ(*Call("getmonth", {Dt("2020-06-15")}), L(6));
  EXPECT_EQ(*Call("hourofday", {Dt("2020-06-15T07:10:00Z")}), L(7));
  EXPECT_EQ(*Call("dayofmonth", {Dt("2020-06-15")}), L(15));
}

TEST(Datetime, StartAndEndOf) {
  EXPECT_EQ(*Call("startofday", {Dt("2020-06-15T13:45:00Z")}), Dt("2020-06-15"));
  EXPECT_EQ(*Call("startofweek", {Dt("2020-06-15T13:45:00Z")}), Dt("2020-06-14"));
  EXPECT_EQ(*Call("startofweek", {Dt("2020-01-01")}), Dt("2019-12-29"));
  EXPECT_EQ(*Call("startofmonth", {Dt("2020-06-15")}), Dt("2020-06-01"));
  EXPECT_EQ(*Call("startofday", {Dt("2020-06-15"), L(-1)}), Dt("2020-06-14"));
  EXPECT_EQ(*Call("endofday", {Dt("2020-06-15T01:00:00Z")}), Dt("2020-06-15T23:59:59.9999999Z"));
  EXPECT_EQ(*Call("endofyear", {Dt("2020-01-01T00:00:00.0000001Z")}),
            Dt("2020-12-31T23:59:59.9999999Z"));
}

TEST(Datetime, MakeAndUnix) {
  EXPECT_EQ(*Call("make_datetime", {L(2017), L(10), L(1), L(12), L(10)}),
            Dt("2017-10-01T12:10:00Z"));
  EXPECT_EQ(*Call("make_datetime", {L(2017), L(2), L(30)}), Null(Type::kDatetime));
  EXPECT_EQ(*Call("unixtime_seconds_todatetime", {L(1546300800)}), Dt("2019-01-01"));
  EXPECT_EQ(*Call("unixtime_milliseconds_todatetime", {L(1546300800123)}),
            Dt("2019-01-01T00:00:00.123Z"));
}

TEST(Datetime, FormatDatetime) {
  EXPECT_EQ(*Call("format_datetime",
                  {Dt("2020-06-15T13:45:09.123Z"), S("yyyy-MM-dd HH:mm:ss.fff")}),
            S("2020-06-15 13:45:09.123"));
  EXPECT_EQ(*Call("format_datetime", {Dt("2020-06-15T13:45:09Z"), S("M/d/yyyy h:mm:ss tt")}),
            S("6/15/2020 1:45:09 PM"));
  EXPECT_EQ(*Call("format_datetime", {Dt("2007-01-02T03:04:05Z"), S("yy-MM-dd HH:mm")}),
            S("07-01-02 03:04"));
  EXPECT_EQ(*Call("format_datetime", {Dt("2020-06-15T13:45:09.1234567Z"), S("FFFFFFF")}),
            S("1234567"));
}

}  // namespace
}  // namespace quarry::kql::testing
