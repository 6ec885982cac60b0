// Runs every tests/kql/cases/*.test file (format: test_file.h) and reports per-file counts.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/time.h"
#include "kql/engine.h"
#include "test_file.h"

namespace quarry::kql::testing {
namespace {

std::string ReadAll(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every case once on one thread, then (AllFilesSplit) on three threads with morsels of a single
// row, so every operator that splits its input is checked against the same expected rows.
void RunAllFiles(int threads, size_t min_morsel_rows) {
  std::filesystem::path dir = std::filesystem::path(QUARRY_SOURCE_ROOT) / "tests/kql/cases";
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".test") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty());
  MemoryCatalog catalog;
  Engine engine(catalog);
  QueryOptions options;
  options.now_ticks = *ParseDatetime("2024-01-01T00:00:00Z");
  options.threads = threads;
  options.min_morsel_rows = min_morsel_rows;
  size_t total = 0, passed = 0;
  for (const auto& path : files) {
    TestFile file = ParseTestFile(ReadAll(path));
    size_t file_passed = 0;
    for (const auto& c : file.cases) {
      std::string where = path.filename().string() + ":" + std::to_string(c.line);
      auto r = engine.Run(file.prelude + c.query, options);
      bool ok = false;
      std::string got;
      if (c.expect_error) {
        ok = !r.ok() && r.status().message().find(c.error) != std::string::npos;
        got = r.ok() ? "a result of " + std::to_string(r->table->num_rows()) + " rows"
                     : r.status().message();
      } else if (!r.ok()) {
        got = r.status().message();
      } else {
        std::string columns = FormatColumns(r->table->schema());
        std::vector<std::string> rows = FormatRows(*r->table);
        std::vector<std::string> want = c.rows;
        if (c.rowsort) {
          std::sort(rows.begin(), rows.end());
          std::sort(want.begin(), want.end());
        }
        ok = columns == c.columns && rows == want;
        got = columns;
        for (const auto& row : rows) got += "\n" + row;
      }
      if (ok) {
        ++file_passed;
      } else {
        std::string want = c.expect_error ? "error: " + c.error : c.columns;
        for (const auto& row : c.rows) want += "\n" + row;
        ADD_FAILURE() << where << "\nquery:\n" << c.query << "expected:\n" << want
                      << "\ngot:\n" << got;
      }
    }
    std::printf("[ kql cases ] %-32s %zu/%zu passed\n", path.filename().c_str(), file_passed,
                file.cases.size());
    total += file.cases.size();
    passed += file_passed;
  }
  std::printf("[ kql cases ] total %zu/%zu passed\n", passed, total);
}

TEST(KqlCases, AllFiles) { RunAllFiles(1, 0); }
TEST(KqlCases, AllFilesSplit) { RunAllFiles(3, 1); }

}  // namespace
}  // namespace quarry::kql::testing
