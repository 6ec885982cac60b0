#include "store/segment.h"

#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <mutex>

#include "common/json_text.h"
#include "common/thread_pool.h"
#include "store/file_loader.h"
#include "table/value.h"

namespace quarry::store {
namespace {

constexpr size_t kTrailerSize = 16;  // footer size (u64 LE) + magic
constexpr size_t kMinCompressedPart = 64;
constexpr int kZstdLevel = 1;

// A zstd context and the buffer it compresses into, reused across frames and segments (a fresh
// context allocates and faults in its tables; a fresh buffer its pages).
struct Compressor {
  Compressor() : ctx(ZSTD_createCCtx()) {
    ZSTD_CCtx_setParameter(ctx, ZSTD_c_compressionLevel, kZstdLevel);
    ZSTD_CCtx_setParameter(ctx, ZSTD_c_checksumFlag, 1);
  }
  ~Compressor() { ZSTD_freeCCtx(ctx); }
  Compressor(const Compressor&) = delete;
  Compressor& operator=(const Compressor&) = delete;

  ZSTD_CCtx* ctx;
  std::unique_ptr<char[]> scratch;
  size_t capacity = 0;
};

// The process's idle compressors: a thread takes one per frame and gives it back.
class CompressorPool {
 public:
  static CompressorPool& Shared() {
    static CompressorPool* pool = new CompressorPool();  // never destroyed: used by exiting threads
    return *pool;
  }
  std::unique_ptr<Compressor> Take() {
    std::lock_guard<std::mutex> lock(mu_);
    if (idle_.empty()) return std::make_unique<Compressor>();
    auto c = std::move(idle_.back());
    idle_.pop_back();
    return c;
  }
  void Give(std::unique_ptr<Compressor> c) {
    std::lock_guard<std::mutex> lock(mu_);
    idle_.push_back(std::move(c));
  }

 private:
  std::mutex mu_;
  std::vector<std::unique_ptr<Compressor>> idle_;
};

// One zstd frame of `bytes`, in a buffer of exactly its size.
struct Frame {
  std::unique_ptr<char[]> data;
  size_t size = 0;
};

Result<Frame> CompressFrame(std::string_view bytes) {
  CompressorPool& pool = CompressorPool::Shared();
  std::unique_ptr<Compressor> c = pool.Take();
  const size_t bound = ZSTD_compressBound(bytes.size());
  if (c->capacity < bound) {
    c->scratch = std::make_unique_for_overwrite<char[]>(bound);
    c->capacity = bound;
  }
  const size_t n = ZSTD_compress2(c->ctx, c->scratch.get(), c->capacity, bytes.data(), bytes.size());
  if (ZSTD_isError(n)) {
    Status error = Internal(std::string("zstd compression failed: ") + ZSTD_getErrorName(n));
    pool.Give(std::move(c));
    return error;
  }
  Frame frame{std::make_unique_for_overwrite<char[]>(n), n};
  std::memcpy(frame.data.get(), c->scratch.get(), n);
  pool.Give(std::move(c));
  return frame;
}

// The segment's columns: the union of the parts' columns by name, in first-seen order, each as
// the pieces (one per part) its rows come from.
struct SegmentColumns {
  Schema schema;
  std::vector<std::vector<ColumnPiece>> pieces;
};

Result<SegmentColumns> GatherColumns(const std::vector<TablePtr>& parts) {
  SegmentColumns out;
  std::vector<const Schema*> schemas;
  for (const auto& part : parts) schemas.push_back(&part->schema());
  QUARRY_ASSIGN_OR_RETURN(out.schema, UnionSchema(schemas));
  out.pieces.resize(out.schema.size());
  for (const auto& part : parts) {
    for (size_t c = 0; c < out.schema.size(); ++c) {
      ColumnPtr column = part->ColumnByName(out.schema.field(c).name);
      out.pieces[c].push_back(ColumnPiece{column.get(), part->num_rows()});
    }
  }
  return out;
}

void SummarizeTime(const std::vector<ColumnPiece>& pieces, SegmentSummary* summary) {
  for (const auto& p : pieces) {
    if (p.column == nullptr || p.column->type() != Type::kDatetime) continue;
    const Column& t = *p.column;
    for (size_t i = 0; i < t.size(); ++i) {
      if (t.IsNull(i)) continue;
      const int64_t v = t.longs()[i];
      summary->min_time = summary->min_time ? std::min(*summary->min_time, v) : v;
      summary->max_time = summary->max_time ? std::max(*summary->max_time, v) : v;
    }
  }
}

}  // namespace

Result<EncodedSegment> EncodeSegment(std::vector<TablePtr> parts, std::string_view time_column) {
  EncodedSegment out;
  SegmentSummary& summary = out.summary;
  for (const auto& p : parts) summary.rows += p->num_rows();
  QUARRY_ASSIGN_OR_RETURN(SegmentColumns columns, GatherColumns(parts));
  if (!time_column.empty()) {
    if (auto t = columns.schema.IndexOf(time_column)) SummarizeTime(columns.pieces[*t], &summary);
  }
  const size_t num_columns = columns.schema.size();
  ThreadPool& pool = ThreadPool::Shared();

  // Encode the columns, largest first so that the threads finish together.
  std::vector<size_t> order(num_columns);
  std::vector<size_t> weight(num_columns, 0);
  for (size_t c = 0; c < num_columns; ++c) {
    order[c] = c;
    for (const auto& p : columns.pieces[c]) weight[c] += p.column ? p.column->MemoryBytes() : 0;
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return weight[a] > weight[b]; });
  std::vector<EncodedColumn> encoded(num_columns);
  pool.ParallelFor(num_columns, 0, [&](size_t k) {
    const size_t c = order[k];
    encoded[c] = EncodeColumn(columns.schema.field(c).type, columns.pieces[c]);
  });

