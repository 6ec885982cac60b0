// BatchBuilder: collects records into typed columns one row at a time, for the file readers
// (internal to the store). The schema only grows: a column first met mid-batch is null for the
// earlier rows, and later batches keep it. Nulls are materialised lazily: a column of the target
// schema with no value in a batch is left out of that batch's rows (wide built-in schemas are
// mostly empty), while columns found in the data are always present. Thread-compatible.
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

  // Starts from `schema`'s columns (the declared ones). REQUIRES: no rows yet.
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
    ColumnBuilder& b = builders_[col];
    while (b.size() < rows_) b.AppendNull();
    return b;
  }
  // Records that the value given for `col` in the current row was not usable.
  void BadValue(size_t col, std::string reason, std::string raw);
  // Ends the current row (columns not set in it are null).
  void EndRow() { ++rows_; }
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

  // The rows and text bytes of a column's last batch: when a batch's first row begins, its
  // builders reserve that and an eighth more, instead of growing by doubling (copying and
  // faulting in pages again for every batch).
  struct SizeHint {
    size_t rows = 0, bytes = 0;
  };
  void ReserveFromHint(size_t col);

  std::string file_;
  Schema schema_;
  std::unordered_map<std::string, SizeHint, Hash, std::equal_to<>> size_hints_;
  std::unordered_map<std::string, size_t, Hash, std::equal_to<>> index_;
  std::vector<ColumnBuilder> builders_;
  std::vector<bool> declared_;  // from SetSchema: may be left out of a batch
  std::vector<uint32_t> set_stamp_;
  uint32_t row_stamp_ = 0;
  size_t rows_ = 0;
  uint64_t line_ = 0;
  bool reserved_ = false;  // this batch's builders have reserved from size_hints_
  RecordBatch pending_;
};

}  // namespace quarry::store
