// The referee's own comparison rules: each relaxation for the docs' way of printing a value
// accepts the same value and still rejects a different one.
#include <gtest/gtest.h>

#include "referee_util.h"

namespace quarry::kql::referee {
namespace {

// Runs a one-row query and returns its table.
TablePtr RunQuery(const std::string& query) {
  static MemoryCatalog catalog;
  static Engine engine(catalog);
  auto r = engine.Run(query, QueryOptions());
  EXPECT_TRUE(r.ok()) << query << ": " << r.status().ToString();
  return r.ok() ? r->table : nullptr;
}

bool Cell(const std::string& query, const std::string& expected) {
  auto t = RunQuery(query);
  return t && CellMatches(*t->column(0), 0, expected, /*markdown=*/true);
}

TEST(RefereeCompare, SingleQuotedBagIsTheBagItDenotes) {
  const std::string q = "print d = dynamic({\"a\": 1, \"b\": \"x\"})";
  EXPECT_TRUE(Cell(q, "{'a': 1, 'b': 'x'}"));
  EXPECT_FALSE(Cell(q, "{'a': 2, 'b': 'x'}"));
  EXPECT_FALSE(Cell(q, "{'a': 1, 'c': 'x'}"));
  EXPECT_FALSE(Cell(q, "{'a': 1}"));
  EXPECT_FALSE(Cell(q, "{'a': 1, 'b': 'y'}"));
}

TEST(RefereeCompare, UnquotedArrayStringsAreStrings) {
  const std::string q = "print d = dynamic([\"yes\", \"no\", \"yes\"])";
  EXPECT_TRUE(Cell(q, "[yes, no, yes]"));
  EXPECT_FALSE(Cell(q, "[yes, yes, no]"));
  EXPECT_FALSE(Cell(q, "[yes, no]"));
  EXPECT_FALSE(Cell(q, "[yes, no, maybe]"));
}

TEST(RefereeCompare, NestedLooseNotation) {
  const std::string q = "print d = dynamic({\"k\": [1, \"two\", null], \"t\": true})";
  EXPECT_TRUE(Cell(q, "{'k': [1, two, null], 't': True}"));
  EXPECT_TRUE(Cell(q, "{k: [1, 'two', null], t: TRUE}"));
  EXPECT_FALSE(Cell(q, "{'k': [1, two, null], 't': False}"));
  EXPECT_FALSE(Cell(q, "{'k': [2, two, null], 't': true}"));
  EXPECT_FALSE(Cell(q, "{'k': [1, two, null], 't': true"));  // unbalanced: not a value
}

TEST(RefereeCompare, NestedBagInDoubleQuotesIsTheBag) {
  const std::string q = "print d = dynamic({\"a\": \"x\", \"q\": {\"k1\": \"v1\", \"k2\": \"v2\"}})";
  EXPECT_TRUE(Cell(q, "{\"a\":\"x\", \"q\":\"{\"k1\":\"v1\", \"k2\":\"v2\"}\"}"));
  EXPECT_FALSE(Cell(q, "{\"a\":\"x\", \"q\":\"{\"k1\":\"v1\", \"k2\":\"v3\"}\"}"));
  EXPECT_FALSE(Cell(q, "{\"a\":\"x\", \"q\":\"{\"k1\":\"v1\"}\"}"));
  EXPECT_FALSE(Cell(q, "{\"a\":\"y\", \"q\":\"{\"k1\":\"v1\", \"k2\":\"v2\"}\"}"));
  // Unbalanced quotes are not a value.
  EXPECT_FALSE(Cell(q, "{\"a\":\"x\", \"q\":\"{\"k1\":\"v1\", \"k2\":\"v2\"}}"));
}

TEST(RefereeCompare, BoolsInAnyCase) {
  EXPECT_TRUE(Cell("print b = true", "TRUE"));
  EXPECT_TRUE(Cell("print b = true", "True"));
  EXPECT_FALSE(Cell("print b = true", "FALSE"));
  EXPECT_TRUE(Cell("print d = dynamic(true)", "True"));
  EXPECT_FALSE(Cell("print d = dynamic(true)", "False"));
  EXPECT_FALSE(Cell("print d = dynamic(true)", "yes"));
}

TEST(RefereeCompare, StringShownInDoubleQuotes) {
  EXPECT_TRUE(Cell("print s = 'abc def'", "\"abc def\""));
  EXPECT_FALSE(Cell("print s = 'abc def'", "\"abc deg\""));
  EXPECT_FALSE(Cell("print s = 'abc def'", "\"abc def"));
  // A value that itself holds the quotes still matches only its own text.
  EXPECT_TRUE(Cell("print s = '\"q\"'", "\"q\""));
  EXPECT_FALSE(Cell("print s = '\"q\"'", "q\"\""));
}

TEST(RefereeCompare, JsonTextInAStringColumnInLooseNotation) {
  const std::string q = "print s = '{\"a\":1}'";
  EXPECT_TRUE(Cell(q, "{'a': 1}"));
  EXPECT_FALSE(Cell(q, "{'a': 3}"));
}

TEST(RefereeCompare, InfinityShownAsTheSign) {
  EXPECT_TRUE(Cell("print r = 1.0 / 0.0", "\u221E"));
  EXPECT_TRUE(Cell("print r = -1.0 / 0.0", "-\u221E"));
  EXPECT_FALSE(Cell("print r = -1.0 / 0.0", "\u221E"));
  EXPECT_FALSE(Cell("print r = 1.0", "\u221E"));
}

TEST(RefereeCompare, RowOrderCountsOnlyWhereTheQueryDefinesIt) {
  EXPECT_TRUE(QueryDefinesOrder("T | sort by x"));
  EXPECT_TRUE(QueryDefinesOrder("T | order by x desc"));
  EXPECT_TRUE(QueryDefinesOrder("T | top 3 by x"));
  EXPECT_TRUE(QueryDefinesOrder("range x from 1 to 3 step 1"));
  EXPECT_TRUE(QueryDefinesOrder("T | serialize | extend n = row_number()"));
  EXPECT_FALSE(QueryDefinesOrder("datatable(x:long)[2, 1] | where x > 0"));
  EXPECT_FALSE(QueryDefinesOrder("T | summarize count() by sorting_key, topic"));

  auto t = RunQuery("datatable(x:long, y:string)[1, 'a', 2, 'b']");
  ASSERT_TRUE(t);
  std::string why;
  EXPECT_TRUE(ResultMatches(*t, {"x", "y"}, {{"2", "b"}, {"1", "a"}}, /*ordered=*/false, &why));
  EXPECT_FALSE(ResultMatches(*t, {"x", "y"}, {{"2", "b"}, {"1", "a"}}, /*ordered=*/true, &why));
  // Unordered still needs every row, each once.
  EXPECT_FALSE(ResultMatches(*t, {"x", "y"}, {{"2", "b"}, {"2", "b"}}, /*ordered=*/false, &why));
  EXPECT_FALSE(ResultMatches(*t, {"x", "y"}, {{"2", "a"}, {"1", "b"}}, /*ordered=*/false, &why));
}

TEST(RefereeCompare, MarkdownCellsDropEdgeSpacesOnly) {
  const std::string q = "print s = '    Hello, world!  '";
  EXPECT_TRUE(Cell(q, "Hello, world!"));
  EXPECT_FALSE(Cell(q, "Hello, world"));
  EXPECT_FALSE(Cell(q, "Hello,  world!"));
  EXPECT_FALSE(Cell(q, ""));
  auto t = RunQuery(q);
  ASSERT_TRUE(t);
  // Outside a Markdown table the spaces count.
  EXPECT_FALSE(CellMatches(*t->column(0), 0, "Hello, world!", /*markdown=*/false));
}

TEST(RefereeCompare, MarkdownEscapesInColumnNamesAreUndone) {
  auto t = RunQuery("print a_b = 1");
  ASSERT_TRUE(t);
  std::string why;
  EXPECT_TRUE(ResultMatches(*t, {"a\\_b"}, {{"1"}}, true, &why, /*markdown=*/true)) << why;
  EXPECT_FALSE(ResultMatches(*t, {"a\\_c"}, {{"1"}}, true, &why, /*markdown=*/true));
  EXPECT_EQ(why, "column 0 is 'a_b', expected 'a\\_c'");
  // Outside a Markdown table the backslash is part of the name.
  EXPECT_FALSE(ResultMatches(*t, {"a\\_b"}, {{"1"}}, true, &why, /*markdown=*/false));
  EXPECT_EQ(MarkdownUnescape("x\\\\y\\*z\\q"), "x\\y*z\\q");
}

TEST(RefereeCompare, RandomValuesAreReadFromTheQuery) {
  EXPECT_TRUE(RandomValuesIn("print x = rand()").numbers);
  EXPECT_TRUE(RandomValuesIn("T | extend r = rand (10)").numbers);
  EXPECT_TRUE(RandomValuesIn("range x from 1 to 9 step 1 | sample 1").numbers);
  EXPECT_TRUE(RandomValuesIn("T |sample-distinct 2 of x").numbers);
  EXPECT_FALSE(RandomValuesIn("print x = rand()").guids);
  EXPECT_TRUE(RandomValuesIn("print g = new_guid()").guids);
  EXPECT_FALSE(RandomValuesIn("print g = new_guid()").numbers);
  // Names that only contain the words draw nothing.
  EXPECT_FALSE(RandomValuesIn("print operand(1), my_rand = 2").numbers);
  EXPECT_FALSE(RandomValuesIn("T | extend sample = 1 | project sample").numbers);
  EXPECT_FALSE(RandomValuesIn("print renew_guid(1)").guids);
}

TEST(RefereeCompare, RandomNumbersMatchAnyNumberButNothingElse) {
  RandomValues random;
  random.numbers = true;
  auto t = RunQuery("print n = 7, r = 0.25, s = 'abc', d = datetime(2024-01-01), z = long(null)");
  ASSERT_TRUE(t);
  EXPECT_TRUE(CellMatches(*t->column(0), 0, "63", true, random));
  EXPECT_TRUE(CellMatches(*t->column(1), 0, "0.179910044977511", true, random));
  EXPECT_TRUE(CellMatches(*t->column(1), 0, "NaN", true, random));
  EXPECT_FALSE(CellMatches(*t->column(0), 0, "63", true));  // only when the query draws
  EXPECT_FALSE(CellMatches(*t->column(0), 0, "abc", true, random));
  EXPECT_FALSE(CellMatches(*t->column(0), 0, "", true, random));
  EXPECT_FALSE(CellMatches(*t->column(2), 0, "abd", true, random));
  EXPECT_FALSE(CellMatches(*t->column(3), 0, "2024-01-02", true, random));
  EXPECT_FALSE(CellMatches(*t->column(4), 0, "5", true, random));
  // Column names and row counts still count.
  std::string why;
  auto two = RunQuery("range x from 1 to 2 step 1");
  ASSERT_TRUE(two);
  EXPECT_TRUE(ResultMatches(*two, {"x"}, {{"74"}, {"63"}}, false, &why, true, random));
  EXPECT_FALSE(ResultMatches(*two, {"y"}, {{"74"}, {"63"}}, false, &why, true, random));
  EXPECT_FALSE(ResultMatches(*two, {"x"}, {{"74"}}, false, &why, true, random));
}

TEST(RefereeCompare, RandomGuidsMatchAnyGuidButNothingElse) {
  RandomValues random;
  random.guids = true;
  auto t = RunQuery("print g = toguid('45e4169b-7bdb-443d-b945-5dde3190661c'), n = 1");
  ASSERT_TRUE(t);
  EXPECT_TRUE(CellMatches(*t->column(0), 0, "2157828f-e871-479a-9d1c-17ffde915095", true, random));
  EXPECT_FALSE(CellMatches(*t->column(0), 0, "2157828f-e871-479a-9d1c-17ffde915095", true));
  EXPECT_FALSE(CellMatches(*t->column(0), 0, "2157828f-e871-479a-9d1c", true, random));
  EXPECT_FALSE(CellMatches(*t->column(0), 0, "not a guid", true, random));
  // Guids do not make numbers random.
  EXPECT_FALSE(CellMatches(*t->column(1), 0, "2", true, random));
}

}  // namespace
}  // namespace quarry::kql::referee
