#include "store/segment.h"

#include <zstd.h>

#include <algorithm>
#include <cstring>

#include "table/value.h"
#include "common/json_text.h"

namespace quarry::store {
namespace {

constexpr size_t kTrailerSize = 16;  // footer size (u64 LE) + magic
constexpr size_t kMinCompressedPart = 64;
constexpr int kZstdLevel = 1;

struct ZstdContext {
  ZstdContext() : ctx(ZSTD_createCCtx()) {
    ZSTD_CCtx_setParameter(ctx, ZSTD_c_compressionLevel, kZstdLevel);
    ZSTD_CCtx_setParameter(ctx, ZSTD_c_checksumFlag, 1);
  }
  ~ZstdContext() { ZSTD_freeCCtx(ctx); }
  ZstdContext(const ZstdContext&) = delete;
  ZstdContext& operator=(const ZstdContext&) = delete;
  ZSTD_CCtx* ctx;
};

}  // namespace

Result<EncodedSegment> EncodeSegment(const Table& rows, std::string_view time_column) {
  EncodedSegment out;
  SegmentSummary& summary = out.summary;
  summary.rows = rows.num_rows();
  if (!time_column.empty()) {
    ColumnPtr t = rows.ColumnByName(time_column);
    if (t && t->type() == Type::kDatetime) {
      for (size_t i = 0; i < t->size(); ++i) {
        if (t->IsNull(i)) continue;
        int64_t v = t->longs()[i];
        summary.min_time = summary.min_time ? std::min(*summary.min_time, v) : v;
        summary.max_time = summary.max_time ? std::max(*summary.max_time, v) : v;
      }
    }
  }
  ZstdContext zstd;
  uint64_t offset = 0;
  Json columns = Json::array();
  for (size_t c = 0; c < rows.num_columns(); ++c) {
    EncodedColumn encoded = EncodeColumn(*rows.column(c));
    Json parts = Json::array();
    for (std::string& raw : encoded.parts) {
      bool compress = raw.size() >= kMinCompressedPart;
      const uint64_t raw_size = raw.size();
      if (compress) {
        std::string buffer(ZSTD_compressBound(raw.size()), '\0');
        size_t n = ZSTD_compress2(zstd.ctx, buffer.data(), buffer.size(), raw.data(), raw.size());
        if (ZSTD_isError(n)) {
          return Internal(std::string("zstd compression failed: ") + ZSTD_getErrorName(n));
        }
        buffer.resize(n);
        out.pieces.push_back(std::move(buffer));
      } else {
        out.pieces.push_back(std::move(raw));
      }
      const uint64_t stored_size = out.pieces.back().size();
      parts.push_back(Json::array({offset, stored_size, raw_size, compress ? 1 : 0}));
      offset += stored_size;
    }
    columns.push_back(Json{{"name", rows.schema().field(c).name},
                           {"type", TypeName(rows.schema().field(c).type)},
                           {"encoding", encoded.encoding == Encoding::kDictionary ? "dict" : "plain"},
                           {"nulls", encoded.nulls},
                           {"parts", std::move(parts)}});
  }
  Json footer{{"rows", summary.rows}, {"columns", std::move(columns)}};
  if (summary.min_time) {
    footer["min_time"] = *summary.min_time;
    footer["max_time"] = *summary.max_time;
  }
  std::string footer_text = JsonText(footer);
  uint64_t footer_size = footer_text.size();
  footer_text.append(reinterpret_cast<const char*>(&footer_size), sizeof(footer_size));
  footer_text.append(kSegmentMagic);
  summary.bytes = offset + footer_text.size();
  out.pieces.push_back(std::move(footer_text));
  return out;
}

Result<SegmentSummary> WriteEncodedSegment(Env* env, const std::string& path,
                                           const EncodedSegment& segment) {
  QUARRY_ASSIGN_OR_RETURN(auto file, env->NewWritableFile(path));
  for (const std::string& piece : segment.pieces) QUARRY_RETURN_IF_ERROR(file->Append(piece));
  QUARRY_RETURN_IF_ERROR(file->Sync());
  QUARRY_RETURN_IF_ERROR(file->Close());
  return segment.summary;
}

Result<SegmentSummary> WriteSegment(Env* env, const std::string& path, const Table& rows,
                                    std::string_view time_column) {
  QUARRY_ASSIGN_OR_RETURN(EncodedSegment segment, EncodeSegment(rows, time_column));
  return WriteEncodedSegment(env, path, segment);
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

Result<std::vector<std::string>> SegmentFile::ReadParts(const SegmentColumn& column) const {
  std::string_view data = map_->data();
  std::vector<std::string> out;
  out.reserve(column.parts.size());
  for (const auto& part : column.parts) {
    std::string_view stored = data.substr(part.offset, part.stored_size);
    if (!part.compressed) {
      out.emplace_back(stored);
      continue;
    }
    std::string raw(part.raw_size, '\0');
    size_t n = ZSTD_decompress(raw.data(), raw.size(), stored.data(), stored.size());
    if (ZSTD_isError(n) || n != part.raw_size) {
      return DataLoss("segment '" + path_ + "' is damaged (column '" + column.name +
                      "' does not decompress" +
                      (ZSTD_isError(n) ? std::string(": ") + ZSTD_getErrorName(n) : "") + ")");
    }
    out.push_back(std::move(raw));
  }
  return out;
}

}  // namespace quarry::store
