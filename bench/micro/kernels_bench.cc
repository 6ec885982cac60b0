// Micro-benchmarks of the KQL engine's hot kernels on synthetic columns of 1M rows (fixed seed):
// a numeric filter through the engine, case-insensitive / case-sensitive / term search
// (TextSearcher::MatchRows, the kernel behind contains / contains_cs / has), hash aggregation by a
// string and by an integer key (Grouper::Add), and a join's build (Grouper::Add over the small
// side's keys) and probe (Grouper::Find). Items per second = rows per second. Issue 2's
// where + summarize count() by a string over 10M rows at 1 and 2 threads (counter rows/s).
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "kql/catalog.h"
#include "kql/engine.h"
#include "kql/functions/text_search.h"
#include "kql/grouper.h"
#include "table/column.h"
#include "table/table.h"

namespace quarry::kql {
namespace {

constexpr size_t kRows = 1 << 20;

// Command lines shaped like the benchmark data: an image path, a few flags, a GUID-like token;
// one row in ~2,000 carries "-enc" or "urlcache".
const ColumnPtr& CommandLines() {
  static const ColumnPtr column = [] {
    std::mt19937_64 rng(7);
    const char* images[] = {
        "C:\\Windows\\System32\\svchost.exe -k netsvcs -p -s Schedule",
        "\"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\" --type=renderer",
        "C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1",
        "powershell.exe -NoLogo -NonInteractive -File C:\\ProgramData\\agent\\check.ps1"};
    ColumnBuilder b(Type::kString);
    char token[40];
    for (size_t i = 0; i < kRows; ++i) {
      std::string s = images[rng() % 4];
      snprintf(token, sizeof token, " /id %016llx%08llx", static_cast<unsigned long long>(rng()),
               static_cast<unsigned long long>(rng() % 0xffffffff));
      s += token;
      if (rng() % 2000 == 0) s += (rng() % 2) ? " -enc SQBFAFgA" : " -urlcache -f http://x.test/a";
      b.AppendString(s);
    }
    return b.Finish();
  }();
  return column;
}

ColumnPtr Keys(size_t distinct, bool strings, uint64_t seed) {
  std::mt19937_64 rng(seed);
  ColumnBuilder b(strings ? Type::kString : Type::kLong);
  for (size_t i = 0; i < kRows; ++i) {
    uint64_t k = rng() % distinct;
    if (strings) {
      b.AppendString("host-" + std::to_string(k) + ".corp.contoso.com");
    } else {
      b.AppendLong(static_cast<int64_t>(k));
    }
  }
  return b.Finish();
}

void Search(benchmark::State& state, const char* needle, bool case_sensitive,
            fn::MatchAnchor anchor) {
  const Column& c = *CommandLines();
  fn::TextSearcher searcher(needle, case_sensitive, anchor);
  std::vector<uint8_t> out(c.size());
  for (auto _ : state) {
    std::fill(out.begin(), out.end(), 0);
    searcher.MatchRows(c.chars().data(), c.offsets().data(), c.size(), out.data());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * c.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.chars().size()));
}

void BM_ContainsCaseInsensitive(benchmark::State& s) {
  Search(s, "-enc", false, fn::MatchAnchor::kAnywhere);
}
void BM_ContainsCaseSensitive(benchmark::State& s) {
  Search(s, "-enc", true, fn::MatchAnchor::kAnywhere);
}
void BM_HasTerm(benchmark::State& s) {
  Search(s, "urlcache", false, fn::MatchAnchor::kTerm);
}
BENCHMARK(BM_ContainsCaseInsensitive);
BENCHMARK(BM_ContainsCaseSensitive);
BENCHMARK(BM_HasTerm);

// summarize count() by key: the grouping step (group ids per row).
void BM_GroupBy(benchmark::State& state) {
  bool strings = state.range(1) != 0;
  ColumnPtr keys = Keys(static_cast<size_t>(state.range(0)), strings, 11);
  std::vector<ColumnPtr> cols{keys};
  std::vector<uint32_t> ids;
  for (auto _ : state) {
    Grouper g({keys->type()});
    ids.clear();
    g.Add(cols, keys->size(), &ids);
    benchmark::DoNotOptimize(ids.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * keys->size()));
}
BENCHMARK(BM_GroupBy)
    ->ArgNames({"distinct", "string"})
    ->Args({2000, 1})
    ->Args({2000, 0})
    ->Args({100000, 1})
    ->Args({100000, 0});

// Hash join: build over the right side's distinct keys, probe with 1M left rows.
void BM_JoinBuild(benchmark::State& state) {
  ColumnPtr keys = Keys(static_cast<size_t>(state.range(0)), true, 13);
  std::vector<ColumnPtr> cols{keys};
  std::vector<uint32_t> ids;
  for (auto _ : state) {
    Grouper g({Type::kString});
    ids.clear();
    g.Add(cols, keys->size(), &ids);
    benchmark::DoNotOptimize(g.num_groups());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * keys->size()));
}
BENCHMARK(BM_JoinBuild)->Arg(100)->Arg(100000);

