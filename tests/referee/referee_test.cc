// Referee runners over ../shared/kql: the documented examples (cases/*.json, with the checked-in
// list of known failures), the results recorded from Microsoft's Kusto engine
// (kusto_engine_cases.jsonl, including the queries Kusto rejects) and the Sentinel hunting
// queries (sentinel_queries.jsonl: parse+bind and execution rates on empty built-in tables).
// Built twice: referee_tests runs a fixed sample (every 5th case) and referee_slow_tests
// (label "slow") runs everything. Set QUARRY_REFEREE_WRITE=<file> to write the current docs
// failures in known_failures_docs.txt format, QUARRY_REFEREE_WRITE_ENGINE=<file> to write the
// engine cases that do not match, with the reason, QUARRY_REFEREE_WRITE_SENTINEL=<file> the
// Sentinel queries that do not parse and bind, with the positioned error.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include "case_features.h"
#include "kql/parser.h"
#include "referee_util.h"
#include "schemas/builtin_schemas.h"

#ifndef QUARRY_REFEREE_FULL
#define QUARRY_REFEREE_FULL 0
#endif

namespace quarry::kql::referee {
namespace {

constexpr size_t kStride = QUARRY_REFEREE_FULL ? 1 : 5;

std::string StripPosition(const std::string& m) {
  if (m.rfind("line ", 0) != 0) return m;
  auto colon = m.find(": ");
  return colon == std::string::npos ? m : m.substr(colon + 2);
}

// One thread by default; QUARRY_TEST_THREADS=N runs every case on N threads with morsels of a
// single row (the results must be the same).
QueryOptions Options() {
  QueryOptions o;
  o.now_ticks = *ParseDatetime("2024-01-01T00:00:00Z");
  o.threads = 1;
  if (const char* env = std::getenv("QUARRY_TEST_THREADS"); env && std::atoi(env) > 0) {
    o.threads = std::atoi(env);
    o.min_morsel_rows = 1;
  }
  return o;
}

std::map<std::string, std::string> LoadKnown(const std::string& path) {
  std::map<std::string, std::string> known;
  std::istringstream in(ReadFile(path));
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    auto tab = line.find('\t');
    known[line.substr(0, tab)] = tab == std::string::npos ? "" : line.substr(tab + 1);
  }
  return known;
}

// Issue 3 counts the documented examples outside the geo_* functions and the graph, scan and
// reduce operators, read from the case's feature labels (and its text, for geo_).
bool InIssue3Scope(const Json& c) {
  if (c["query"].get<std::string>().find("geo_") != std::string::npos) return false;
  const Json features = c.value("features", Json::object());
  const Json functions = features.value("functions", Json::object());
  const Json operators = features.value("operators", Json::object());
  for (const auto& [name, count] : functions.items()) {
    if (name.rfind("geo_", 0) == 0) return false;
  }
  for (const auto& [name, count] : operators.items()) {
    if (name.find("graph") != std::string::npos || name == "scan" || name.rfind("reduce", 0) == 0) {
      return false;
    }
  }
  return true;
}

// The in-scope pass rate reached (docs/KQL.md's referee table); raise it as cases are fixed.
constexpr double kIssue3ScopeFloor = 86.1;

TEST(Referee, DocumentedExamples) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(SharedDir() + "/kql/cases")) {
    std::string name = e.path().filename().string();
    if (e.path().extension() == ".json" && name[0] != '_') files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_GT(files.size(), 700u);
  auto known = LoadKnown(std::string(QUARRY_SOURCE_ROOT) + "/tests/referee/known_failures_docs.txt");
  MemoryCatalog catalog;
  Engine engine(catalog);
  size_t run = 0, passed = 0, core_run = 0, core_passed = 0, scope_run = 0, scope_passed = 0;
  std::vector<std::string> unexpected, fixed;
  std::string failures, core_failures;
  for (size_t i = 0; i < files.size(); i += kStride) {
    Json c = Json::parse(ReadFile(files[i]));
    std::string id = c["id"].get<std::string>();
    if (!c["expected_columns"].is_array() || !c["expected_rows"].is_array()) continue;
    std::vector<std::string> columns = c["expected_columns"].get<std::vector<std::string>>();
    std::vector<std::vector<std::string>> rows;
    for (const auto& r : c["expected_rows"]) {
      std::vector<std::string> row;
      for (const auto& cell : r) row.push_back(cell.is_string() ? cell.get<std::string>() : cell.dump());
      rows.push_back(std::move(row));
    }
    // Row order counts only where the query defines one (see QueryDefinesOrder).
    bool ordered = QueryDefinesOrder(c["query"].get<std::string>());
    for (const auto& a : c["ambiguity"]) {
      std::string s = a.get<std::string>();
      if (s.find("row-order") != std::string::npos || s.find("arbitrary rows") != std::string::npos) {
        ordered = false;
      }
    }
    ++run;
    bool in_scope = InIssue3Scope(c);
    if (in_scope) ++scope_run;
    // Issue 2's subset: every operator and function the query uses is in its lists, read from
    // our AST (or, when our parser rejects the query, from the case's own feature labels).
    auto parsed = ParseQuery(c["query"].get<std::string>());
    bool core = parsed.ok() ? FeatureCollector().Collect(**parsed).outside.empty()
                            : LabelledFeatures(c.value("features", Json::object())).outside.empty();
    if (core) ++core_run;
    std::string why;
    auto r = engine.Run(c["query"].get<std::string>(), Options());
    bool ok = false;
    if (!r.ok()) {
      why = "error: " + FirstLine(r.status().message());
    } else {
      ok = ResultMatches(*r->table, columns, rows, ordered, &why, /*markdown=*/true,
                         RandomValuesIn(c["query"].get<std::string>()));
    }
    std::replace(why.begin(), why.end(), '\n', ' ');
    std::replace(why.begin(), why.end(), '\t', ' ');
    if (ok) {
      ++passed;
      if (core) ++core_passed;
      if (in_scope) ++scope_passed;
      if (known.count(id)) fixed.push_back(id);
    } else {
      failures += id + "\t" + why + "\n";
      if (core) core_failures += "[ referee ]   core failure " + id + ": " + why + "\n";
      if (!known.count(id)) unexpected.push_back(id + ": " + why);
    }
  }
  std::printf("[ referee ] documented examples: %zu/%zu passed (%.1f%%), %zu known failures, "
              "%zu now fixed\n", passed, run, 100.0 * passed / run, run - passed - unexpected.size(),
              fixed.size());
  double core_rate = core_run ? 100.0 * core_passed / core_run : 0.0;
  std::printf("[ referee ] documented examples using only issue 2's operators and functions: "
              "%zu/%zu passed (%.1f%%)\n%s", core_passed, core_run, core_rate, core_failures.c_str());
  double scope_rate = scope_run ? 100.0 * scope_passed / scope_run : 0.0;
  std::printf("[ referee ] documented examples outside geo/graph/scan/reduce: %zu/%zu (%.1f%%)\n",
              scope_passed, scope_run, scope_rate);
  for (const auto& f : fixed) std::printf("[ referee ] now passes (remove from the list): %s\n", f.c_str());
  if (const char* out = std::getenv("QUARRY_REFEREE_WRITE")) {
    std::ofstream(out) << failures;
  }
  std::string report;
  for (const auto& u : unexpected) report += "\n  " + u;
  // Issue 2's target; the core failures left are listed in known_failures_docs.txt as
  // "docs-open" (values or names the docs leave open).
  EXPECT_GE(core_rate, 90.0) << "documented examples using only issue 2's features";
  // Issue 3's share (target 90%): the figure reached so far, so it can only rise. The fast
  // runner's 1-in-5 sample is not held to it.
  if (QUARRY_REFEREE_FULL) {
    EXPECT_GE(scope_rate, kIssue3ScopeFloor)
        << "documented examples outside geo/graph/scan/reduce";
  }
  EXPECT_TRUE(unexpected.empty()) << unexpected.size() << " documented example(s) fail that are "
                                  << "not in known_failures_docs.txt:" << report;
}

