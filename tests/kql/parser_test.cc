// Parser tests as tables of input -> compact tree dump, and inputs that must fail with a
// positioned message.
#include <gtest/gtest.h>

#include "kql/lexer.h"
#include "kql/parser.h"

namespace quarry::kql {
namespace {

struct Case {
  const char* query;
  const char* tree;
};

std::string Dump(std::string_view text) {
  auto q = ParseQuery(text);
  if (!q.ok()) return "ERROR: " + q.status().message();
  return DumpQuery(**q);
}

TEST(ParserTest, TreeDumps) {
  const Case cases[] = {
      {"T | where a > 1", "(where (table T) (> (col a) 1))"},
      {"T | where a > 1 and b == 'x' or c", "(where (table T) (or (and (> (col a) 1) (== (col b) \"x\")) (col c)))"},
      {"T | where a + b * c - 1 < 2", "(where (table T) (< (- (+ (col a) (* (col b) (col c))) 1) 2))"},
      {"T | where -a < -5", "(where (table T) (< (__neg (col a)) -5))"},
      {"T | filter x has \"evil\"", "(filter (table T) (has (col x) \"evil\"))"},
      {"T | where x !has_cs 'a' and y !contains 'b'",
       "(where (table T) (and (!has_cs (col x) \"a\") (!contains (col y) \"b\")))"},
      {"T | where x in ('a', 'b') and y !in~ (1, 2)",
       "(where (table T) (and (in (col x) \"a\" \"b\") (!in~ (col y) 1 2)))"},
      {"T | where t between (ago(1d) .. now())",
       "(where (table T) (between (col t) (ago timespan(1.00:00:00)) (now)))"},
      {"T | where x matches regex @'\\d+'", "(where (table T) (matches regex (col x) \"\\\\d+\"))"},
      {"T | where s =~ h'secret' or s !~ \"a\"",
       "(where (table T) (or (=~ (col s) \"secret\") (!~ (col s) \"a\")))"},
      {"T | project a, b = c + 1, ['my col'] = 2",
       "(project (table T) (col a) (= b (+ (col c) 1)) (= my col 2))"},
      {"T | extend d = x.a.b, e = x['k'], f = x[0]",
       "(extend (table T) (= d (. (. (col x) a) b)) (= e ([] (col x) \"k\")) (= f ([] (col x) 0)))"},
      {"T | summarize count(), n = dcount(u) by bin(TimeGenerated, 1h), h",
       "(summarize (table T) (count) (= n (dcount (col u))) (by (bin (col TimeGenerated) timespan(01:00:00)) (col h)))"},
      {"T | summarize arg_max(t, *) by k", "(summarize (table T) (arg_max (col t) *) (by (col k)))"},
      {"T | sort by a asc nulls last, b", "(sort (table T) (asc (col a) nulls-last) (desc (col b)))"},
      {"T | top 5 by x desc", "(top (table T) 5 (desc (col x)))"},
      {"T | take 10 | count", "(count (take (table T) 10))"},
      {"T | project-away a*, b", "(project-away (table T) a* b)"},
      {"T | project-rename x = y", "(project-rename (table T) (= x y))"},
      {"T | join kind=leftouter (U | where x) on $left.a == $right.b",
       "(join (table T) kind=(col leftouter) (== (. (col $left) a) (. (col $right) b)) (where (table U) (col x)))"},
      {"union (T | take 1), U | count", "(count (union (take (table T) 1) (table U)))"},
      {"T | union withsource=S U, V*", "(union (table T) withsource=(col S) (table U) (table V*))"},
      {"print x = 1, 'a'", "(print (= x 1) \"a\")"},
      {"range i from 1 to 10 step 2", "(range i 1 10 2)"},
      {"datatable(a:long, b:string)[1, 'x', -2, \"y\"]",
       "(datatable (a:long b:string) 1 \"x\" -2 \"y\")"},
      {"let x = 5; T | where a > x", "(let x 5) (where (table T) (> (col a) (col x)))"},
      {"let f = (a:long, b:string = 'z') { a + 1 }; print f(1)",
       "(let f (fn (a:long b:string=\"z\") (+ (col a) 1))) (print (f 1))"},
      {"let T2 = T | take 1; T2", "(let T2 (take (table T) 1)) (col T2)"},
      {"print datetime(2021-01-02T03:04:05Z), 1d, 2h, 30m, 10s, 100ms",
       "(print datetime(2021-01-02T03:04:05.0000000Z) timespan(1.00:00:00) timespan(02:00:00) "
       "timespan(00:30:00) timespan(00:00:10) timespan(00:00:00.1000000))"},
      {"print long(null), int(3), real(1.5), bool(true), dynamic([1, {\"a\": 'b'}])",
       "(print long(null) int(3) 1.5 true dynamic([1,{\"a\":\"b\"}]))"},
      {"print guid(74BE27DE-1E4E-49D9-B579-FE0B331D3642), typeof(long)",
       "(print guid(74be27de-1e4e-49d9-b579-fe0b331d3642) (typeof long))"},
      {"print @\"c:\\path\", ```multi\nline```, 'a' 'b'",
       "(print \"c:\\\\path\" \"multi\\nline\" \"ab\")"},
      {"T // comment\n| where x == 1 // trailing", "(where (table T) (== (col x) 1))"},
      {"T | mv-expand with_itemindex=i x to typeof(string) limit 5",
       "(mv-expand (table T) with_itemindex=(col i) (col x) 5)"},
      {"T | parse s with 'a=' x:long ',' * ", "(parse (table T) (col s) \"a=\" x \",\" *)"},
      {"T | render timechart with (title='x')", "(render (table T))"},
      {"T | as X | getschema", "(getschema (as (table T) X))"},
      {"T | where x in (U | project y)", "(where (table T) (in (col x) (project (table U) (col y))))"},
      {"print toscalar(T | count)", "(print (toscalar (count (table T))))"},
      {"T | where 0x1F == 31 and 1e3 == 1000.0", "(where (table T) (and (== 31 31) (== 1000 1000)))"},
      {"T | distinct a, b", "(distinct (table T) (col a) (col b))"},
      {"T | invoke f(1)", "(invoke (table T) (f 1))"},
      {"T | evaluate bag_unpack(d)", "(evaluate (table T) (bag_unpack (col d)))"},
      {"T | make-series n = count() default = 0 on t from ago(1d) to now() step 1h by k",
       "(make-series (table T) __from=(ago timespan(1.00:00:00)) __step=timespan(01:00:00) "
       "__to=(now) (= n (count)) (by (col k)) (col t) 0)"},
      {"declare pattern p; print 1", "(pattern p) (print 1)"},
      {"declare pattern ip = (a:string) { ('1.2.3.4') = { print x = 1 }; }; ip('1.2.3.4')",
       "(pattern ip (a) (map (\"1.2.3.4\") (print (= x 1)))) (ip \"1.2.3.4\")"},
      {"declare pattern c = (n:string, m:string)[s:string] {\n"
       "  ('a', 'b').['x y'] = { T | take 1 };\n  ('a', 'c').z = { let k = 2; range i from 1 to k step 1 }\n};\n"
       "union c('a', 'b').['x y'], c('a', 'c').z",
       "(pattern c (n m) [s] (map (\"a\" \"b\") .\"x y\" (take (table T) 1)) "
       "(map (\"a\" \"c\") .\"z\" (let k 2) (range i 1 (col k) 1))) "
       "(union ([] (c \"a\" \"b\") \"x y\") (. (c \"a\" \"c\") z))"},
      {"declare pattern p = (a:string)[b:string] { ('x').['y'] = { print 1 }; };\n"
       "p('x').['y'] | count",
       "(pattern p (a) [b] (map (\"x\") .\"y\" (print 1))) (count ([] (p \"x\") \"y\"))"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(Dump(c.query), c.tree) << "query: " << c.query;
  }
}

TEST(ParserTest, ErrorsArePositioned) {
  struct ErrorCase {
    const char* query;
    const char* message;
  };
  const ErrorCase cases[] = {
      {"T | where", "line 1, col 10: expected an expression, found the end of the query"},
      {"T | wher x", "line 1, col 5: unknown tabular operator 'wher'"},
      {"T\n| where a ==\n", "line 3, col 1: expected an expression"},
      {"print 'abc", "line 1, col 7: string literal is not terminated"},
      {"print datetime(2021-13-45)", "line 1, col 7: '2021-13-45' is not a valid datetime"},
      {".show tables", "line 1, col 1: management commands"},
      {"T | where (a", "expected ')' to close '('"},
      {"print 3x", "'3x' is not a number or a timespan"},
      {"declare pattern p = (a:long) { }; print 1",
       "line 1, col 22: pattern argument 'a' must be a string without a default (a:string)"},
      {"declare pattern p = () { }; print 1",
       "line 1, col 21: pattern 'p' needs at least one argument, like (name:string)"},
      {"declare pattern p = (a:string)[b:int] { }; print 1",
       "line 1, col 32: the path argument 'b' must be a string (b:string)"},
      {"declare pattern p = (a:string) {\n  ('x', 'y') = { print 1 };\n}; print 1",
       "line 2, col 3: this mapping gives 2 value(s), but pattern 'p' takes 1 argument(s)"},
      {"declare pattern p = (a:string)[b:string] {\n  ('x') = { print 1 };\n}; print 1",
       "line 2, col 3: pattern 'p' has the path argument 'b', so each mapping needs a path, like "
       "(\"x\").[\"value\"]"},
      {"declare pattern p = (a:string) { ('x').y = { print 1 }; }; print 1",
       "line 1, col 34: pattern 'p' declares no path argument, so its mappings take no path"},
      {"declare pattern p = (a:string) { ('x') = { print 1 }; ('x') = { print 2 }; }; print 1",
       "line 1, col 55: pattern 'p' maps (\"x\") twice"},
      {"declare pattern p = (a:string) { (x) = { print 1 }; }; print 1",
       "line 1, col 35: expected a string value in the mapping of pattern 'p', found 'x'"},
      {"declare pattern p = (a:string) { ('x') = { }; }; print 1",
       "line 1, col 44: the mapping (\"x\") of pattern 'p' is empty"},
      {"declare pattern p = (a:string) { ('x') = { print 1 }; print 1",
       "line 1, col 55: expected '(' to start a pattern mapping"},
  };
  for (const auto& c : cases) {
    auto q = ParseQuery(c.query);
    ASSERT_FALSE(q.ok()) << c.query;
    EXPECT_NE(q.status().message().find(c.message), std::string::npos)
        << "query: " << c.query << "\nmessage: " << q.status().message();
  }
}

TEST(ParserTest, CaretPointsAtTheToken) {
  auto q = ParseQuery("T\n| wher x");
  ASSERT_FALSE(q.ok());
  EXPECT_EQ(q.status().message(), "line 2, col 3: unknown tabular operator 'wher'\n  | wher x\n    ^~~~");
}

// Found by the fuzzer: a statement skipped token by token (`declare`/`alias`) or a table
// parameter's schema used to spin forever on the lexer's error token.
TEST(ParserTest, SkippingLoopsStopAtALexerError) {
  for (std::string q : {std::string("alias withsou 7\x01"), std::string("declare x \xbc\xff"),
                        std::string("let f = (t:(a:long \x01 ) { t }; print 1")}) {
    auto parsed = ParseQuery(q);
    ASSERT_FALSE(parsed.ok()) << q;
    EXPECT_NE(parsed.status().message().find("line 1"), std::string::npos)
        << parsed.status().message();
  }
}

TEST(ParserTest, DeepNestingIsAnErrorNotACrash) {
  std::string deep(5000, '(');
  auto q = ParseQuery("print " + deep);
  ASSERT_FALSE(q.ok());
  EXPECT_NE(q.status().message().find("nested too deeply"), std::string::npos);
}

TEST(LexerTest, TimespanUnitsAndNegatedOperators) {
  auto toks = Lex("1.5h !startswith_cs in~ project-away 3tick");
  ASSERT_GE(toks.size(), 6u);
  EXPECT_EQ(toks[0].kind, TokenKind::kTimespan);
  EXPECT_EQ(toks[0].i, 54'000'000'000LL);
  EXPECT_EQ(toks[1].text, "!startswith_cs");
  EXPECT_EQ(toks[2].text, "in~");
  EXPECT_EQ(toks[3].text, "project-away");
  EXPECT_EQ(toks[4].i, 3);
  EXPECT_EQ(toks[5].kind, TokenKind::kEnd);
}

}  // namespace
}  // namespace quarry::kql
