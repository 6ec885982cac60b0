// Morsel-driven execution: the same queries at several thread counts and morsel sizes give the
// same rows in the same order as one thread, on a table with nulls and many groups; a few
// results are also checked against values computed here from the generated rows.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "common/time.h"
#include "kql/engine.h"
#include "test_file.h"

namespace quarry::kql {
namespace {

struct Generated {
  TablePtr table;
  size_t rows_with_alpha = 0;  // rows whose text has the term "alpha" (case-insensitive)
  std::map<std::string, int64_t> count_by_host;
};

Generated MakeTable(size_t rows) {
  std::mt19937_64 rng(7);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
  Schema schema;
  schema.Add(Field{"Host", Type::kString});
  schema.Add(Field{"Text", Type::kString});
  schema.Add(Field{"N", Type::kLong});
  schema.Add(Field{"R", Type::kReal});
  schema.Add(Field{"Time", Type::kDatetime});
  TableBuilder b(schema);
  static const char* kWords[] = {"alpha", "Beta", "gamma", "ALPHAbet", "x-alpha.exe", "delta"};
  Generated g;
  int64_t t0 = *ParseDatetime("2025-01-01T00:00:00Z");
  for (size_t i = 0; i < rows; ++i) {
    std::vector<Value> row;
    bool null_host = pick(20) == 0;
    std::string host = "host" + std::to_string(pick(1500));
    row.push_back(null_host ? Value::Null(Type::kString) : Value::String(host));
    g.count_by_host[null_host ? "" : host] += 1;
    std::string text = std::string(kWords[pick(6)]) + " " + kWords[pick(6)];
    bool alpha = text.find("alpha ") == 0 || text.find(" alpha") != std::string::npos ||
                 text.find("x-alpha") != std::string::npos;
    if (pick(10) == 0) {
      row.push_back(Value::Null(Type::kString));
    } else {
      row.push_back(Value::String(text));
      g.rows_with_alpha += alpha;
    }
    row.push_back(pick(8) == 0 ? Value::Null(Type::kLong) : Value::Long(pick(1000) - 300));
    row.push_back(pick(8) == 0 ? Value::Null(Type::kReal) : Value::Real(pick(4000) / 8.0));
    row.push_back(Value::Datetime(t0 + static_cast<int64_t>(pick(72)) * 3600 * 10000000LL));
    b.AppendRow(row);
  }
  g.table = b.Finish();
  return g;
}

const char* kQueries[] = {
    "T | where Text has 'alpha' | count",
    "T | where Text contains 'ALPHA' and N > 10 | project Host, N, Text",
    ("T | where Text has_any ('beta', 'delta') | summarize n = count() by Host | order by n desc, "
     "Host asc"),
    "T | summarize n = count() by Host",
    "T | summarize n = count(), s = sum(N), lo = min(N), hi = max(Text), d = dcount(Text) by Host",
    "T | summarize avg(N), countif(N > 100), take_any(Text), arg_max(N, Text) by Host",
    "T | summarize make_list(N), make_set(Text), percentile(N, 50) by Host",
    "T | summarize sum(R), stdev(R) by Host",
    "T | summarize n = count(), dcount(Host) by bin(Time, 6h), Text",
    "T | summarize count(), sum(N), min(R), max(Time)",
    "T | where isnull(N) or R > 400 | summarize n = count() by Host, Text",
    "T | where Host startswith 'host1' | take 20",
    "T | where Text !has 'gamma' | extend L = strlen(Text) | summarize sum(L) by Host",
    "T | where Time > datetime(2026-01-01) | summarize count() by Host",  // no rows
};

std::vector<std::string> RunAt(const Engine& engine, const std::string& query, int threads,
                               size_t min_morsel_rows) {
  QueryOptions options;
  options.threads = threads;
  options.min_morsel_rows = min_morsel_rows;
  auto r = engine.Run(query, options);
  EXPECT_TRUE(r.ok()) << query << "\n" << r.status().message();
  if (!r.ok()) return {};
  std::vector<std::string> out = {testing::FormatColumns(r->table->schema())};
  auto rows = testing::FormatRows(*r->table);
  out.insert(out.end(), rows.begin(), rows.end());
  return out;
}

TEST(Parallel, SameRowsAtEveryThreadCountAndMorselSize) {
  Generated g = MakeTable(6000);
  MemoryCatalog catalog;
  catalog.Add("T", g.table);
  Engine engine(catalog);
  for (const char* q : kQueries) {
    std::vector<std::string> want = RunAt(engine, q, 1, 0);
    ASSERT_FALSE(want.empty()) << q;  // the column line, then the rows
    if (std::string(q).find("2026") == std::string::npos) {
      EXPECT_GT(want.size(), 1u) << q;
    }
    for (int threads : {2, 3, 4}) {
      for (size_t morsel : {1, 7, 500}) {
        EXPECT_EQ(RunAt(engine, q, threads, morsel), want)
            << q << "\nat " << threads << " threads, morsels of at least " << morsel << " rows";
      }
    }
  }
}

TEST(Parallel, ResultsMatchTheGeneratedRows) {
  Generated g = MakeTable(6000);
  MemoryCatalog catalog;
  catalog.Add("T", g.table);
  Engine engine(catalog);
  for (int threads : {1, 2}) {
    auto counted = RunAt(engine, "T | where Text has 'alpha' | count", threads, 100);
    ASSERT_EQ(counted.size(), 2u);
    EXPECT_EQ(counted[1], std::to_string(g.rows_with_alpha));

    auto by_host = RunAt(engine, "T | summarize n = count() by Host", threads, 100);
    ASSERT_EQ(by_host.size(), g.count_by_host.size() + 1);
    std::map<std::string, int64_t> got;
    for (size_t i = 1; i < by_host.size(); ++i) {
      auto bar = by_host[i].find(" | ");
      std::string host = by_host[i].substr(0, bar);
      got[host == "\"\"" || host == "null" ? "" : host] = std::stoll(by_host[i].substr(bar + 3));
    }
    EXPECT_EQ(got, g.count_by_host);
  }
}

TEST(Parallel, GroupsKeepTheirOrderOfFirstAppearance) {
  // Morsels of 2 rows: groups first seen in later morsels must still come out in row order.
  MemoryCatalog catalog;
  Engine engine(catalog);
  std::string q =
      "datatable(k:string, v:long)['c', 1, 'a', 2, 'c', 3, 'b', 4, '', 5, 'a', 6, 'd', 7, "
      "'b', 8] | summarize s = sum(v), l = make_list(v) by k";
  std::vector<std::string> want = {"k:string | s:long | l:dynamic",
                                   "c | 4 | [1,3]",
                                   "a | 8 | [2,6]",
                                   "b | 12 | [4,8]",
                                   "\"\" | 5 | [5]",
                                   "d | 7 | [7]"};
  EXPECT_EQ(RunAt(engine, q, 1, 0), want);
  EXPECT_EQ(RunAt(engine, q, 4, 2), want);
}

TEST(Parallel, WhereThenTakeStopsEarlyWithTheFirstRows) {
  Generated g = MakeTable(3000);
  MemoryCatalog catalog;
  catalog.Add("T", g.table);
  Engine engine(catalog);
  std::vector<std::string> all = RunAt(engine, "T | where N > 100 | project Host, N", 1, 0);
  ASSERT_GT(all.size(), 40u);
  for (int threads : {1, 2, 3}) {
    for (size_t morsel : {1, 50}) {
      std::vector<std::string> first =
          RunAt(engine, "T | where N > 100 | take 30 | project Host, N", threads, morsel);
      ASSERT_EQ(first.size(), 31u);
      EXPECT_TRUE(std::equal(first.begin(), first.end(), all.begin()))
          << threads << " threads, morsels of " << morsel;
    }
  }
  // More than pass: every passing row.
  EXPECT_EQ(RunAt(engine, "T | where N > 100 | take 100000 | project Host, N", 2, 7), all);
}

TEST(Parallel, ErrorsNameThePlaceAtAnyThreadCount) {
  MemoryCatalog catalog;
  catalog.Add("T", MakeTable(100).table);
  Engine engine(catalog);
  QueryOptions options;
  options.threads = 3;
  options.min_morsel_rows = 5;
  auto r = engine.Run("T | summarize count() by Nope", options);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("Nope"), std::string::npos) << r.status().message();
}

}  // namespace
}  // namespace quarry::kql