  // Compress every span of every part large enough as its own zstd frame (a part's frames,
  // one after another, decompress as one), the frames spread over the threads.
  struct Job {
    std::string_view bytes;
    Result<Frame> frame = Frame{};
  };
  std::vector<Job> jobs;
  for (const auto& e : encoded) {
    for (const auto& part : e.parts) {
      if (part.size() < kMinCompressedPart) continue;
      for (std::string_view span : part.spans()) jobs.push_back(Job{span});
    }
  }
  pool.ParallelFor(jobs.size(), 0, [&](size_t j) { jobs[j].frame = CompressFrame(jobs[j].bytes); });

  uint64_t offset = 0;
  size_t next_job = 0;
  Json footer_columns = Json::array();
  for (size_t c = 0; c < num_columns; ++c) {
    Json part_list = Json::array();
    for (const auto& part : encoded[c].parts) {
      const uint64_t raw_size = part.size();
      const bool compress = raw_size >= kMinCompressedPart;
      uint64_t stored_size = 0;
      if (compress) {
        for (size_t s = 0; s < part.spans().size(); ++s) {
          Job& job = jobs[next_job++];
          if (!job.frame.ok()) return job.frame.status();
          Frame& frame = *job.frame;
          out.pieces.emplace_back(frame.data.get(), frame.size);
          stored_size += frame.size;
          out.buffers.push_back(std::move(frame.data));
        }
      } else if (raw_size > 0) {
        out.owned.push_back(std::make_unique<std::string>(part.Joined()));
        out.pieces.push_back(*out.owned.back());
        stored_size = raw_size;
      }
      part_list.push_back(Json::array({offset, stored_size, raw_size, compress ? 1 : 0}));
      offset += stored_size;
    }
    const Field& field = columns.schema.field(c);
    footer_columns.push_back(
        Json{{"name", field.name},
             {"type", TypeName(field.type)},
             {"encoding", encoded[c].encoding == Encoding::kDictionary ? "dict" : "plain"},
             {"nulls", encoded[c].nulls},
             {"parts", std::move(part_list)}});
  }
  Json footer{{"rows", summary.rows}, {"columns", std::move(footer_columns)}};
  if (summary.min_time) {
    footer["min_time"] = *summary.min_time;
    footer["max_time"] = *summary.max_time;
  }
  std::string footer_text = JsonText(footer);
  uint64_t footer_size = footer_text.size();
  footer_text.append(reinterpret_cast<const char*>(&footer_size), sizeof(footer_size));
  footer_text.append(kSegmentMagic);
  summary.bytes = offset + footer_text.size();
  out.owned.push_back(std::make_unique<std::string>(std::move(footer_text)));
  out.pieces.push_back(*out.owned.back());
  return out;
}

