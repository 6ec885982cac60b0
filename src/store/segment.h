// Segment: one immutable file of a table's rows, column by column (docs/FORMAT.md, "Segment
// file"). Written once (EncodeSegment, then WriteEncodedSegment), then memory-mapped and read by
// SegmentFile; each column is decompressed only when asked for. Internal to the store.
//
// Thread-safety: a SegmentFile is immutable after Open and may be read from many threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "store/column_codec.h"
#include "store/env.h"
#include "table/table.h"

namespace quarry::store {

inline constexpr std::string_view kSegmentMagic = "QSEG0001";

struct SegmentSummary {
  uint64_t rows = 0;
  uint64_t bytes = 0;
  std::optional<int64_t> min_time, max_time;  // of the time column's non-null values
};

// Writing a segment is two halves, so that segments can be encoded off the caller's thread and
// written in order: EncodeSegment (pure; thread-safe) makes the file's bytes, in the pieces
// written one append each; WriteEncodedSegment writes them (create, write, fsync, close).
// `time_column` ("" for none) names the datetime column whose min/max the footer records.
struct EncodedSegment {
  std::vector<std::string_view> pieces;  // into the buffers below
  SegmentSummary summary;
  std::vector<std::unique_ptr<char[]>> buffers;
  std::vector<std::unique_ptr<std::string>> owned;
};
// Encodes the rows of `parts`, one part after another, as one segment. Its columns are the
// union of the parts' columns by name, in first-seen order (a part without a column gives
// nulls; InvalidArgument when two parts give a column two types). The parts are read in place,
// never joined; columns are encoded, and their bytes compressed, on ThreadPool::Shared().
Result<EncodedSegment> EncodeSegment(std::vector<TablePtr> parts, std::string_view time_column);
Result<SegmentSummary> WriteEncodedSegment(Env* env, const std::string& path,
                                           const EncodedSegment& segment);

struct SegmentPart {
  uint64_t offset = 0, stored_size = 0, raw_size = 0;
  bool compressed = false;
};

struct SegmentColumn {
  std::string name;
  Type type = Type::kString;
  Encoding encoding = Encoding::kPlain;
  uint64_t nulls = 0;
  std::vector<SegmentPart> parts;
};

class SegmentFile {
 public:
  // Maps `path` and parses its footer. DataLoss naming the file when it is not a whole segment.
  static Result<std::shared_ptr<const SegmentFile>> Open(Env* env, const std::string& path);

  uint64_t rows() const { return rows_; }
  const std::vector<SegmentColumn>& columns() const { return columns_; }
  const SegmentColumn* FindColumn(std::string_view name) const;
  // The column's parts, decompressed and checksum-verified, into `parts` (one string per part;
  // strings already there are reused, so a caller reading many segments can keep its buffers
  // and their pages instead of allocating and faulting them in again).
  Status ReadParts(const SegmentColumn& column, std::vector<std::string>* parts) const;

 private:
  std::string path_;
  std::shared_ptr<const MappedFile> map_;
  uint64_t rows_ = 0;
  std::vector<SegmentColumn> columns_;
};

}  // namespace quarry::store
