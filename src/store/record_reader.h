// RecordReader: reads a log file (JSON lines, a JSON array, CSV with a header line, or a Log
// Analytics query-API / Sentinel export) as a stream of typed row batches, in bounded memory.
//
// Each record becomes one row. Values are converted to the target schema's types (SetSchema);
// columns the schema does not name are kept, typed by inference from the first records. A record
// that can't be read at all (broken JSON, not an object, wrong number of CSV fields) is rejected
// whole; a value that can't be converted becomes null and is rejected on its own (a warning). Each
// rejection carries the file, the line the record starts on, the reason and the original text, so
// nothing is lost. Log Analytics exports are one JSON document and are read whole.
//
// Thread-compatible: one thread uses a reader at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "store/env.h"
#include "table/table.h"

namespace quarry::store {

enum class FileFormat { kAuto, kJsonLines, kJsonArray, kCsv, kLogAnalytics };

std::string_view FileFormatName(FileFormat format);

// One record or value that did not make it into the rows as written.
struct Rejection {
  std::string file;
  uint64_t line = 0;    // 1-based line where the record starts; 0 when unknown
  std::string column;   // the column of a bad value; "" for a whole bad record
  std::string reason;
  std::string raw;      // the record's text (bad record) or the value's text (bad value)
};

struct RecordBatch {
  // The rows. Columns of the target schema (SetSchema) that are null in every row of the batch
  // may be left out; columns found in the data are always there.
  TablePtr rows;
  // Every column known so far: the target schema's, then those found in the data.
  Schema schema;
  // Bad records and bad values met while reading this batch, in file order.
  std::vector<Rejection> rejections;
  uint64_t bad_records = 0;
  uint64_t bad_values = 0;
};

struct ReaderOptions {
  FileFormat format = FileFormat::kAuto;
  size_t batch_rows = 64 * 1024;
  size_t sample_rows = 1000;  // records looked at to infer column types
  // Threads parsing JSON lines, JSON arrays and CSV: batches of records are parsed ahead on
  // `threads` workers (at most threads + 1 batches in memory); the batches are the same as with
  // one thread, which parses on the caller's.
  int threads = 1;
  Env* env = nullptr;         // null: Env::Default()
};

class RecordReader {
 public:
  // Opens `path` and reads its first records to learn the columns. NotFound when missing;
  // InvalidArgument when the file is a JSON document of no known shape.
  static Result<std::unique_ptr<RecordReader>> Open(const std::string& path,
                                                    const ReaderOptions& options);
  virtual ~RecordReader() = default;

  virtual FileFormat format() const = 0;
  // Columns of the first records in first-seen order, with inferred (or, for Log Analytics
  // exports, declared) types.
  virtual const Schema& sample_schema() const = 0;
  // The text of the `Type` column in the first record that has one (Log Analytics names the
  // table there), or nullopt.
  virtual std::optional<std::string> sample_table_type() const = 0;
  // Converts values to `schema`'s column types; other columns keep their inferred types and
  // follow the schema's columns. Without a call, the sample schema is used.
  // REQUIRES: before the first Next().
  virtual void SetSchema(const Schema& schema) = 0;
  // The next batch of up to batch_rows rows (its schema may gain columns from batch to batch),
  // or nullopt at the end of the file. Errors are I/O errors only.
  virtual Result<std::optional<RecordBatch>> Next() = 0;
  // Bytes consumed so far and the file's size (for progress).
  virtual uint64_t bytes_read() const = 0;
  virtual uint64_t file_size() const = 0;
};

}  // namespace quarry::store
