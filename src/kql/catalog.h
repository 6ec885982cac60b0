// Catalog: the only door through which the KQL engine reads data.
//
// The engine asks a Catalog for table schemas while binding and for table data while executing;
// it does no other I/O. Implementations: MemoryCatalog (tables held in memory: tests, `quarry
// query --file`), the local workspace (sources/), and remote sources. Implementations must be
// safe to call from several threads at once.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "table/table.h"

namespace quarry::kql {

// What the executor wants from one table. Every field is a hint the catalog may ignore: the
// executor still applies the query's own filters to whatever comes back.
struct ScanRequest {
  std::string table;
  // Columns the query reads; empty means all.
  std::vector<std::string> columns;
  // Inclusive tick bounds on `time_column` implied by the query's filters, when known. A catalog
  // that partitions by time skips partitions entirely outside [min_time, max_time].
  std::string time_column;
  std::optional<int64_t> min_time;
  std::optional<int64_t> max_time;
};

struct ScanStats {
  size_t partitions_total = 0;
  size_t partitions_read = 0;
  size_t rows_read = 0;
};

class Catalog {
 public:
  virtual ~Catalog() = default;

  // The schema of `table` (exact name; a catalog may also accept a case-insensitive match and
  // then report the canonical name via CanonicalName), or nullopt when there is no such table.
  virtual std::optional<Schema> GetSchema(std::string_view table) const = 0;
  virtual std::optional<std::string> CanonicalName(std::string_view table) const {
    return GetSchema(table) ? std::optional<std::string>(std::string(table)) : std::nullopt;
  }
  // Hidden columns of `table` (Log Analytics style, e.g. `_ItemId`, the stable id of a stored
  // row): resolvable by name in a query, returned by Scan when asked for by name, never part of
  // `*`, `take` or `getschema` output.
  virtual std::vector<Field> HiddenColumns(std::string_view /*table*/) const { return {}; }
  // Every table name, for wildcards (`union Device*`) and "did you mean" suggestions.
  virtual std::vector<std::string> TableNames() const = 0;
  // The table's rows (see ScanRequest). `stats` may be null.
  virtual Result<TablePtr> Scan(const ScanRequest& request, ScanStats* stats) const = 0;
};

// Tables held in memory, by name. Not thread-safe while being filled; safe to read afterwards.
class MemoryCatalog : public Catalog {
 public:
  void Add(std::string name, TablePtr table) { tables_[std::move(name)] = std::move(table); }
  // Declares a table with a schema and no rows (binding against known schemas).
  void AddEmpty(std::string name, Schema schema) {
    tables_[std::move(name)] = Table::Empty(std::move(schema));
  }

  std::optional<Schema> GetSchema(std::string_view table) const override {
    auto it = tables_.find(table);
    if (it == tables_.end()) return std::nullopt;
    return it->second->schema();
  }
  std::vector<std::string> TableNames() const override {
    std::vector<std::string> names;
    for (const auto& [name, t] : tables_) names.push_back(name);
    return names;
  }
  Result<TablePtr> Scan(const ScanRequest& request, ScanStats* stats) const override {
    auto it = tables_.find(request.table);
    if (it == tables_.end()) return NotFound("table '" + request.table + "' not found");
    if (stats) {
      stats->partitions_total += 1;
      stats->partitions_read += 1;
      stats->rows_read += it->second->num_rows();
    }
    return it->second;
  }

 private:
  std::map<std::string, TablePtr, std::less<>> tables_;
};

}  // namespace quarry::kql
