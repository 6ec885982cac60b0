// Ingest: loads log files into a workspace in one atomic commit, in bounded memory.
//
// Each file's table is the one named in the options, else the `Type` column of its first
// records (as Log Analytics exports carry), else the built-in table whose columns best match the
// file's. Values are converted to the table's schema (the workspace's, else the built-in one);
// unknown columns are kept. Bad records and bad values go to quarantine.jsonl in the workspace,
// one JSON object a line: {"file","line","column"?,"reason","raw"}. All files are committed
// together at the end, or nothing is.
//
// Thread-compatible: one ingest per workspace at a time (the writer lock enforces it).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "schemas/builtin_schemas.h"
#include "store/record_reader.h"
#include "store/workspace.h"

namespace quarry::store {

inline constexpr std::string_view kQuarantineFile = "quarantine.jsonl";

struct IngestProgress {
  std::string file;
  uint64_t bytes_done = 0, bytes_total = 0;  // over all files
  uint64_t rows = 0;
};

struct IngestOptions {
  std::string table;  // "" = detect per file
  size_t batch_rows = 64 * 1024;
  // Threads parsing each file (ReaderOptions::threads); 0 = one per core. The result is the
  // same whatever the number.
  int threads = 0;
  // Called after every batch (may be empty).
  std::function<void(const IngestProgress&)> progress;
};

struct FileIngest {
  std::string file;
  std::string table;  // "" when the file could not be read
  FileFormat format = FileFormat::kAuto;
  uint64_t rows = 0, bad_records = 0, bad_values = 0;
  Status status;  // why the file was skipped, if it was
};

struct IngestSummary {
  std::vector<FileIngest> files;
  uint64_t rows = 0, bad_records = 0, bad_values = 0;
  std::string quarantine_path;  // "" when nothing was quarantined
};

// Picks the built-in table whose schema best covers `columns` (at least three names in common
// and most of the file's columns known), or nullopt.
std::optional<std::string> DetectTable(const std::vector<std::string>& columns,
                                       const SchemaRegistry& registry);

// Ingests `files` into `workspace`. A file that can't be opened or whose table can't be told is
// reported in its FileIngest and skipped; the others are committed. Errors: the writer lock is
// held, or writing the workspace failed (then nothing was committed).
Result<IngestSummary> IngestFiles(Workspace& workspace, const std::vector<std::string>& files,
                                  const IngestOptions& options);

}  // namespace quarry::store
