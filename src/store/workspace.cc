#include "store/workspace.h"

#include <unistd.h>

#include <algorithm>

#include "common/thread_pool.h"
#include "store/workspace_impl.h"

namespace quarry::store {
namespace {

TableInfo InfoOf(const TableEntry& t) {
  TableInfo info{t.name, t.schema, t.time_column, 0, std::nullopt, std::nullopt};
  for (const auto& s : t.segments) {
    info.rows += s.rows;
    if (s.min_time) {
      info.min_time = info.min_time ? std::min(*info.min_time, *s.min_time) : *s.min_time;
      info.max_time = info.max_time ? std::max(*info.max_time, *s.max_time) : *s.max_time;
    }
  }
  return info;
}

bool Overlaps(const SegmentEntry& s, const ReadOptions& o) {
  if (!o.min_time && !o.max_time) return true;
  if (!s.min_time) return false;  // no time values at all: no row can match a time bound
  if (o.min_time && *s.max_time < *o.min_time) return false;
  if (o.max_time && *s.min_time > *o.max_time) return false;
  return true;
}

}  // namespace

Result<std::unique_ptr<Workspace>> Workspace::Open(const std::string& dir, bool create) {
  return Open(dir, create, WorkspaceOptions());
}

Result<std::unique_ptr<Workspace>> Workspace::Open(const std::string& dir, bool create,
                                                   const WorkspaceOptions& options) {
  Env* env = options.env ? options.env : Env::Default();
  if (!env->FileExists(dir)) {
    if (!create) {
      return NotFound("workspace '" + dir +
                      "' does not exist (create it with `quarry ingest` or `quarry demo init`, "
                      "or point --workspace / $QUARRY_DATA at one)");
    }
    QUARRY_RETURN_IF_ERROR(env->CreateDir(dir));
  }
  QUARRY_ASSIGN_OR_RETURN(Manifest manifest, LoadManifest(env, dir));
  return std::unique_ptr<Workspace>(
      std::make_unique<WorkspaceImpl>(dir, options, std::move(manifest)));
}

WorkspaceImpl::WorkspaceImpl(std::string dir, const WorkspaceOptions& options, Manifest manifest)
    : dir_(std::move(dir)),
      options_(options),
      env_(options.env ? options.env : Env::Default()),
      manifest_(std::make_shared<const Manifest>(std::move(manifest))) {}

std::shared_ptr<const Manifest> WorkspaceImpl::snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  return manifest_;
}

void WorkspaceImpl::Install(Manifest manifest) {
  auto next = std::make_shared<const Manifest>(std::move(manifest));
  std::lock_guard<std::mutex> lock(mu_);
  if (next->commit >= manifest_->commit) manifest_ = std::move(next);
}

std::vector<TableInfo> WorkspaceImpl::Tables() const {
  auto m = snapshot();
  std::vector<TableInfo> out;
  for (const auto& t : m->tables) out.push_back(InfoOf(t));
  return out;
}

std::optional<TableInfo> WorkspaceImpl::FindTable(std::string_view name) const {
  auto m = snapshot();
  const TableEntry* t = m->Find(name);
  if (t == nullptr) return std::nullopt;
  return InfoOf(*t);
}

Status WorkspaceImpl::Refresh() {
  QUARRY_ASSIGN_OR_RETURN(Manifest m, LoadManifest(env_, dir_));
  Install(std::move(m));
  return Status::Ok();
}

Result<std::unique_ptr<Writer>> WorkspaceImpl::BeginWrite() { return NewWriter(this); }

Result<std::shared_ptr<const SegmentFile>> WorkspaceImpl::OpenSegment(uint64_t id) const {
  {
    std::lock_guard<std::mutex> lock(segments_mu_);
    auto it = segments_.find(id);
    if (it != segments_.end()) return it->second;
  }
  QUARRY_ASSIGN_OR_RETURN(auto segment, SegmentFile::Open(env_, PathOf(SegmentFileName(id))));
  std::lock_guard<std::mutex> lock(segments_mu_);
  segments_.emplace(id, segment);
  return segment;
}

Result<ColumnPtr> WorkspaceImpl::ReadColumn(
    const Field& field, const std::vector<std::shared_ptr<const SegmentFile>>& segments,
    size_t total_rows) const {
  bool hidden_id = field.name == kItemIdColumn;
  Type stored_type = hidden_id ? Type::kLong : field.type;
  // Each segment's part of the column (null where a segment predates it), found once.
  std::vector<const SegmentColumn*> stored(segments.size());
  bool dictionary = stored_type == Type::kString || stored_type == Type::kGuid;
  for (size_t s = 0; s < segments.size(); ++s) {
    const SegmentColumn* col = stored[s] = segments[s]->FindColumn(field.name);
    if (col == nullptr) continue;
    if (col->type != stored_type) {
      return DataLoss("column '" + field.name + "' is stored as " +
                      std::string(TypeName(col->type)) + " but the manifest says " +
                      std::string(TypeName(stored_type)));
    }
    if (col->encoding != Encoding::kDictionary) dictionary = false;
  }
  // Sized up front from the footers (a plain text column's bytes are its chars part), so the
  // output is not grown by doubling: copied again, and its pages faulted in again, each time.
  size_t text_bytes = 0;
  for (const SegmentColumn* col : stored) {
    if (!dictionary && col && col->encoding == Encoding::kPlain && col->parts.size() > 2) {
      text_bytes += col->parts[2].raw_size;
    }
  }
  ColumnAssembler assembler(stored_type, dictionary);
  assembler.Reserve(total_rows, text_bytes);
  // Segments are decompressed a few at a time on the shared pool, into buffers kept from one
  // window to the next, and appended in order.
  constexpr size_t kWindow = 4;
  std::vector<std::vector<std::string>> parts(kWindow);
  std::vector<Status> read(kWindow);
  for (size_t first = 0; first < segments.size(); first += kWindow) {
    const size_t n = std::min(kWindow, segments.size() - first);
    ThreadPool::Shared().ParallelFor(n, 0, [&](size_t k) {
      const SegmentColumn* col = stored[first + k];
      read[k] = col ? segments[first + k]->ReadParts(*col, &parts[k]) : Status::Ok();
    });
    for (size_t k = 0; k < n; ++k) {
      const SegmentColumn* col = stored[first + k];
      const size_t rows = segments[first + k]->rows();
      if (col == nullptr) {
        assembler.AppendNulls(rows);
        continue;
      }
      QUARRY_RETURN_IF_ERROR(read[k]);
      QUARRY_RETURN_IF_ERROR(assembler.AppendParts(col->encoding, rows, parts[k]));
    }
  }
  ColumnPtr column = assembler.Finish();
  if (!hidden_id) return column;
  ColumnBuilder ids(Type::kString);
  ids.Reserve(total_rows, total_rows * 8);
  for (size_t i = 0; i < column->size(); ++i) {
    if (column->IsNull(i)) {
      ids.AppendNull();
    } else {
      ids.AppendString(std::to_string(column->longs()[i]));
    }
  }
  return ids.Finish();
}

