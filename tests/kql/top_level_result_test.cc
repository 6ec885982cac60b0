// A query's final expression must be a table: a bare scalar (`asin(0.5)`, `1 + 1`) is rejected
// with a positioned error that names it and shows the `print` that outputs it, by Run and Check.
#include <gtest/gtest.h>

#include "kql/engine.h"

namespace quarry::kql {
namespace {

struct ScalarCase {
  const char* query;
  uint32_t begin, end;  // the expression's span
  const char* message;  // Diagnostic::message, exactly
};

TEST(TopLevelResult, ScalarExpressionIsRejectedWithItsPositionAndAPrintHint) {
  const ScalarCase cases[] = {
      {"asin(0.5)", 0, 9,
       "the query ends in a scalar expression, 'asin(0.5)' (real), but a query's result must be "
       "a table; to output a scalar value, use print: `print asin(0.5)`"},
      {"1 + 1", 0, 5,
       "the query ends in a scalar expression, '1 + 1' (long), but a query's result must be a "
       "table; to output a scalar value, use print: `print 1 + 1`"},
      {"let x = 2;\n  'a'", 13, 16,
       "the query ends in a scalar expression, ''a'' (string), but a query's result must be a "
       "table; to output a scalar value, use print: `print 'a'`"},
      {"dynamic([1, 2])[0]", 0, 18,
       "the query ends in a scalar expression, 'dynamic([1, 2])[0]' (dynamic), but a query's "
       "result must be a table; to output a scalar value, use print: `print dynamic([1, 2])[0]`"},
  };
  MemoryCatalog catalog;
  Engine engine(catalog);
  for (const auto& c : cases) {
    for (bool check : {false, true}) {
      SCOPED_TRACE(std::string(c.query) + (check ? " (check)" : " (run)"));
      Diagnostic d;
      Status s = check ? engine.Check(c.query, &d).status() : engine.Run(c.query, {}, &d).status();
      ASSERT_FALSE(s.ok());
      EXPECT_EQ(d.span.begin, c.begin);
      EXPECT_EQ(d.span.end, c.end);
      EXPECT_EQ(d.message, c.message);
    }
  }
}

TEST(TopLevelResult, RenderedMessagePointsAtTheExpression) {
  MemoryCatalog catalog;
  Engine engine(catalog);
  auto r = engine.Run("let x = 2;\nx * 3");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "line 2, col 1: the query ends in a scalar expression, 'x * 3' (long), but a query's "
            "result must be a table; to output a scalar value, use print: `print x * 3`\n"
            "  x * 3\n  ^~~~~");
}

TEST(TopLevelResult, AnUnboundScalarIsStillNamedWithoutAType) {
  MemoryCatalog catalog;
  Engine engine(catalog);
  Diagnostic d;
  auto r = engine.Run("strlen(nosuchcolumn)", {}, &d);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(d.message,
            "the query ends in a scalar expression, 'strlen(nosuchcolumn)', but a query's result "
            "must be a table; to output a scalar value, use print: `print strlen(nosuchcolumn)`");
}

TEST(TopLevelResult, TabularResultsAreUnaffected) {
  MemoryCatalog catalog;
  Engine engine(catalog);
  for (const char* q : {"print asin(0.5)", "let f = () { print y = 1 }; f()",
                        "let T = datatable(a:long)[1]; T", "range x from 1 to 2 step 1"}) {
    auto r = engine.Run(q);
    ASSERT_TRUE(r.ok()) << q << ": " << r.status().message();
    EXPECT_EQ(r->table->num_columns(), 1u) << q;
  }
}

}  // namespace
}  // namespace quarry::kql
