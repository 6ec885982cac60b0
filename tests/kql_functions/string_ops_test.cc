#include <gtest/gtest.h>

#include "function_test_util.h"

namespace quarry::kql::testing {
namespace {

std::vector<Value> Bools(std::initializer_list<bool> bs) {
  std::vector<Value> v;
  for (bool b : bs) v.push_back(B(b));
  return v;
}

std::vector<Value> Match(const std::string& op, const std::vector<std::string>& rows,
                       const std::string& needle, bool dictionary = false) {
  ColumnBuilder b(Type::kString);
  for (const auto& r : rows) b.AppendString(r);
  ColumnPtr col = b.Finish();
  if (dictionary) {
    std::vector<uint32_t> codes(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) codes[i] = static_cast<uint32_t>(i);
    col = Column::MakeDictionary(Type::kString, col, codes, Validity());
  }
  return *CallRows(op, {Datum::Of(col), Datum::Scalar(S(needle))});
}

// Expected values from kusto_engine_cases.jsonl.
TEST(StringOps, HasMatchesWholeTerms) {
  std::vector<std::string> rows = {"hello world", "helloworld", "hello-world", "HELLO",
                                   "hi.world", "world hello", "a hello b"};
  EXPECT_EQ(Match("has", rows, "hello"), Bools({1, 0, 1, 1, 0, 1, 1}));
  EXPECT_EQ(Match("has", rows, "hello", true), Bools({1, 0, 1, 1, 0, 1, 1}));
  EXPECT_EQ(Match("has_cs", {"hello world", "HELLO"}, "hello"), Bools({1, 0}));
  EXPECT_EQ(Match("has", {"alpha-beta", "alpha_beta", "alpha beta", "alphabeta"}, "alpha"),
            Bools({1, 1, 1, 0}));
  EXPECT_EQ(Match("!has", {"version=1.2.3", "v1.2.3", "1.2.3-rc", "1_2_3"}, "2.3"),
            Bools({0, 0, 0, 1}));
  EXPECT_EQ(Match("has", {"naïve", "naive", "NAÏVE"}, "naïve"), Bools({1, 0, 1}));
  EXPECT_EQ(Match("has", {"ПриветМир", "Привет Мир", "МИР привет"}, "привет"), Bools({0, 1, 1}));
}

TEST(StringOps, HasPrefixAndSuffix) {
  EXPECT_EQ(Match("hasprefix", {"cat", "category", "scatter", "cats", "a cat"}, "cat"),
            Bools({1, 1, 0, 1, 1}));
  EXPECT_EQ(Match("hassuffix", {"end.", "end ", "end", "ending", "the end"}, "end"),
            Bools({1, 1, 1, 0, 1}));
}

TEST(StringOps, ContainsIsCaseInsensitiveSubstring) {
  std::vector<std::string> rows = {"The quick brown", "quickbrown", "brown quick", "QUICK",
                                   "qu ick", ""};
  EXPECT_EQ(Match("contains", rows, "quick"), Bools({1, 1, 1, 1, 0, 0}));
  EXPECT_EQ(Match("contains_cs", rows, "quick"), Bools({1, 1, 1, 0, 0, 0}));
  EXPECT_EQ(Match("!contains", rows, "QUICK"), Bools({0, 0, 0, 0, 1, 1}));
  // A match must not span two rows of the buffer.
  EXPECT_EQ(Match("contains", {"ab", "cd", "abcd"}, "bc"), Bools({0, 0, 1}));
  // Long rows exercise the 16-byte block search.
  std::string longrow(100, 'x');
  EXPECT_EQ(Match("contains", {longrow + "PowerShell -enc", longrow, "powershell"}, "powershell"),
            Bools({1, 0, 1}));
}

TEST(StringOps, StartsAndEndsWith) {
  EXPECT_EQ(Match("startswith", {"Web-1", "web-10", "xweb"}, "WEB-1"), Bools({1, 1, 0}));
  EXPECT_EQ(Match("endswith", {"a.EXE", "exe", "b.exe.txt"}, ".exe"), Bools({1, 0, 0}));
  EXPECT_EQ(Match("!endswith_cs", {"a.EXE", "a.exe"}, ".exe"), Bools({1, 0}));
  EXPECT_EQ(Match("startswith", {"anything", ""}, ""), Bools({1, 1}));
}

TEST(StringOps, NumbersAreSearchedAsText) {
  EXPECT_EQ(*Call("has", {L(443), S("443")}), B(true));
}

TEST(SetOps, InAndInTilde) {
  EXPECT_EQ(*Call("in", {S("b"), S("a"), S("b")}), B(true));
  EXPECT_EQ(*Call("in", {S("B"), S("a"), S("b")}), B(false));
  EXPECT_EQ(*Call("in~", {S("B"), S("a"), S("b")}), B(true));
  EXPECT_EQ(*Call("!in~", {S("B"), S("a"), S("b")}), B(false));
  EXPECT_EQ(*Call("in", {L(3), Dyn("[1,2,3]")}), B(true));
  EXPECT_EQ(*Call("!in", {L(4), L(1), I(2)}), B(true));
  EXPECT_EQ(*Call("in", {S("x"), Dyn("[\"x\",\"y\"]")}), B(true));
}

TEST(SetOps, HasAnyAndHasAll) {
  EXPECT_EQ(*Call("has_any", {S("cmd.exe /c whoami"), Dyn("[\"whoami\",\"net\"]")}), B(true));
  EXPECT_EQ(*Call("has_any", {S("cmd.exe /c whoamix"), Dyn("[\"whoami\",\"net\"]")}), B(false));
  EXPECT_EQ(*Call("has_any", {S("run cmd.exe now"), S("cmd.exe"), S("x")}), B(true));
  EXPECT_EQ(*Call("has_all", {S("a b c"), Dyn("[\"A\",\"c\"]")}), B(true));
  EXPECT_EQ(*Call("has_all", {S("a b c"), Dyn("[\"a\",\"d\"]")}), B(false));
}

TEST(SetOps, Between) {
  EXPECT_EQ(*Call("between", {L(5), L(1), L(5)}), B(true));
  EXPECT_EQ(*Call("!between", {R(5.5), L(1), L(5)}), B(true));
  EXPECT_EQ(*Call("between", {Dt("2021-01-01T12:00:00Z"), Dt("2021-01-01"), Ts("1d")}), B(true));
  EXPECT_EQ(*Call("between", {Null(Type::kLong), L(1), L(2)}), Null(Type::kBool));
}

}  // namespace
}  // namespace quarry::kql::testing
