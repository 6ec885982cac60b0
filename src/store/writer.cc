// The Writer: buffers appended rows per (table, day) — a batch's day as a view of the batch
// where it can — flushes them to segment files as buffers fill, and commits by replacing the
// manifest (docs/FORMAT.md, "Commit protocol"). A segment's parts are encoded and compressed
// in place on a background thread (its columns and frames spread over the shared thread pool)
// while the caller goes on appending (at most kMaxPendingSegments at once, holding at most half
// the memory budget beyond one segment), and segments are written in order, one after the other, so the file-system calls are those of a single thread.
#include <algorithm>
#include <deque>
#include <future>
#include <map>
#include <set>
#include <span>

#include "common/time.h"
#include "store/file_loader.h"
#include "store/workspace_impl.h"

namespace quarry::store {
namespace {

constexpr int64_t kNoDay = INT64_MIN;
constexpr size_t kMaxPendingSegments = 2;

struct Bucket {
  std::vector<TablePtr> parts;
  size_t rows = 0;
  size_t bytes = 0;
};

// A segment being encoded and written in the background.
struct PendingSegment {
  std::string table;
  uint64_t id = 0;
  size_t bytes = 0;  // of the rows held until it is written
  std::shared_future<Result<SegmentSummary>> summary;
};

TablePtr ViewRows(const TablePtr& rows, size_t offset, size_t count) {
  std::vector<ColumnPtr> columns;
  for (const auto& c : rows->columns()) columns.push_back(Column::View(c, offset, count));
  return std::make_shared<const Table>(rows->schema(), std::move(columns), count);
}

TablePtr SliceRows(const Table& rows, size_t offset, size_t count) {
  std::vector<ColumnPtr> columns;
  for (const auto& c : rows.columns()) columns.push_back(Column::Slice(*c, offset, count));
  return std::make_shared<const Table>(rows.schema(), std::move(columns), count);
}

TablePtr GatherRows(const Table& rows, std::span<const uint32_t> indices) {
  std::vector<ColumnPtr> columns;
  for (const auto& c : rows.columns()) columns.push_back(Column::Gather(*c, indices));
  return std::make_shared<const Table>(rows.schema(), std::move(columns), indices.size());
}

// Rows [offset, offset + count) of `parts` taken one after another, as views of the parts.
std::vector<TablePtr> RowRange(const std::vector<TablePtr>& parts, size_t offset, size_t count) {
  std::vector<TablePtr> range;
  size_t start = 0;  // of the current part
  for (const auto& p : parts) {
    const size_t rows = p->num_rows();
    if (count == 0) break;
    if (offset >= start + rows) {
      start += rows;
      continue;
    }
    const size_t from = offset - start;
    const size_t take = std::min(rows - from, count);
    range.push_back(from == 0 && take == rows ? p : ViewRows(p, from, take));
    offset += take;
    count -= take;
    start += rows;
  }
  return range;
}

class WriterImpl : public Writer {
 public:
  WriterImpl(WorkspaceImpl* workspace, std::unique_ptr<FileLock> lock, Manifest base)
      : ws_(workspace), env_(workspace->env()), lock_(std::move(lock)), next_(std::move(base)) {}

  Result<uint64_t> Append(std::string_view table, const Table& rows) override;
  Status Commit() override;
  std::optional<Schema> TableSchema(std::string_view table) const override {
    const TableEntry* t = next_.Find(table);
    if (t == nullptr) return std::nullopt;
    return t->schema;
  }

 private:
  Status Flush(const std::string& table, int64_t day);
  Status FlushLargest();
  // Waits for the oldest segment being written and adds it to its table's entry.
  Status FinishOldest();
  Status FinishPending() {
    while (!pending_.empty()) QUARRY_RETURN_IF_ERROR(FinishOldest());
    return Status::Ok();
  }
  Status Fail(Status s) {
    failed_ = s;
    return s;
  }

