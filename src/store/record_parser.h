// RecordParser: turns the records of a JSON-lines, JSON-array or CSV file (already split, one
// record's text at a time) into rows of a BatchBuilder, rejecting what can't be read (internal to
// the store's chunked reader). Given the same starting columns and the same records, its batches
// are the same whatever thread runs it, which is what lets the reader parse chunks of a file on
// several threads and still produce exactly the rows a single thread would.
//
// Thread-compatible: one parser per thread.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "store/batch_builder.h"

namespace quarry::store {

// Splits one CSV record into its fields (RFC 4180 quotes; text after a closing quote is kept, as
// spreadsheets do). Unquoted fields point into `record`, quoted ones into `scratch`.
void SplitCsvFields(std::string_view record, std::vector<std::string_view>* fields,
                    std::deque<std::string>* scratch);

// True when `s` holds only blanks (space, tab, CR, LF): a record that is skipped.
bool AllBlank(std::string_view s);

class RecordParser {
 public:
  RecordParser(std::string file, bool csv) : csv_(csv), builder_(std::move(file)) {}

  // Starts from `schema`: its first `declared` columns are the target schema's (left out of a
  // batch when empty), the rest were found in the data. `csv_columns` maps the CSV header's
  // fields to columns of `schema` (empty for JSON). REQUIRES: no rows pending.
  void Reset(const Schema& schema, size_t declared, std::vector<size_t> csv_columns);

  // Adds the record starting on `line` to the batch, or rejects it. Blank records are skipped.
  // REQUIRES: simdjson::SIMDJSON_PADDING readable bytes after `record` (JSON).
  void Parse(std::string_view record, uint64_t line);

  BatchBuilder& builder() { return builder_; }
  const Schema& schema() const { return builder_.schema(); }
  RecordBatch Finish() { return builder_.Finish(); }

 private:
  void ParseJson(std::string_view record, uint64_t line);
  void ParseCsv(std::string_view record, uint64_t line);

  bool csv_;
  simdjson::dom::parser parser_;
  BatchBuilder builder_;
  std::vector<size_t> slot_cache_;  // JSON: column of the k-th key of the previous record
  std::vector<size_t> csv_columns_;
  std::vector<std::string_view> csv_fields_;
  std::deque<std::string> csv_scratch_;
};

}  // namespace quarry::store
