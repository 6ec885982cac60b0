// Schema and Table: named, typed columns of equal length.
//
// A Table is an immutable value once built: columns are shared (std::shared_ptr<const Column>),
// so projecting or renaming copies no data. Safe to read from many threads.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "table/column.h"
#include "table/type.h"

namespace quarry {

struct Field {
  std::string name;
  Type type;
  bool operator==(const Field&) const = default;
};

class Schema {
 public:
  Schema() = default;
  explicit Schema(std::vector<Field> fields) : fields_(std::move(fields)) {}

  const std::vector<Field>& fields() const { return fields_; }
  size_t size() const { return fields_.size(); }
  const Field& field(size_t i) const { return fields_[i]; }

  // Index of the column named exactly `name` (KQL names are case-sensitive), or nullopt.
  std::optional<size_t> IndexOf(std::string_view name) const;
  void Add(Field f) { fields_.push_back(std::move(f)); }

  // "(TimeGenerated:datetime, DeviceName:string)"
  std::string ToString() const;
  bool operator==(const Schema&) const = default;

 private:
  std::vector<Field> fields_;
};

class Table;
using TablePtr = std::shared_ptr<const Table>;

class Table {
 public:
  Table() = default;
  // REQUIRES: columns.size() == schema.size(), every column of the schema's type and `num_rows`
  // long. Use Make() to have that checked.
  Table(Schema schema, std::vector<ColumnPtr> columns, size_t num_rows)
      : schema_(std::move(schema)), columns_(std::move(columns)), num_rows_(num_rows) {}

  static Result<TablePtr> Make(Schema schema, std::vector<ColumnPtr> columns);
  static TablePtr Empty(Schema schema);

  const Schema& schema() const { return schema_; }
  size_t num_rows() const { return num_rows_; }
  size_t num_columns() const { return columns_.size(); }
  const ColumnPtr& column(size_t i) const { return columns_[i]; }
  const std::vector<ColumnPtr>& columns() const { return columns_; }
  // The column named `name`, or nullptr.
  ColumnPtr ColumnByName(std::string_view name) const;

  size_t MemoryBytes() const;

 private:
  Schema schema_;
  std::vector<ColumnPtr> columns_;
  size_t num_rows_ = 0;
};

// Builds a table row by row (tests, datatable, ingest).
class TableBuilder {
 public:
  explicit TableBuilder(Schema schema);
  const Schema& schema() const { return schema_; }
  size_t num_rows() const { return rows_; }
  ColumnBuilder& column(size_t i) { return builders_[i]; }
  // Call after appending exactly one value to every column.
  void FinishRow() { ++rows_; }
  // REQUIRES: row.size() == schema().size(); each value null or of the column's type.
  void AppendRow(const std::vector<Value>& row);
  TablePtr Finish();

 private:
  Schema schema_;
  std::vector<ColumnBuilder> builders_;
  size_t rows_ = 0;
};

}  // namespace quarry
