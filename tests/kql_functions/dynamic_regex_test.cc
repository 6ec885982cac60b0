// Expected values from kusto_engine_cases.jsonl (Kusto's own engine) unless noted.
#include <gtest/gtest.h>

#include "function_test_util.h"

namespace quarry::kql::testing {
namespace {

TEST(Dynamic, ParseJsonAndAccess) {
  EXPECT_EQ(*Call("parse_json", {S("{\"a\":1,\"b\":[2,3]}")}), Dyn("{\"a\":1,\"b\":[2,3]}"));
  EXPECT_EQ(*Call("parse_json", {S("not json")}), Dyn("\"not json\""));
  EXPECT_EQ(*Call("todynamic", {S("123")}), Dyn("123"));
  EXPECT_EQ(*Call("gettype", {*Call("parse_json", {S("123")})}), S("long"));
  EXPECT_EQ(*Call("gettype", {Dyn("{\"a\":1}")}), S("dictionary"));
  EXPECT_EQ(*Call("__get_property", {Dyn("{\"s\":\"text\"}"), S("s")}), Dyn("\"text\""));
  EXPECT_EQ(*Call("__get_property", {Dyn("{\"s\":1}"), S("missing")}), Null(Type::kDynamic));
  EXPECT_EQ(*Call("__get_index", {Dyn("[\"a\",\"b\",\"c\"]"), L(2)}), Dyn("\"c\""));
  EXPECT_EQ(*Call("__get_index", {Dyn("[\"a\",\"b\"]"), L(5)}), Null(Type::kDynamic));
  EXPECT_EQ(*Call("__get_index", {Dyn("[\"a\",\"b\"]"), L(-1)}), Dyn("\"b\""));
  EXPECT_EQ(*Call("__get_index", {Dyn("{\"k\":7}"), S("k")}), Dyn("7"));
}

TEST(Dynamic, ArraysAndBags) {
  EXPECT_EQ(*Call("array_length", {Dyn("[]")}), L(0));
  EXPECT_EQ(*Call("array_length", {Dyn("{\"a\":1}")}), Null(Type::kLong));
  EXPECT_EQ(*Call("arraylength", {Dyn("[1,2]")}), L(2));
  EXPECT_EQ(*Call("array_slice", {Dyn("[1,2,3,4,5]"), L(1), L(3)}), Dyn("[2,3,4]"));
  EXPECT_EQ(*Call("array_concat", {Dyn("[1,2]"), Null(Type::kDynamic)}), Dyn("[1,2]"));
  EXPECT_EQ(*Call("pack_array", {L(1), S("x"), Null(Type::kLong)}), Dyn("[1,\"x\",null]"));
  EXPECT_EQ(*Call("pack", {S("k"), L(1), S("s"), S("v")}), Dyn("{\"k\":1,\"s\":\"v\"}"));
  EXPECT_EQ(*Call("bag_pack", {S("k"), B(true)}), Dyn("{\"k\":true}"));
  EXPECT_EQ(*Call("bag_keys", {Dyn("{\"a\":1,\"b\":2}")}), Dyn("[\"a\",\"b\"]"));
  EXPECT_EQ(*Call("bag_merge", {Dyn("{\"k\":1}"), Null(Type::kDynamic)}), Dyn("{\"k\":1}"));
  EXPECT_EQ(*Call("set_has_element", {Dyn("[1,2,3]"), L(2)}), B(true));
  EXPECT_EQ(*Call("set_has_element", {Dyn("[1,2,3]"), S("2")}), B(false));
  EXPECT_EQ(*Call("set_union", {Dyn("[1,2]"), Dyn("[2,3]")}), Dyn("[1,2,3]"));
  EXPECT_EQ(*Call("set_intersect", {Dyn("[1,2,3]"), Dyn("[3,2,9]")}), Dyn("[2,3]"));
  EXPECT_EQ(*Call("set_difference", {Dyn("[1,2,3,1]"), Dyn("[2]")}), Dyn("[1,3]"));
  EXPECT_EQ(*Call("array_index_of", {Dyn("[\"a\",\"b\"]"), S("b")}), L(1));
  EXPECT_EQ(*Call("array_sum", {Dyn("[1,2.5]")}), R(3.5));
}

TEST(Regex, MatchesAndExtract) {
  EXPECT_EQ(*Call("matches regex", {S("tab\ttab"), S(R"(\s)")}), B(true));
  EXPECT_EQ(*Call("matches regex", {S("plain"), S(R"(\s)")}), B(false));
  EXPECT_EQ(*Call("extract", {S(R"((\d+)-(\d+))"), L(2), S("2020-12-31T10:20:30")}), S("12"));
  EXPECT_EQ(*Call("extract", {S(R"((\d+))"), L(0), S("42-and-7")}), S("42"));
  EXPECT_EQ(Call("extract", {S(R"((\d+)%)"), L(1), S("%start")})->string_value(), "");
  EXPECT_EQ(*Call("extract", {S(R"(key:.?(\w+))"), L(1), S("key:val")}), S("al"));
  auto bad = Call("extract", {S("(unclosed"), L(1), S("x")});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("extract(): invalid regular expression '(unclosed'"),
            std::string::npos);
}

TEST(Regex, ExtractAll) {
  EXPECT_EQ(*Call("extract_all", {S(R"(([a-z])(\d))"), S("a1 b2 c3")}),
            Dyn("[[\"a\",\"1\"],[\"b\",\"2\"],[\"c\",\"3\"]]"));
  EXPECT_EQ(*Call("extract_all", {S(R"((\d+))"), S("2020-01-02 03:04")}),
            Dyn("[\"2020\",\"01\",\"02\",\"03\",\"04\"]"));
  EXPECT_EQ(*Call("extract_all", {S(R"((\d+))"), S("nope")}), Null(Type::kDynamic));
  EXPECT_EQ(*Call("extract_all", {S(R"(([a-z])(\d)?)"), S("aXb")}),
            Dyn("[[\"a\",\"\"],[\"b\",\"\"]]"));
  EXPECT_EQ(*Call("extract_all", {S(R"(<(/?[a-z]+))"), S("<tag>text</tag>")}),
            Dyn("[\"tag\",\"/tag\"]"));
}

TEST(Regex, ReplaceTrimCountof) {
  EXPECT_EQ(*Call("replace_regex", {S("one two three"), S(R"((\w+))"), S(R"([\1])")}),
            S("[one] [two] [three]"));
  EXPECT_EQ(*Call("replace_regex", {S("wordword"), S(R"((\w)(\w))"), S(R"(\2\1)")}),
            S("owdrowdr"));
  EXPECT_EQ(*Call("replace", {S(R"(\s+)"), S("-"), S("one two")}), S("one-two"));
  EXPECT_EQ(*Call("trim", {S(R"(\s)"), S("  spaced  ")}), S(" spaced "));
  EXPECT_EQ(*Call("trim", {S(R"([^\w]+)"), S("-  Te st1// $")}), S("Te st1"));
  EXPECT_EQ(*Call("trim_start", {S("x+"), S("xxaxx")}), S("axx"));
  EXPECT_EQ(*Call("trim_end", {S(".com"), S("bing.com")}), S("bing"));
  EXPECT_EQ(*Call("countof", {S("a''b"), S("'")}), L(2));
  EXPECT_EQ(*Call("countof", {S("aaa"), S("aa")}), L(2));  // docs: plain counts overlapping
  EXPECT_EQ(*Call("countof", {S("abcABCabc"), S("[a-z]"), S("regex")}), L(6));
}

}  // namespace
}  // namespace quarry::kql::testing
