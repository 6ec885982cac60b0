// Differential test: random tables and a few hundred random queries per run, each evaluated by
// the vectorized engine and by a simple row-at-a-time reference written here from Kusto's rules
// (three-valued logic with nulls, grouping, ordering with nulls first for asc). Equal results.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <random>

#include "kql/engine.h"
#include "test_file.h"

namespace quarry::kql {
namespace {

struct Row {
  std::optional<int64_t> k;
  std::string s;
  std::optional<double> r;
};

using Tri = std::optional<bool>;

struct Atom {
  std::string text;
  std::function<Tri(const Row&)> eval;
};

class Generator {
 public:
  explicit Generator(uint64_t seed) : rng_(seed) {}
  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool Chance(int percent) { return Int(0, 99) < percent; }

  std::vector<Row> Table() {
    std::vector<Row> rows(Int(0, 40));
    static const char* kWords[] = {"", "alpha", "beta", "gamma", "Beta"};
    for (auto& row : rows) {
      if (!Chance(15)) row.k = Int(-3, 6);
      row.s = kWords[Int(0, 4)];
      if (!Chance(15)) row.r = Int(-20, 20) / 4.0;
    }
    return rows;
  }

  Atom RandomAtom() {
    int n = Int(-2, 5);
    static const char* kWords[] = {"", "alpha", "beta", "gamma"};
    std::string w = kWords[Int(0, 3)];
    double f = Int(-8, 8) / 2.0;
    switch (Int(0, 6)) {
      case 0: return {"k > " + std::to_string(n), [n](const Row& r) -> Tri {
                        if (!r.k) return std::nullopt;
                        return *r.k > n;
                      }};
      case 1: return {"k == " + std::to_string(n), [n](const Row& r) -> Tri {
                        if (!r.k) return false;  // Kusto: null == non-null is false
                        return *r.k == n;
                      }};
      case 2: return {"r <= " + FormatReal(f) + (f == static_cast<int>(f) ? ".0" : ""),
                      [f](const Row& r) -> Tri {
                        if (!r.r) return std::nullopt;
                        return *r.r <= f;
                      }};
      case 3: return {"s == \"" + w + "\"", [w](const Row& r) -> Tri { return r.s == w; }};
      case 4: return {"s != \"" + w + "\"", [w](const Row& r) -> Tri { return r.s != w; }};
      case 5: return {"isnull(k)", [](const Row& r) -> Tri { return !r.k.has_value(); }};
      default: return {"s =~ \"BETA\"", [](const Row& r) -> Tri {
                         return r.s == "beta" || r.s == "Beta";
                       }};
    }
  }

  Atom Predicate(int depth) {
    if (depth == 0 || Chance(40)) return RandomAtom();
    Atom a = Predicate(depth - 1);
    if (Chance(20)) {
      return {"not(" + a.text + ")", [a](const Row& r) -> Tri {
                Tri v = a.eval(r);
                if (!v) return std::nullopt;
                return !*v;
              }};
    }
    Atom b = Predicate(depth - 1);
    if (Chance(50)) {
      return {"(" + a.text + " and " + b.text + ")", [a, b](const Row& r) -> Tri {
                Tri x = a.eval(r), y = b.eval(r);
                if ((x && !*x) || (y && !*y)) return false;
                if (!x || !y) return std::nullopt;
                return true;
              }};
    }
    return {"(" + a.text + " or " + b.text + ")", [a, b](const Row& r) -> Tri {
              Tri x = a.eval(r), y = b.eval(r);
              if ((x && *x) || (y && *y)) return true;
              if (!x || !y) return std::nullopt;
              return false;
            }};
  }

 private:
  std::mt19937_64 rng_;
};

std::string Datatable(const std::vector<Row>& rows) {
  std::string out = "let T = datatable(k:long, s:string, r:real)[";
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row& row = rows[i];
    out += i ? ", " : "";
    out += row.k ? std::to_string(*row.k) : "long(null)";
    out += ", \"" + row.s + "\", ";
    out += row.r ? "real(" + FormatReal(*row.r) + ")" : "real(null)";
  }
  return out + "];\n";
}

std::string K(const std::optional<int64_t>& k) { return k ? std::to_string(*k) : "null"; }
std::string S(const std::string& s) { return s.empty() ? "\"\"" : s; }

// The same 300 queries one thread at a time, and split into morsels of a row or a few rows
// across several threads (the engine's results must not depend on how it splits the work).
void RunDifferential(int threads, size_t min_morsel_rows) {
  Generator gen(20240101);
  MemoryCatalog catalog;
  Engine engine(catalog);
  QueryOptions options;
  options.threads = threads;
  options.min_morsel_rows = min_morsel_rows;
  int compared = 0;
  for (int round = 0; round < 300; ++round) {
    std::vector<Row> rows = gen.Table();
    Atom pred = gen.Predicate(3);
    int shape = round % 4;
    std::string query = Datatable(rows) + "T | where " + pred.text;
    std::vector<std::string> expected;
    std::vector<const Row*> kept;
    for (const auto& row : rows) {
      Tri v = pred.eval(row);
      if (v && *v) kept.push_back(&row);
    }
    if (shape == 0) {
      query += " | project k, s";
      for (const Row* r : kept) expected.push_back(K(r->k) + " | " + S(r->s));
    } else if (shape == 1) {
      query += " | summarize c = count(), n = countif(isnotnull(k)) by s | sort by s asc";
      std::map<std::string, std::pair<int, int>> groups;
      for (const Row* r : kept) {
        auto& g = groups[r->s];
        g.first++;
        g.second += r->k.has_value();
      }
      for (const auto& [s, g] : groups) {
        expected.push_back(S(s) + " | " + std::to_string(g.first) + " | " + std::to_string(g.second));
      }
    } else if (shape == 2) {
      int n = gen.Int(0, 8);
      query += " | sort by k asc, s desc | take " + std::to_string(n) + " | project k, s";
      std::vector<const Row*> sorted = kept;
      std::stable_sort(sorted.begin(), sorted.end(), [](const Row* a, const Row* b) {
        if (a->k != b->k) {
          if (!a->k) return true;  // nulls first in ascending order
          if (!b->k) return false;
          return *a->k < *b->k;
        }
        return a->s > b->s;
      });
      for (size_t i = 0; i < sorted.size() && i < static_cast<size_t>(n); ++i) {
        expected.push_back(K(sorted[i]->k) + " | " + S(sorted[i]->s));
      }
    } else {
      query += " | distinct k | sort by k desc";
      std::vector<std::optional<int64_t>> ks;
      for (const Row* r : kept) {
        if (std::find(ks.begin(), ks.end(), r->k) == ks.end()) ks.push_back(r->k);
      }
      std::sort(ks.begin(), ks.end(), [](const auto& a, const auto& b) {
        if (!a) return false;  // nulls last in descending order
        if (!b) return true;
        return *a > *b;
      });
      for (const auto& k : ks) expected.push_back(K(k));
    }
    auto result = engine.Run(query, options);
    ASSERT_TRUE(result.ok()) << query << "\n" << result.status().message();
    std::vector<std::string> got = testing::FormatRows(*result->table);
    EXPECT_EQ(got, expected) << "query:\n" << query;
    ++compared;
  }
  EXPECT_EQ(compared, 300);
}

TEST(Differential, VectorizedMatchesRowAtATime) { RunDifferential(1, 0); }
TEST(Differential, TwoThreadsOneRowMorsels) { RunDifferential(2, 1); }
TEST(Differential, ThreeThreadsSmallMorsels) { RunDifferential(3, 3); }

}  // namespace
}  // namespace quarry::kql
