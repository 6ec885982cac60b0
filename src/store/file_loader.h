// LoadTableFile: one log file (CSV with a header, JSON lines, a JSON array, or a Log Analytics
// query-API / Sentinel export) read whole into an in-memory Table — for `quarry query --file` and
// tests. Streaming ingest uses RecordReader directly.
//
// With a schema, values are converted to its column types and columns it lacks are appended with
// inferred types (never dropped); without one, the schema is inferred from the first records.
// Bad records are left out and bad values become null; both are listed in the report with their
// line numbers and original text. Thread-safe (no shared state).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/record_reader.h"
#include "table/table.h"

namespace quarry::store {

struct LoadReport {
  FileFormat format = FileFormat::kAuto;
  uint64_t rows = 0;         // rows in the table
  uint64_t bad_records = 0;  // records left out
  uint64_t bad_values = 0;   // values replaced by null (warnings)
  std::vector<Rejection> rejections;  // every bad record and bad value, in file order
  std::optional<std::string> table_type;  // the first record's `Type` value, if any
};

// Reads `path` into a table. `report` may be null. Errors: the file can't be opened or read, or
// is a JSON document of no known shape (bad records alone are not errors).
Result<TablePtr> LoadTableFile(const std::string& path, const std::optional<Schema>& schema,
                               LoadReport* report);

// The union of `schemas` by column name, in first-seen order. InvalidArgument when a column has
// two types.
Result<Schema> UnionSchema(const std::vector<const Schema*>& schemas);

// Rows of `tables` one after another, under the union of their schemas (the columns of `order`
// first when given, then others in first-seen order; a table lacking a column gets nulls).
// InvalidArgument when a column has two types.
Result<TablePtr> ConcatTables(const std::vector<TablePtr>& tables, const Schema* order = nullptr);

}  // namespace quarry::store