  WorkspaceImpl* ws_;
  Env* env_;
  std::unique_ptr<FileLock> lock_;
  Manifest next_;  // the manifest the next commit writes
  std::map<std::pair<std::string, int64_t>, Bucket> buckets_;
  size_t buffered_rows_ = 0;
  size_t buffered_bytes_ = 0;
  bool dirty_ = false;
  Status failed_;
  std::deque<PendingSegment> pending_;  // in segment order
  size_t pending_bytes_ = 0;
};

Result<uint64_t> WriterImpl::Append(std::string_view table, const Table& rows) {
  if (!failed_.ok()) return failed_;
  if (table.empty()) return InvalidArgument("a table name is needed to append rows");
  TableEntry* entry = next_.Find(table);
  for (const auto& f : rows.schema().fields()) {
    if (f.name == kItemIdColumn) {
      return InvalidArgument("column '" + f.name + "' is reserved for the workspace's row ids");
    }
    if (entry == nullptr) continue;
    auto i = entry->schema.IndexOf(f.name);
    if (i && entry->schema.field(*i).type != f.type) {
      return InvalidArgument("column '" + f.name + "' of table '" + std::string(table) + "' is " +
                             std::string(TypeName(entry->schema.field(*i).type)) +
                             " in the workspace but " + std::string(TypeName(f.type)) +
                             " in the rows being added");
    }
  }
  if (entry == nullptr) {
    next_.tables.push_back(TableEntry{std::string(table), Schema(), ChooseTimeColumn(rows), {}});
    entry = &next_.tables.back();
  }
  for (const auto& f : rows.schema().fields()) {
    if (!entry->schema.IndexOf(f.name)) entry->schema.Add(f);
  }
  dirty_ = true;
  const size_t n = rows.num_rows();
  uint64_t first_id = next_.next_item_id;
  next_.next_item_id += n;
  if (n == 0) return first_id;

  ColumnBuilder ids(Type::kLong);
  ids.Reserve(n);
  for (size_t i = 0; i < n; ++i) ids.AppendLong(static_cast<int64_t>(first_id + i));
  Schema schema = rows.schema();
  schema.Add(Field{std::string(kItemIdColumn), Type::kLong});
  std::vector<ColumnPtr> columns = rows.columns();
  columns.push_back(ids.Finish());
  auto with_ids = std::make_shared<const Table>(std::move(schema), std::move(columns), n);

  // Split by day of the time column.
  std::map<int64_t, std::vector<uint32_t>> days;
  ColumnPtr time = entry->time_column.empty() ? nullptr : rows.ColumnByName(entry->time_column);
  if (time == nullptr || time->type() != Type::kDatetime) {
    days[kNoDay].resize(n);
    for (size_t i = 0; i < n; ++i) days[kNoDay][i] = static_cast<uint32_t>(i);
  } else {
    for (size_t i = 0; i < n; ++i) {
      int64_t day = time->IsNull(i) ? kNoDay : FloorDiv(time->longs()[i], kTicksPerDay);
      days[day].push_back(static_cast<uint32_t>(i));
    }
  }
  std::string name(table);
  // A day's share of the batch's memory (a view's own MemoryBytes leaves out the shared text).
  const size_t batch_bytes = with_ids->MemoryBytes();
  for (auto& [day, indices] : days) {
    TablePtr part = with_ids;
    if (days.size() > 1) {
      // Rows sorted by time make each day one run of rows: view it (its text is not copied
      // until the day's segment is built); other days' rows are gathered. A view keeps all of
      // the batch's text alive while it is charged only its share, so a run under a quarter of
      // the batch is copied instead: what a bucket pins stays within 4x what it is charged.
      const bool run = indices.back() - indices.front() + 1 == indices.size();
      if (!run) {
        part = GatherRows(*with_ids, indices);
      } else if (indices.size() * 4 < n) {
        part = SliceRows(*with_ids, indices.front(), indices.size());
      } else {
        part = ViewRows(with_ids, indices.front(), indices.size());
      }
    }
    Bucket& b = buckets_[{name, day}];
    b.parts.push_back(part);
    size_t bytes = batch_bytes / n * part->num_rows();
    b.rows += part->num_rows();
    b.bytes += bytes;
    buffered_rows_ += part->num_rows();
    buffered_bytes_ += bytes;
    if (b.rows >= ws_->options().segment_rows) {
      if (Status s = Flush(name, day); !s.ok()) return Fail(s);
    }
  }
  while (buffered_rows_ > ws_->options().max_buffered_rows ||
         buffered_bytes_ > ws_->options().max_buffered_bytes) {
    if (Status s = FlushLargest(); !s.ok()) return Fail(s);
  }
  return first_id;
}

Status WriterImpl::Flush(const std::string& table, int64_t day) {
  auto it = buckets_.find({table, day});
  if (it == buckets_.end() || it->second.rows == 0) return Status::Ok();
  Bucket bucket = std::move(it->second);
  buffered_rows_ -= bucket.rows;
  buffered_bytes_ -= bucket.bytes;
  buckets_.erase(it);
  const std::string time_column = next_.Find(table)->time_column;
  const size_t per_segment = std::max<size_t>(1, ws_->options().segment_rows);
  for (size_t offset = 0; offset < bucket.rows; offset += per_segment) {
    const size_t count = std::min(per_segment, bucket.rows - offset);
    std::vector<TablePtr> parts =
        bucket.rows > per_segment ? RowRange(bucket.parts, offset, count) : bucket.parts;
    // Rows waiting to be written count against half the memory budget (one segment always may).
    const size_t bytes = bucket.bytes / bucket.rows * count;
    while (!pending_.empty() &&
           (pending_.size() >= kMaxPendingSegments ||
            pending_bytes_ + bytes > ws_->options().max_buffered_bytes / 2)) {
      QUARRY_RETURN_IF_ERROR(FinishOldest());
    }
    uint64_t id = next_.next_segment_id++;
    // Written once the segment before it is (and not at all if that one failed).
    std::shared_future<Result<SegmentSummary>> previous;
    if (!pending_.empty()) previous = pending_.back().summary;
    // The day's parts are encoded where they are (never joined), and let go of once encoded.
    auto write = [env = env_, path = ws_->PathOf(SegmentFileName(id)), parts = std::move(parts),
                  time_column, previous]() mutable -> Result<SegmentSummary> {
      QUARRY_ASSIGN_OR_RETURN(EncodedSegment encoded,
                              EncodeSegment(std::move(parts), time_column));
      if (previous.valid() && !previous.get().ok()) return previous.get().status();
      return WriteEncodedSegment(env, path, encoded);
    };
    pending_.push_back(PendingSegment{table, id, bytes,
                                      std::async(std::launch::async, std::move(write)).share()});
    pending_bytes_ += bytes;
  }
  return Status::Ok();
}

Status WriterImpl::FinishOldest() {
  PendingSegment p = std::move(pending_.front());
  pending_.pop_front();
  pending_bytes_ -= p.bytes;
  QUARRY_ASSIGN_OR_RETURN(SegmentSummary summary, p.summary.get());
  next_.Find(p.table)->segments.push_back(
      SegmentEntry{p.id, summary.rows, summary.bytes, summary.min_time, summary.max_time});
  return Status::Ok();
}

Status WriterImpl::FlushLargest() {
  auto largest = std::max_element(buckets_.begin(), buckets_.end(), [](const auto& a, const auto& b) {
    return a.second.bytes < b.second.bytes;
  });
  if (largest == buckets_.end()) return Status::Ok();
  auto key = largest->first;
  return Flush(key.first, key.second);
}

Status WriterImpl::Commit() {
  if (!failed_.ok()) return failed_;
  if (!dirty_) return Status::Ok();
  while (!buckets_.empty()) {
    auto key = buckets_.begin()->first;
    if (Status s = Flush(key.first, key.second); !s.ok()) return Fail(s);
  }
  if (Status s = FinishPending(); !s.ok()) return Fail(s);
  if (Status s = env_->SyncDir(ws_->PathOf(kSegmentsDir)); !s.ok()) return Fail(s);
  next_.commit += 1;
  if (Status s = StoreManifest(env_, ws_->dir(), next_); !s.ok()) {
    return Fail(s.WithContext("commit to workspace '" + ws_->dir() + "' failed"));
  }
  ws_->Install(next_);
  dirty_ = false;
  return Status::Ok();
}

// Removes segment files no committed manifest refers to, and a leftover MANIFEST.tmp.
Status RemoveGarbage(Env* env, const WorkspaceImpl& ws, const Manifest& m) {
  std::set<std::string> live;
  for (const auto& t : m.tables) {
    for (const auto& s : t.segments) live.insert(SegmentFileName(s.id));
  }
  QUARRY_ASSIGN_OR_RETURN(auto names, env->GetChildren(ws.PathOf(kSegmentsDir)));
  for (const auto& name : names) {
    std::string relative = std::string(kSegmentsDir) + "/" + name;
    if (live.count(relative) == 0) QUARRY_RETURN_IF_ERROR(env->RemoveFile(ws.PathOf(relative)));
  }
  std::string tmp = ws.PathOf(kManifestTempFile);
  if (env->FileExists(tmp)) QUARRY_RETURN_IF_ERROR(env->RemoveFile(tmp));
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<Writer>> NewWriter(WorkspaceImpl* ws) {
  Env* env = ws->env();
  QUARRY_ASSIGN_OR_RETURN(auto lock, env->LockFile(ws->PathOf(kLockFile)));
  QUARRY_RETURN_IF_ERROR(env->CreateDir(ws->PathOf(kSegmentsDir)));
  QUARRY_ASSIGN_OR_RETURN(Manifest latest, LoadManifest(env, ws->dir()));
  QUARRY_RETURN_IF_ERROR(RemoveGarbage(env, *ws, latest));
  ws->Install(latest);
  return std::unique_ptr<Writer>(std::make_unique<WriterImpl>(ws, std::move(lock), std::move(latest)));
}

}  // namespace quarry::store