TEST(Referee, KustoEngineCases) {
  std::istringstream in(ReadFile(SharedDir() + "/kql/kusto_engine_cases.jsonl"));
  MemoryCatalog catalog;
  Engine engine(catalog);
  size_t run = 0, passed = 0, rejected_total = 0, rejected_ok = 0, index = 0;
  std::map<std::string, std::pair<size_t, size_t>> by_family;
  std::string failures;
  for (std::string line; std::getline(in, line); ++index) {
    if (line.empty() || index % kStride != 0) continue;
    Json c = Json::parse(line);
    std::string query = c["query"].get<std::string>();
    if (query.find("| scan") != std::string::npos || query.rfind("scan", 0) == 0) continue;
    ++run;
    std::string family = c.value("family", "");
    by_family[family].second++;
    auto r = engine.Run(query, Options());
    bool ok = false;
    std::string why;
    if (c.contains("kusto_error")) {
      ++rejected_total;
      ok = !r.ok();
      if (ok) ++rejected_ok;
      else why = "Kusto rejects it: " + FirstLine(c["kusto_error"].dump());
    } else if (!r.ok()) {
      why = "error: " + FirstLine(r.status().message());
    } else {
      std::vector<std::string> columns;
      for (const auto& col : c["columns"]) {
        std::string s = col.get<std::string>();
        columns.push_back(s.substr(0, s.rfind(':')));
      }
      std::vector<std::vector<std::string>> rows;
      for (const auto& row : c["rows"]) {
        rows.push_back(RepairFlattenedRow(row.get<std::vector<std::string>>(), columns.size()));
      }
      std::string lower = Lower(query);
      bool ordered = lower.find("sort by") != std::string::npos ||
                     lower.find("order by") != std::string::npos ||
                     lower.find("| top ") != std::string::npos;
      bool complete = c.value("rows_complete", true);
      if (complete) {
        ok = ResultMatches(*r->table, columns, rows, ordered, &why);
      } else {
        ok = r->table->num_columns() == columns.size();
        if (!ok) why = "column count differs";
      }
    }
    if (ok) {
      ++passed;
      by_family[family].first++;
    } else {
      std::replace(why.begin(), why.end(), '\n', ' ');
      failures += c.value("id", "") + "\t" + why + "\n";
    }
  }
  std::printf("[ referee ] Kusto engine cases (outside scan): %zu/%zu match (%.1f%%); of the %zu "
              "Kusto rejects, Quarry rejects %zu\n", passed, run, 100.0 * passed / run,
              rejected_total, rejected_ok);
  for (const auto& [family, counts] : by_family) {
    std::printf("[ referee ]   %-24s %zu/%zu\n", family.c_str(), counts.first, counts.second);
  }
  if (const char* out = std::getenv("QUARRY_REFEREE_WRITE_ENGINE")) std::ofstream(out) << failures;
  EXPECT_GE(100.0 * passed / run, 85.0) << "issue 3's target for the Kusto engine cases";
}

