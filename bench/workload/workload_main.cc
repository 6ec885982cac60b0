// bench_workload: runs the hunting workload over a Quarry workspace, the way the peers' scripts
// (../shared/peers/bench_duckdb.mjs, bench_sqlite.py) run theirs: the workspace is opened once,
// each query runs --runs times per thread count, and the median, min and first times go to
// OUT/quarry_<LABEL>.json; the last run's rows go to OUT/quarry_<LABEL>_<query>.tsv.
//
// usage: bench_workload --workspace DIR --workload bench/workload/workload.kql
//          --iocs bench/workload/iocs.txt --label 1M --out DIR [--runs 5] [--threads 2,1]
#include <fmt/core.h>
#include <sys/resource.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/data_path.h"
#include "common/time.h"
#include "kql/engine.h"
#include "schemas/builtin_schemas.h"
#include "sources/workspace_catalog.h"
#include "store/workspace.h"
#include "workload_file.h"

namespace quarry::bench {
namespace {

struct Flags {
  std::string workspace, workload, iocs, out, label = "bench", threads = "2,1", only;
  std::string now = "2025-01-31T00:00:00Z";
  int runs = 5;
};

// CPU time of the whole process (every thread) in ms: on a shared, busy machine wall time mostly
// measures the scheduler, CPU time what the query cost.
double ProcessCpuMs() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto ms = [](const timeval& t) { return t.tv_sec * 1e3 + t.tv_usec / 1e3; };
  return ms(u.ru_utime) + ms(u.ru_stime);
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

std::string Cell(const Column& c, size_t i) {
  if (c.IsNull(i)) return "null";
  std::string s = c.GetValue(i).ToString();
  for (auto& ch : s) {
    if (ch == '\t' || ch == '\n' || ch == '\r') ch = ' ';
  }
  return s;
}

Status WriteTsv(const Table& t, const std::string& path) {
  std::ofstream f(path);
  if (!f) return InvalidArgument("cannot write " + path);
  for (size_t c = 0; c < t.num_columns(); ++c) f << (c ? "\t" : "") << t.schema().field(c).name;
  f << "\n";
  for (size_t r = 0; r < t.num_rows(); ++r) {
    for (size_t c = 0; c < t.num_columns(); ++c) f << (c ? "\t" : "") << Cell(*t.column(c), r);
    f << "\n";
  }
  return f ? Status::Ok() : InvalidArgument("write failed: " + path);
}

Status Run(const Flags& flags) {
  QUARRY_ASSIGN_OR_RETURN(std::string text, ReadFileToString(flags.workload));
  QUARRY_ASSIGN_OR_RETURN(auto queries, ParseWorkload(text, flags.workload));
  if (!flags.iocs.empty()) {
    QUARRY_ASSIGN_OR_RETURN(std::string ioc_text, ReadFileToString(flags.iocs));
    QUARRY_ASSIGN_OR_RETURN(std::string iocs, IocListFromText(ioc_text, flags.iocs));
    SubstituteIocs(queries, iocs);
  }
  std::vector<int> threads;
  std::stringstream ts(flags.threads);
  for (std::string t; std::getline(ts, t, ',');) threads.push_back(std::stoi(t));

  QUARRY_ASSIGN_OR_RETURN(auto workspace, store::Workspace::Open(flags.workspace, false));
  auto builtins = BuiltinSchemas();
  sources::WorkspaceCatalog catalog(*workspace, builtins.ok() ? *builtins : nullptr);
  kql::Engine engine(catalog);
  std::filesystem::create_directories(flags.out);

  nlohmann::json summary;
  summary["engine"] = "quarry";
  summary["label"] = flags.label;
  uint64_t rows = 0;
  for (const auto& t : workspace->Tables()) rows += t.rows;
  summary["rows"] = rows;
  summary["queries"] = nlohmann::json::object();
  for (int th : threads) {
    kql::QueryOptions options;
    options.threads = th;
    options.now_ticks = ParseDatetime(flags.now);
    for (const auto& q : queries) {
      if (!flags.only.empty() &&
          ("," + flags.only + ",").find("," + q.name + ",") == std::string::npos) {
        continue;
      }
      std::vector<double> times, cpu;
      TablePtr last;
      kql::ScanStats stats;
      for (int r = 0; r < flags.runs; ++r) {
        double cpu0 = ProcessCpuMs();
        auto t0 = std::chrono::steady_clock::now();
        auto result = engine.Run(q.kql, options);
        cpu.push_back(ProcessCpuMs() - cpu0);
        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                        .count();
        if (!result.ok()) {
          return InvalidArgument("query " + q.name + " failed: " + result.status().message());
        }
        times.push_back(ms);
        last = result->table;
        stats = result->stats;
      }
      QUARRY_RETURN_IF_ERROR(
          WriteTsv(*last, fmt::format("{}/quarry_{}_{}.tsv", flags.out, flags.label, q.name)));
      double med = Median(times);
      nlohmann::json all = nlohmann::json::array();
      for (double t : times) all.push_back(std::round(t * 10) / 10);
      summary["queries"][fmt::format("{}@t{}", q.name, th)] = {
          {"median_ms", std::round(med * 100) / 100},
          {"min_ms", std::round(*std::min_element(times.begin(), times.end()) * 100) / 100},
          {"first_ms", std::round(times[0] * 100) / 100},
          {"cpu_median_ms", std::round(Median(cpu) * 100) / 100},
          {"result_rows", last->num_rows()},
          {"partitions_read", stats.partitions_read},
          {"partitions_total", stats.partitions_total},
          {"rows_read", stats.rows_read},
          {"all_ms", all}};
      fmt::print(stderr, "t{} {}: median {:.1f} ms (cpu {:.1f} ms)  rows={}  partitions {}/{}\n",
                 th, q.name, med, Median(cpu), last->num_rows(), stats.partitions_read,
                 stats.partitions_total);
    }
  }
  std::ofstream f(fmt::format("{}/quarry_{}.json", flags.out, flags.label));
  f << summary.dump(1) << "\n";
  std::cout << summary.dump() << "\n";
  return f ? Status::Ok() : InvalidArgument("cannot write the summary under " + flags.out);
}

}  // namespace
}  // namespace quarry::bench

int main(int argc, char** argv) {
  quarry::bench::Flags flags;
  CLI::App app("Runs the benchmark workload over a Quarry workspace");
  app.add_option("--workspace", flags.workspace, "Workspace directory")->required();
  app.add_option("--workload", flags.workload, "Workload file (== name header, then KQL)")
      ->required();
  app.add_option("--iocs", flags.iocs, "IOC terms, one a line, substituted for {iocs}");
  app.add_option("--out", flags.out, "Directory for the JSON summary and result TSVs")->required();
  app.add_option("--label", flags.label, "Label in output file names (e.g. 1M)");
  app.add_option("--runs", flags.runs, "Runs per query and thread count");
  app.add_option("--threads", flags.threads, "Comma-separated thread counts");
  app.add_option("--queries", flags.only, "Only these queries (comma-separated names)");
  app.add_option("--now", flags.now, "Pin now() and ago() to this datetime");
  CLI11_PARSE(app, argc, argv);
  quarry::Status s = quarry::bench::Run(flags);
  if (!s.ok()) {
    std::cerr << "bench_workload: " << s.message() << "\n";
    return 1;
  }
  return 0;
}
