// Scans read only the columns a query can use: the executor's ScanRequest names them when the
// pipeline after the scan ends in an operator that keeps only named columns, and asks for all of
// them otherwise. Results are the same either way; a failing query reports against the full
// schema.
#include <gtest/gtest.h>

#include <mutex>

#include "kql/engine.h"

namespace quarry::kql {
namespace {

// A MemoryCatalog that records the columns each scan asked for.
class RecordingCatalog : public Catalog {
 public:
  RecordingCatalog() {
    ColumnBuilder a(Type::kLong), b(Type::kString), c(Type::kString);
    for (int i = 0; i < 6; ++i) {
      a.AppendLong(i);
      b.AppendString(i % 2 ? "odd" : "even");
      c.AppendString("row" + std::to_string(i));
    }
    Schema schema({Field{"A", Type::kLong}, Field{"B", Type::kString}, Field{"C", Type::kString}});
    inner_.Add("T", std::make_shared<const Table>(schema, std::vector<ColumnPtr>{a.Finish(),
                                                      b.Finish(), c.Finish()}, 6));
  }
  std::optional<Schema> GetSchema(std::string_view t) const override { return inner_.GetSchema(t); }
  std::vector<std::string> TableNames() const override { return inner_.TableNames(); }
  Result<TablePtr> Scan(const ScanRequest& request, ScanStats* stats) const override {
    {
      std::lock_guard lock(mu_);
      requests_.push_back(request.columns);
    }
    if (!fail_with_.ok()) return fail_with_;
    QUARRY_ASSIGN_OR_RETURN(TablePtr all, inner_.Scan(request, stats));
    if (request.columns.empty()) return all;
    Schema s;
    std::vector<ColumnPtr> cols;
    for (const auto& name : request.columns) {
      auto i = all->schema().IndexOf(name);
      if (!i) return NotFound("no column " + name);
      s.Add(all->schema().field(*i));
      cols.push_back(all->column(*i));
    }
    return std::make_shared<const Table>(std::move(s), std::move(cols), all->num_rows());
  }
  void FailScansWith(Status status) { fail_with_ = std::move(status); }
  std::vector<std::vector<std::string>> Requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }

 private:
  MemoryCatalog inner_;
  Status fail_with_;
  mutable std::mutex mu_;
  mutable std::vector<std::vector<std::string>> requests_;
};

using Columns = std::vector<std::string>;

Columns FirstScan(const char* query, int64_t* rows = nullptr) {
  RecordingCatalog catalog;
  Engine engine(catalog);
  auto r = engine.Run(query);
  EXPECT_TRUE(r.ok()) << query << ": " << r.status().message();
  if (!r.ok() || catalog.Requests().empty()) return {"<failed>"};
  if (rows) *rows = static_cast<int64_t>(r->table->num_rows());
  return catalog.Requests()[0];
}

TEST(ColumnPruning, SummarizeReadsOnlyTheColumnsItNames) {
  EXPECT_EQ(FirstScan("T | where A > 1 | summarize n = count() by B"), (Columns{"A", "B"}));
  EXPECT_EQ(FirstScan("T | extend x = strlen(C) | project x"), (Columns{"C"}));
  EXPECT_EQ(FirstScan("T | distinct B"), (Columns{"B"}));
}

TEST(ColumnPruning, CountReadsOneColumnForTheRowCount) {
  int64_t rows = -1;
  EXPECT_EQ(FirstScan("T | count", &rows), (Columns{"A"}));
  EXPECT_EQ(rows, 1);
}

TEST(ColumnPruning, OperatorsThatNeedEveryColumnReadThemAll) {
  EXPECT_EQ(FirstScan("T | where A > 1"), Columns{});               // output is the whole row
  EXPECT_EQ(FirstScan("T | take 2 | getschema"), Columns{});
  EXPECT_EQ(FirstScan("T | summarize arg_max(A, *) by B"), Columns{});
  EXPECT_EQ(FirstScan("T | search \"odd\" | count"), Columns{});
  EXPECT_EQ(FirstScan("T | project-away C"), Columns{});
}

TEST(ColumnPruning, ResultsEqualAnUnprunedRun) {
  RecordingCatalog catalog;
  Engine engine(catalog);
  auto r = engine.Run("T | where A >= 2 | summarize n = count(), s = sum(A) by B | order by B asc");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->table->num_rows(), 2u);
  EXPECT_EQ(r->table->column(0)->GetValue(0).ToString(), "even");
  EXPECT_EQ(r->table->column(1)->GetValue(0).ToString(), "2");  // A = 2, 4
  EXPECT_EQ(r->table->column(2)->GetValue(0).ToString(), "6");
  EXPECT_EQ(r->table->column(1)->GetValue(1).ToString(), "2");  // A = 3, 5
  EXPECT_EQ(r->table->column(2)->GetValue(1).ToString(), "8");
}

TEST(ColumnPruning, ErrorsNameEveryColumnOfTheTable) {
  RecordingCatalog catalog;
  Engine engine(catalog);
  auto r = engine.Run("T | summarize n = count() by Cc");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("did you mean 'C'"), std::string::npos)
      << r.status().message();
}

TEST(ColumnPruning, OnlySemanticErrorsRunTheQueryAgainUnpruned) {
  RecordingCatalog catalog;
  Engine engine(catalog);
  ASSERT_FALSE(engine.Run("T | summarize n = count() by Cc").ok());
  EXPECT_EQ(catalog.Requests().size(), 2u);  // pruned, then every column for the message

  RecordingCatalog failing;
  failing.FailScansWith(Unavailable("the store is offline"));
  Engine failing_engine(failing);
  auto r = failing_engine.Run("T | summarize n = count() by B");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(failing.Requests().size(), 1u);  // not read a second time
}

}  // namespace
}  // namespace quarry::kql
