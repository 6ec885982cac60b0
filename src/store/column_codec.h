// Column codec: turns a Column into the byte parts a segment stores (docs/FORMAT.md, "Column
// parts") and assembles columns back from the parts of one or more segments. Internal to the
// store. Little-endian hosts only. Thread-compatible.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "table/column.h"

namespace quarry::store {

enum class Encoding : uint8_t { kPlain = 0, kDictionary = 1 };

// A run of rows of the column being encoded: rows of `column`, or `rows` nulls when `column` is
// null (a part of a segment that lacks the column).
struct ColumnPiece {
  const Column* column = nullptr;
  size_t rows = 0;
};

// One stored part's bytes before compression, as spans in order: the spans point into the
// columns being encoded (which must outlive the part) or into buffers the part owns. The bytes
// are never joined into one buffer: a part is compressed span by span.
class PartBytes {
 public:
  void AddView(std::string_view bytes) {
    if (!bytes.empty()) spans_.push_back(bytes);
  }
  void AddOwned(std::string bytes) {
    if (bytes.empty()) return;
    owned_.push_back(std::make_unique<std::string>(std::move(bytes)));
    spans_.push_back(*owned_.back());
  }
  const std::vector<std::string_view>& spans() const { return spans_; }
  size_t size() const;
  std::string Joined() const;

 private:
  std::vector<std::string_view> spans_;
  std::vector<std::unique_ptr<std::string>> owned_;  // heap-held: a span's target never moves
};

struct EncodedColumn {
  Encoding encoding = Encoding::kPlain;
  uint64_t nulls = 0;
  std::vector<PartBytes> parts;  // uncompressed
};

// Encodes the rows of `pieces`, one after another, as one column of `type` (every piece's column
// is of that type). Strings and guids with few distinct values use the dictionary encoding.
// The result may point into the pieces' columns: they must outlive it.
EncodedColumn EncodeColumn(Type type, std::span<const ColumnPiece> pieces);

// Builds one output column from segment parts, in order. When `dictionary` is set (REQUIRES a
// string or guid type, and every part appended dictionary-encoded) the result is a dictionary
// Column whose dictionary merges those of the segments.
class ColumnAssembler {
 public:
  ColumnAssembler(Type type, bool dictionary);

  // Makes room for `rows` rows in all, and for plain text, `text_bytes` bytes of it.
  void Reserve(size_t rows, size_t text_bytes);
  void AppendNulls(size_t rows);
  // Appends `rows` rows decoded from `parts`. DataLoss when the parts are inconsistent.
  Status AppendParts(Encoding encoding, size_t rows, const std::vector<std::string>& parts);
  ColumnPtr Finish();

 private:
  Status AppendDictionaryParts(size_t rows, const std::vector<std::string>& parts,
                               const uint64_t* validity);

  Type type_;
  bool dictionary_;
  ColumnBuilder builder_;
  // Dictionary output.
  ColumnBuilder dict_builder_;
  std::unordered_map<std::string, uint32_t> dict_index_;
  std::vector<uint32_t> codes_;
  Validity validity_;
};

}  // namespace quarry::store
