// Tokenizer throughput on a corpus file (QUARRY_BENCH_CORPUS; compare_tiktoken.sh makes a 10 MB
// mixed one): the whole file as one text, and line by line (the per-row use). Single-threaded.
// Bytes/s are of UTF-8 input, so they compare directly with tiktoken_bench.mjs.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "common/data_path.h"
#include "llm/tokenizer/tokenizer.h"

namespace {

using quarry::llm::Tokenizer;

const std::string& Corpus() {
  static const std::string corpus = [] {
    const char* path = std::getenv("QUARRY_BENCH_CORPUS");
    if (path == nullptr) return std::string();
    auto text = quarry::ReadFileToString(path);
    return text.ok() ? *text : std::string();
  }();
  return corpus;
}

const std::vector<std::string_view>& Lines() {
  static const std::vector<std::string_view> lines = [] {
    std::vector<std::string_view> out;
    std::string_view text = Corpus();
    size_t pos = 0;
    while (pos < text.size()) {
      size_t eol = text.find('\n', pos);
      size_t end = eol == std::string_view::npos ? text.size() : eol + 1;
      out.push_back(text.substr(pos, end - pos));
      pos = end;
    }
    return out;
  }();
  return lines;
}

const Tokenizer* Load(benchmark::State& state, const char* encoding) {
  if (Corpus().empty()) {
    state.SkipWithError("set QUARRY_BENCH_CORPUS to a readable, non-empty text file");
    return nullptr;
  }
  auto t = Tokenizer::ForEncoding(encoding);
  if (!t.ok()) {
    state.SkipWithError(t.status().message().c_str());
    return nullptr;
  }
  return *t;
}

void BM_EncodeWhole(benchmark::State& state, const char* encoding) {
  const Tokenizer* t = Load(state, encoding);
  if (t == nullptr) return;
  size_t tokens = 0;
  for (auto _ : state) {
    auto ids = t->Encode(Corpus());
    tokens = ids.size();
    benchmark::DoNotOptimize(ids.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Corpus().size()));
  state.counters["tokens"] = static_cast<double>(tokens);
}

void BM_EncodeLines(benchmark::State& state, const char* encoding) {
  const Tokenizer* t = Load(state, encoding);
  if (t == nullptr) return;
  size_t tokens = 0;
  for (auto _ : state) {
    tokens = 0;
    for (std::string_view line : Lines()) {
      auto ids = t->Encode(line);
      tokens += ids.size();
      benchmark::DoNotOptimize(ids.data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Corpus().size()));
  state.counters["tokens"] = static_cast<double>(tokens);
}

void BM_CountWhole(benchmark::State& state, const char* encoding) {
  const Tokenizer* t = Load(state, encoding);
  if (t == nullptr) return;
  size_t tokens = 0;
  for (auto _ : state) benchmark::DoNotOptimize(tokens = t->Count(Corpus()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Corpus().size()));
  state.counters["tokens"] = static_cast<double>(tokens);
}

BENCHMARK_CAPTURE(BM_EncodeWhole, o200k_base, "o200k_base")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_EncodeLines, o200k_base, "o200k_base")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_CountWhole, o200k_base, "o200k_base")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_EncodeWhole, cl100k_base, "cl100k_base")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_EncodeLines, cl100k_base, "cl100k_base")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_CountWhole, cl100k_base, "cl100k_base")->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