Result<TablePtr> WorkspaceImpl::Read(std::string_view table, const ReadOptions& options,
                                     ReadStats* stats) const {
  auto m = snapshot();
  const TableEntry* t = m->Find(table);
  if (t == nullptr) {
    return NotFound("table '" + std::string(table) + "' is not in workspace '" + dir_ + "'");
  }
  Schema schema;
  if (options.columns.empty()) {
    schema = t->schema;
  } else {
    for (const auto& name : options.columns) {
      if (name == kItemIdColumn) {
        schema.Add(Field{name, Type::kString});
      } else if (auto i = t->schema.IndexOf(name)) {
        schema.Add(t->schema.field(*i));
      } else {
        return NotFound("column '" + name + "' is not in table '" + t->name + "'");
      }
    }
  }
  std::vector<std::shared_ptr<const SegmentFile>> segments;
  std::string segment_ids;  // names the segments read, for the decoded-column cache's key
  size_t rows = 0;
  for (const auto& s : t->segments) {
    if (!Overlaps(s, options)) continue;
    segment_ids += std::to_string(s.id) + ",";
    QUARRY_ASSIGN_OR_RETURN(auto seg, OpenSegment(s.id));
    if (seg->rows() != s.rows) {
      return DataLoss("segment " + SegmentFileName(s.id) + " of table '" + t->name + "' holds " +
                      std::to_string(seg->rows()) + " rows, the manifest says " +
                      std::to_string(s.rows));
    }
    rows += seg->rows();
    segments.push_back(std::move(seg));
  }
  if (stats) {
    stats->segments_total += t->segments.size();
    stats->segments_read += segments.size();
    stats->rows_read += rows;
  }
  std::vector<ColumnPtr> columns;
  for (const auto& f : schema.fields()) {
    std::string key = t->name + '\x1f' + f.name + '\x1f' + std::string(TypeName(f.type)) + '\x1f' +
                      segment_ids;
    ColumnPtr c = CachedColumn(key);
    if (!c) {
      QUARRY_ASSIGN_OR_RETURN(c, ReadColumn(f, segments, rows));
      CacheColumn(key, c);
    }
    columns.push_back(std::move(c));
  }
  return std::make_shared<const Table>(std::move(schema), std::move(columns), rows);
}

size_t DefaultColumnCacheBytes() {
  static const size_t bytes = [] {
    constexpr size_t kFloor = size_t{256} << 20;
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long page_size = ::sysconf(_SC_PAGESIZE);
    if (pages <= 0 || page_size <= 0) return size_t{1} << 30;
    return std::max(kFloor, static_cast<size_t>(pages) * static_cast<size_t>(page_size) / 4);
  }();
  return bytes;
}

ColumnPtr WorkspaceImpl::CachedColumn(const std::string& key) const {
  if (options_.column_cache_bytes == 0) return nullptr;
  std::lock_guard<std::mutex> lock(cache_mu_);
  auto it = cache_.find(key);
  if (it == cache_.end()) return nullptr;
  lru_.splice(lru_.begin(), lru_, it->second.lru);
  return it->second.column;
}

void WorkspaceImpl::CacheColumn(const std::string& key, const ColumnPtr& column) const {
  const size_t budget = options_.column_cache_bytes;
  const size_t bytes = column->MemoryBytes() + key.size();
  if (budget == 0 || bytes > budget / 4) return;  // one huge column must not flush the rest
  std::lock_guard<std::mutex> lock(cache_mu_);
  if (cache_.count(key)) return;
  while (cache_bytes_ + bytes > budget && !lru_.empty()) {
    auto victim = cache_.find(lru_.back());
    cache_bytes_ -= victim->second.bytes;
    cache_.erase(victim);
    lru_.pop_back();
  }
  lru_.push_front(key);
  cache_.emplace(key, CacheEntry{column, bytes, lru_.begin()});
  cache_bytes_ += bytes;
}

std::string ChooseTimeColumn(const Table& rows) {
  std::string fallback;
  for (const char* name : {"TimeGenerated", "Timestamp"}) {
    auto i = rows.schema().IndexOf(name);
    if (!i || rows.schema().field(*i).type != Type::kDatetime) continue;
    if (rows.column(*i)->NullCount() < rows.num_rows()) return name;
    if (fallback.empty()) fallback = name;
  }
  return fallback;
}

}  // namespace quarry::store