Result<SegmentSummary> WriteEncodedSegment(Env* env, const std::string& path,
                                           const EncodedSegment& segment) {
  QUARRY_ASSIGN_OR_RETURN(auto file, env->NewWritableFile(path));
  for (std::string_view piece : segment.pieces) QUARRY_RETURN_IF_ERROR(file->Append(piece));
  QUARRY_RETURN_IF_ERROR(file->Sync());
  QUARRY_RETURN_IF_ERROR(file->Close());
  return segment.summary;
}

Result<std::shared_ptr<const SegmentFile>> SegmentFile::Open(Env* env, const std::string& path) {
  QUARRY_ASSIGN_OR_RETURN(auto map, env->MapFile(path));
  std::string_view data = map->data();
  auto corrupt = [&](const std::string& what) {
    return DataLoss("segment '" + path + "' is damaged (" + what +
                    "); restore the workspace from a backup or re-ingest the table");
  };
  if (data.size() < kTrailerSize || data.substr(data.size() - 8) != kSegmentMagic) {
    return corrupt("no segment trailer");
  }
  uint64_t footer_size;
  std::memcpy(&footer_size, data.data() + data.size() - kTrailerSize, 8);
  if (footer_size > data.size() - kTrailerSize) return corrupt("footer size");
  std::string_view footer_text =
      data.substr(data.size() - kTrailerSize - footer_size, footer_size);
  Json footer = Json::parse(footer_text.begin(), footer_text.end(), nullptr, false);
  if (footer.is_discarded() || !footer.is_object()) return corrupt("footer is not JSON");
  auto segment = std::make_shared<SegmentFile>();
  segment->path_ = path;
  segment->map_ = map;
  uint64_t data_end = data.size() - kTrailerSize - footer_size;
  try {
    segment->rows_ = footer.at("rows").get<uint64_t>();
    for (const auto& c : footer.at("columns")) {
      SegmentColumn col;
      col.name = c.at("name").get<std::string>();
      auto type = TypeFromName(c.at("type").get<std::string>());
      if (!type) return corrupt("unknown type of column '" + col.name + "'");
      col.type = *type;
      col.encoding = c.at("encoding").get<std::string>() == "dict" ? Encoding::kDictionary
                                                                    : Encoding::kPlain;
      col.nulls = c.at("nulls").get<uint64_t>();
      for (const auto& p : c.at("parts")) {
        SegmentPart part{p.at(0).get<uint64_t>(), p.at(1).get<uint64_t>(),
                         p.at(2).get<uint64_t>(), p.at(3).get<int>() == 1};
        if (part.offset > data_end || part.stored_size > data_end - part.offset) {
          return corrupt("part of column '" + col.name + "' outside the file");
        }
        col.parts.push_back(part);
      }
      segment->columns_.push_back(std::move(col));
    }
  } catch (const Json::exception& e) {
    return corrupt(std::string("footer: ") + e.what());
  }
  return std::shared_ptr<const SegmentFile>(std::move(segment));
}

const SegmentColumn* SegmentFile::FindColumn(std::string_view name) const {
  for (const auto& c : columns_) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

Status SegmentFile::ReadParts(const SegmentColumn& column, std::vector<std::string>* parts) const {
  std::string_view data = map_->data();
  parts->resize(column.parts.size());
  for (size_t i = 0; i < column.parts.size(); ++i) {
    const SegmentPart& part = column.parts[i];
    std::string_view stored = data.substr(part.offset, part.stored_size);
    std::string& raw = (*parts)[i];
    if (!part.compressed) {
      raw.assign(stored);
      continue;
    }
    raw.clear();  // keeps the capacity: resizing within it writes warm pages
    raw.resize(part.raw_size);
    size_t n = ZSTD_decompress(raw.data(), raw.size(), stored.data(), stored.size());
    if (ZSTD_isError(n) || n != part.raw_size) {
      return DataLoss("segment '" + path_ + "' is damaged (column '" + column.name +
                      "' does not decompress" +
                      (ZSTD_isError(n) ? std::string(": ") + ZSTD_getErrorName(n) : "") + ")");
    }
  }
  return Status::Ok();
}

}  // namespace quarry::store