TEST(Referee, SentinelQueries) {
  auto builtins = BuiltinSchemas();
  ASSERT_TRUE(builtins.ok()) << builtins.status().ToString();
  MemoryCatalog catalog;
  for (const auto& name : (*builtins)->TableNames()) catalog.AddEmpty(name, *(*builtins)->Find(name));
  Engine engine(catalog);
  std::istringstream in(ReadFile(SharedDir() + "/kql/sentinel_queries.jsonl"));
  size_t run = 0, bound = 0, executed = 0, index = 0;
  std::map<std::string, size_t> errors;
  std::string failures;
  for (std::string line; std::getline(in, line); ++index) {
    if (line.empty() || index % kStride != 0) continue;
    Json c = Json::parse(line);
    if (c.value("uses_externaldata", false)) continue;
    ++run;
    std::string query = c["query"].get<std::string>();
    auto check = engine.Check(query);
    if (check.ok()) ++bound;
    else {
      errors[StripPosition(FirstLine(check.status().message())).substr(0, 90)]++;
      failures += c.value("id", "") + "\t" + check.status().message() + "\n";
    }
    auto r = engine.Run(query, Options());
    if (r.ok()) ++executed;
  }
  std::printf("[ referee ] Sentinel queries (no externaldata): %zu/%zu parse and bind (%.1f%%), "
              "%zu/%zu execute on empty built-in tables (%.1f%%)\n", bound, run,
              100.0 * bound / run, executed, run, 100.0 * executed / run);
  if (const char* out = std::getenv("QUARRY_REFEREE_WRITE_SENTINEL")) std::ofstream(out) << failures;
  std::vector<std::pair<size_t, std::string>> top;
  for (const auto& [m, n] : errors) top.emplace_back(n, m);
  std::sort(top.rbegin(), top.rend());
  for (size_t i = 0; i < top.size() && i < 40; ++i) {
    std::printf("[ referee ]   %3zu x %s\n", top[i].first, top[i].second.c_str());
  }
  // Issue 3's targets hold over the whole corpus (referee_slow_tests); the 1-in-5 sample of
  // referee_tests has fewer queries, so one failure weighs five times more there.
  EXPECT_GE(100.0 * bound / run, QUARRY_REFEREE_FULL ? 97.0 : 95.0)
      << "issue 3's target for Sentinel parse+bind";
  EXPECT_GE(100.0 * executed / run, 95.0) << "issue 3's target for Sentinel execution";
}

}  // namespace
}  // namespace quarry::kql::referee
