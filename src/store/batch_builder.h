// BatchBuilder: collects records into typed columns one row at a time, for the file readers
// (internal to the store). The schema only grows: a column first met mid-batch is added with
// nulls for the earlier rows, and later batches keep it. Thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/record_reader.h"
#include "table/column.h"
#include "table/table.h"

namespace quarry::store {

class BatchBuilder {
 public:
  explicit BatchBuilder(std::string file) : file_(std::move(file)) {}

  // Starts from `schema`'s columns. REQUIRES: no rows yet.
  void SetSchema(const Schema& schema);
  const Schema& schema() const { return schema_; }
  std::optional<size_t> Find(std::string_view name) const;
  // Adds column `name` of `type`, null for the rows so far; returns its index.
  size_t AddColumn(std::string name, Type type);

  void BeginRow(uint64_t line);
  // True when column `col` already has a value in the current row.
  bool IsSet(size_t col) const { return set_stamp_[col] == row_stamp_; }
  // Marks `col` set in the current row and returns its builder, for exactly one append.
  ColumnBuilder& Set(size_t col) {
    set_stamp_[col] = row_stamp_;
    return builders_[col];
  }
  // Records that the value given for `col` in the current row was not usable.
  void BadValue(size_t col, std::string reason, std::string raw);
  // Appends null to every column not set in the current row.
  void EndRow();
  // Records a whole record that could not be read.
  void RejectRecord(uint64_t line, std::string reason, std::string raw);

  size_t rows() const { return rows_; }
  uint64_t current_line() const { return line_; }
  // The rows and rejections so far; the builder starts an empty batch with the same schema.
  RecordBatch Finish();

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };

  std::string file_;
  Schema schema_;
  std::unordered_map<std::string, size_t, Hash, std::equal_to<>> index_;
  std::vector<ColumnBuilder> builders_;
  std::vector<uint32_t> set_stamp_;
  uint32_t row_stamp_ = 0;
  size_t rows_ = 0;
  uint64_t line_ = 0;
  RecordBatch pending_;
};

}  // namespace quarry::store
