#include <gtest/gtest.h>

#include <set>

#include "kql/function_registry.h"
#include "kql/functions/function_info_loader.h"

namespace quarry::kql {
namespace {

TEST(FunctionCatalog, EveryRegisteredFunctionHasARowAndViceVersa) {
  const FunctionRegistry& r = FunctionRegistry::Get();
  ASSERT_FALSE(r.Infos().empty()) << "data/kql/functions.tsv was not loaded";
  std::set<std::string> rows, aggregate_rows;
  for (const auto& info : r.Infos()) {
    EXPECT_TRUE(rows.insert(info.name).second) << "duplicate row for " << info.name;
    if (info.kind == "aggregate") aggregate_rows.insert(info.name);
    EXPECT_FALSE(info.description.empty()) << info.name;
    EXPECT_FALSE(info.example.empty()) << info.name;
  }
  std::set<std::string> registered;
  for (const auto& n : r.ScalarNames()) {
    registered.insert(n);
    EXPECT_TRUE(rows.count(n)) << "scalar '" << n << "' has no row in functions.tsv";
    // A name may be both (merge_tdigest, hll_merge: Kusto's scalar and aggregate forms); then
    // its one row is the aggregate's.
    EXPECT_FALSE(aggregate_rows.count(n) && !r.IsAggregate(n))
        << n << " is listed as an aggregate";
  }
  for (const auto& n : r.AggregateNames()) {
    registered.insert(n);
    EXPECT_TRUE(aggregate_rows.count(n)) << "aggregate '" << n << "' has no aggregate row";
  }
  for (const auto& n : rows) EXPECT_TRUE(registered.count(n)) << "row '" << n << "' is not registered";
}

TEST(FunctionCatalog, IssueTwoCoreNamesAreRegistered) {
  const FunctionRegistry& r = FunctionRegistry::Get();
  for (const char* n : {"==", "!=", "=~", "!~", "in", "!in", "in~", "has", "!has", "has_cs",
                        "has_any", "has_all", "contains", "!contains", "contains_cs",
                        "startswith", "endswith", "matches regex", "between", "iff", "iif",
                        "case", "coalesce", "isnull", "isnotnull", "isempty", "isnotempty",
                        "tostring", "toint", "tolong", "todouble", "toreal", "tobool",
                        "todatetime", "totimespan", "strlen", "tolower", "toupper", "substring",
                        "strcat", "split", "ago", "now", "bin", "floor", "datetime_diff",
                        "startofday", "format_datetime", "and", "or", "not", "__neg",
                        "__get_property", "__get_index"}) {
    EXPECT_NE(r.FindScalar(n), nullptr) << n;
  }
  for (const char* n : {"count", "countif", "sum", "sumif", "avg", "min", "max", "dcount",
                        "dcountif", "make_set", "make_list", "arg_max", "arg_min", "any",
                        "take_any"}) {
    EXPECT_TRUE(r.IsAggregate(n)) << n;
  }
}

TEST(FunctionCatalog, MalformedRowsAreReportedWithTheirLine) {
  auto bad = fn::ParseFunctionInfos("# comment\nstrlen\tscalar\tsig\tdesc\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "functions.tsv line 2: expected 5 tab-separated fields (name, kind, signature, "
            "description, example), got 4");
  auto kind = fn::ParseFunctionInfos("x\tmacro\ts\td\te\n");
  ASSERT_FALSE(kind.ok());
  EXPECT_EQ(kind.status().message(),
            "functions.tsv line 1: kind must be scalar, aggregate or operator, got 'macro'");
}

}  // namespace
}  // namespace quarry::kql
