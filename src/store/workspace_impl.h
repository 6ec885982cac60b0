// The Workspace implementation shared by workspace.cc (reading) and writer.cc (appending).
// Internal to the store. Thread-safe: the committed manifest is an immutable snapshot swapped
// under a mutex; opened segments are cached under another.
#pragma once

#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "store/manifest.h"
#include "store/segment.h"
#include "store/workspace.h"

namespace quarry::store {

class WorkspaceImpl : public Workspace {
 public:
  WorkspaceImpl(std::string dir, const WorkspaceOptions& options, Manifest manifest);

  const std::string& dir() const override { return dir_; }
  std::vector<TableInfo> Tables() const override;
  std::optional<TableInfo> FindTable(std::string_view name) const override;
  Result<TablePtr> Read(std::string_view table, const ReadOptions& options,
                        ReadStats* stats) const override;
  Status Refresh() override;
  Result<std::unique_ptr<Writer>> BeginWrite() override;

  Env* env() const { return env_; }
  const WorkspaceOptions& options() const { return options_; }
  std::shared_ptr<const Manifest> snapshot() const;
  void Install(Manifest manifest);
  std::string PathOf(std::string_view relative) const { return dir_ + "/" + std::string(relative); }

 private:
  Result<std::shared_ptr<const SegmentFile>> OpenSegment(uint64_t id) const;
  Result<ColumnPtr> ReadColumn(const Field& field,
                               const std::vector<std::shared_ptr<const SegmentFile>>& segments,
                               size_t total_rows) const;

  // The decoded-column cache (WorkspaceOptions::column_cache_bytes). Segments are immutable, so
  // a column read from a given list of segment ids never changes; the key names both.
  ColumnPtr CachedColumn(const std::string& key) const;
  void CacheColumn(const std::string& key, const ColumnPtr& column) const;

  std::string dir_;
  WorkspaceOptions options_;
  Env* env_;
  mutable std::mutex mu_;
  std::shared_ptr<const Manifest> manifest_;
  mutable std::mutex segments_mu_;
  mutable std::map<uint64_t, std::shared_ptr<const SegmentFile>> segments_;
  struct CacheEntry {
    ColumnPtr column;
    size_t bytes = 0;
    std::list<std::string>::iterator lru;
  };
  mutable std::mutex cache_mu_;
  mutable std::unordered_map<std::string, CacheEntry> cache_;
  mutable std::list<std::string> lru_;  // most recently used first
  mutable size_t cache_bytes_ = 0;
};

// The time column a new table gets: TimeGenerated, else Timestamp (datetime, preferring one
// with values in `rows`), else none.
std::string ChooseTimeColumn(const Table& rows);

Result<std::unique_ptr<Writer>> NewWriter(WorkspaceImpl* workspace);

}  // namespace quarry::store
