// Engine: runs KQL text against a Catalog and returns one result table.
//
//   MemoryCatalog catalog;  catalog.Add("T", table);
//   Engine engine(catalog);
//   QUARRY_ASSIGN_OR_RETURN(QueryResult r, engine.Run("T | where x > 1 | count"));
//
// Pipeline: parse (parser.h) -> bind each operator's expressions against its input schema
// (names, types and functions resolved; errors positioned with a caret and "did you mean") ->
// execute vectorized over columns, splitting large scans into morsels run on several threads.
// Check() parses and binds without reading data: it runs the query over empty tables of the
// catalog's schemas, so every name and type is checked exactly as a real run would.
//
// An Engine holds only references; it is safe to call Run() from several threads at once when
// the catalog is (catalogs must be thread-safe; see catalog.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "kql/catalog.h"
#include "kql/diagnostic.h"
#include "kql/function_registry.h"
#include "table/table.h"

namespace quarry::kql {

struct QueryOptions {
  std::optional<int64_t> now_ticks;  // now()/ago(); default: the system clock at start
  int threads = 0;                    // 0: QUARRY_THREADS, else one per hardware thread
  // Smallest row range a scan is split into for the threads (0: the default, 16384). Tests
  // lower it to run small tables in many morsels.
  size_t min_morsel_rows = 0;
  size_t max_result_rows = 0;         // 0: no cap; else results larger than this are an error
  // Types only: generators (`range`) produce no rows, so checking a query never does its work.
  bool schema_only = false;
};

struct QueryResult {
  TablePtr table;
  std::vector<std::string> notes;  // e.g. "render is ignored: Quarry prints tables"
  ScanStats stats;
};

class Engine {
 public:
  explicit Engine(const Catalog& catalog);
  Engine(const Catalog& catalog, const FunctionRegistry& registry);

  // On error the Status message is positioned ("line 1, col 12: ..." plus the line and a caret);
  // `diagnostic` (if given) receives the raw position and message.
  Result<QueryResult> Run(std::string_view query, const QueryOptions& options = {},
                          Diagnostic* diagnostic = nullptr) const;

  // Parses and binds without reading data. Returns the result schema.
  Result<Schema> Check(std::string_view query, Diagnostic* diagnostic = nullptr) const;

 private:
  const Catalog& catalog_;
  const FunctionRegistry& registry_;
};

// A catalog with another catalog's schemas and no rows (Check(), `quarry query --check`).
class SchemaOnlyCatalog : public Catalog {
 public:
  explicit SchemaOnlyCatalog(const Catalog& inner) : inner_(inner) {}
  std::optional<Schema> GetSchema(std::string_view table) const override {
    return inner_.GetSchema(table);
  }
  std::optional<std::string> CanonicalName(std::string_view table) const override {
    return inner_.CanonicalName(table);
  }
  std::vector<Field> HiddenColumns(std::string_view table) const override {
    return inner_.HiddenColumns(table);
  }
  std::vector<std::string> TableNames() const override { return inner_.TableNames(); }
  Result<TablePtr> Scan(const ScanRequest& request, ScanStats* stats) const override;

 private:
  const Catalog& inner_;
};

}  // namespace quarry::kql
