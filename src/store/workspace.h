// Workspace: the embedded log store on disk (a directory), read and appended to atomically.
//
// A workspace holds tables of the built-in schemas and custom ones, each stored as immutable
// columnar segments partitioned by time, listed in a manifest that is replaced atomically on
// commit (docs/FORMAT.md). Readers see the snapshot committed when they opened (or last called
// Refresh()); a Writer's appends become visible all at once on Commit(), or not at all. Every
// stored row gets a stable id, exposed as the hidden column `_ItemId` (string).
//
// Thread-safety: a Workspace may be read from many threads; one Writer at a time per workspace
// (a lock file enforces it across processes).
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

inline constexpr std::string_view kItemIdColumn = "_ItemId";

struct ReadOptions {
  std::vector<std::string> columns;    // empty: all (hidden ones only when named)
  std::optional<int64_t> min_time;     // inclusive bounds on the table's time column; segments
  std::optional<int64_t> max_time;     // entirely outside are skipped
};

struct ReadStats {
  size_t segments_total = 0;
  size_t segments_read = 0;
  size_t rows_read = 0;
};

struct TableInfo {
  std::string name;
  Schema schema;
  std::string time_column;  // "" when the table has none
  uint64_t rows = 0;
  std::optional<int64_t> min_time, max_time;
};

// A quarter of physical memory, at least 256 MiB (see WorkspaceOptions::column_cache_bytes).
size_t DefaultColumnCacheBytes();

struct WorkspaceOptions {
  Env* env = nullptr;               // null: Env::Default(); tests inject faults here
  size_t segment_rows = 1 << 20;    // a writer flushes a (table, day) segment at this many rows
  size_t max_buffered_rows = 4 << 20;  // and flushes its largest buffer beyond this many rows
  size_t max_buffered_bytes = 256 << 20;  // or this much memory in all
  // Decoded columns kept in memory between reads (least recently used out first), so repeated
  // hunts over the same days do not decompress again. 0 turns the cache off. The default is a
  // quarter of the machine's physical memory (at least 256 MiB): a month of telemetry decoded
  // is several GiB, and a cache smaller than a query's working set decodes everything on
  // every run.
  size_t column_cache_bytes = DefaultColumnCacheBytes();
};

class Writer;

class Workspace {
 public:
  // Opens the workspace at `dir`; with create=true makes it when missing. A missing directory
  // without create is NotFound naming the directory.
  static Result<std::unique_ptr<Workspace>> Open(const std::string& dir, bool create);
  static Result<std::unique_ptr<Workspace>> Open(const std::string& dir, bool create,
                                                 const WorkspaceOptions& options);
  virtual ~Workspace() = default;

  virtual const std::string& dir() const = 0;
  virtual std::vector<TableInfo> Tables() const = 0;
  virtual std::optional<TableInfo> FindTable(std::string_view name) const = 0;
  virtual Result<TablePtr> Read(std::string_view table, const ReadOptions& options,
                                ReadStats* stats) const = 0;
  // Picks up commits made since open (by this or another process).
  virtual Status Refresh() = 0;
  // Starts an atomic append. Fails with FailedPrecondition if another writer holds the lock.
  // Also removes what an interrupted writer left behind (segments no commit refers to).
  // REQUIRES: the Workspace outlives the Writer.
  virtual Result<std::unique_ptr<Writer>> BeginWrite() = 0;
};

class Writer {
 public:
  virtual ~Writer() = default;
  // Appends rows to `table` (created with rows' schema if new; columns missing from the stored
  // schema are added, columns missing from `rows` are null). Nothing is visible before Commit().
  // Returns the item id given to the first row; the rows get consecutive ids from it, unique
  // across the workspace, and `_ItemId` is that number in decimal text.
  virtual Result<uint64_t> Append(std::string_view table, const Table& rows) = 0;
  // Makes every Append visible atomically (fsync'd); without Commit nothing is kept. After an
  // error nothing more is committed by this Writer (the workspace keeps its last commit).
  // A Writer may append and commit again after a successful Commit.
  virtual Status Commit() = 0;
  // The schema `table` will have once the appends so far are committed, or nullopt for a table
  // that neither exists nor was appended to.
  virtual std::optional<Schema> TableSchema(std::string_view table) const = 0;
};

}  // namespace quarry::store