void BM_JoinProbe(benchmark::State& state) {
  ColumnPtr build = Keys(static_cast<size_t>(state.range(0)), true, 13);
  ColumnPtr probe = Keys(2 * static_cast<size_t>(state.range(0)), true, 17);  // half the keys miss
  std::vector<ColumnPtr> build_cols{build}, probe_cols{probe};
  Grouper g({Type::kString});
  std::vector<uint32_t> ids;
  g.Add(build_cols, build->size(), &ids);
  std::vector<int64_t> found;
  for (auto _ : state) {
    found.clear();
    g.Find(probe_cols, probe->size(), &found);
    benchmark::DoNotOptimize(found.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * probe->size()));
}
BENCHMARK(BM_JoinProbe)->Arg(100)->Arg(100000);

// where n > X | count through the engine (bind + vectorized filter + count), both cores.
void BM_FilterLong(benchmark::State& state) {
  ColumnPtr n = Keys(1000, false, 19);
  MemoryCatalog catalog;
  catalog.Add("T", std::make_shared<Table>(Schema({Field{"n", Type::kLong}}),
                                           std::vector<ColumnPtr>{n}, n->size()));
  Engine engine(catalog);
  QueryOptions options;
  options.threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    auto r = engine.Run("T | where n > 900 | count", options);
    if (!r.ok()) {
      state.SkipWithError(r.status().message().c_str());
      break;
    }
    benchmark::DoNotOptimize(r->table);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n->size()));
}
BENCHMARK(BM_FilterLong)->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime();

// A dictionary-encoded string column of `rows` rows over `distinct` values named prefix + i,
// as the workspace stores repetitive columns.
ColumnPtr DictionaryStrings(size_t rows, size_t distinct, const std::string& prefix,
                            uint64_t seed) {
  std::mt19937_64 rng(seed);
  ColumnBuilder dict(Type::kString);
  for (size_t k = 0; k < distinct; ++k) dict.AppendString(prefix + std::to_string(k));
  std::vector<uint32_t> codes(rows);
  for (auto& c : codes) c = static_cast<uint32_t>(rng() % distinct);
  return Column::MakeDictionary(Type::kString, dict.Finish(), std::move(codes), Validity());
}

// Issue 2: on a 10M-row DeviceProcessEvents-like table, `where` + `summarize count() by` a string
// column through the engine, at 1 and 2 threads. Counter rows/s: input rows per wall second.
constexpr size_t kBigRows = 10'000'000;

void BM_WhereSummarizeCountByString(benchmark::State& state) {
  static const TablePtr table = [] {
    Schema schema({Field{"DeviceName", Type::kString}, Field{"ActionType", Type::kString},
                   Field{"FileName", Type::kString}});
    std::vector<ColumnPtr> cols = {DictionaryStrings(kBigRows, 2000, "host-", 23),
                                   DictionaryStrings(kBigRows, 6, "Action", 29),
                                   DictionaryStrings(kBigRows, 300, "image", 31)};
    return std::make_shared<const Table>(std::move(schema), std::move(cols), kBigRows);
  }();
  MemoryCatalog catalog;
  catalog.Add("DeviceProcessEvents", table);
  Engine engine(catalog);
  QueryOptions options;
  options.threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    auto r = engine.Run(
        "DeviceProcessEvents | where ActionType != 'Action0' | summarize n = count() by DeviceName",
        options);
    if (!r.ok()) {
      state.SkipWithError(r.status().message().c_str());
      break;
    }
    benchmark::DoNotOptimize(r->table);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBigRows));
  state.counters["rows/s"] = benchmark::Counter(static_cast<double>(state.iterations() * kBigRows),
                                                benchmark::Counter::kIsRate);
}
BENCHMARK(BM_WhereSummarizeCountByString)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace quarry::kql

BENCHMARK_MAIN();
