// Column codec: turns a Column into the byte parts a segment stores (docs/FORMAT.md, "Column
// parts") and assembles columns back from the parts of one or more segments. Internal to the
// store. Little-endian hosts only. Thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "table/column.h"

namespace quarry::store {

enum class Encoding : uint8_t { kPlain = 0, kDictionary = 1 };

struct EncodedColumn {
  Encoding encoding = Encoding::kPlain;
  uint64_t nulls = 0;
  std::vector<std::string> parts;  // uncompressed
};

// Encodes `column`; strings and guids with few distinct values use the dictionary encoding.
EncodedColumn EncodeColumn(const Column& column);

// Builds one output column from segment parts, in order. When `dictionary` is set (REQUIRES a
// string or guid type, and every part appended dictionary-encoded) the result is a dictionary
// Column whose dictionary merges those of the segments.
class ColumnAssembler {
 public:
  ColumnAssembler(Type type, bool dictionary);

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
