#include "store/column_codec.h"

#include <algorithm>
#include <cstring>
#include <span>

#include "store/dictionary_index.h"

namespace quarry::store {
namespace {

// A dictionary pays off when values repeat: at most this share of distinct values.
constexpr size_t kMaxDictionaryShareDivisor = 4;
constexpr size_t kMaxDictionarySize = 1 << 20;

template <typename T>
bool GetArray(const std::string& part, size_t n, std::vector<T>* out) {
  if (part.size() != n * sizeof(T)) return false;
  out->resize(n);
  if (n) std::memcpy(out->data(), part.data(), n * sizeof(T));
  return true;
}

bool IsValidAt(const uint64_t* validity, size_t i) {
  return validity == nullptr || ((validity[i >> 6] >> (i & 63)) & 1);
}

template <typename T>
std::string_view BytesOf(std::span<const T> values) {
  return std::string_view(reinterpret_cast<const char*>(values.data()), values.size_bytes());
}

void PutU32(char* at, uint32_t v) { std::memcpy(at, &v, sizeof v); }

// Part 0: the null bitmap of all the pieces' rows, or empty when none is null.
std::string ValidityPart(std::span<const ColumnPiece> pieces, size_t rows, uint64_t* nulls) {
  *nulls = 0;
  for (const auto& p : pieces) *nulls += p.column ? p.column->NullCount() : p.rows;
  if (*nulls == 0) return {};
  std::vector<uint64_t> bits((rows + 63) / 64, 0);
  size_t row = 0;
  for (const auto& p : pieces) {
    if (p.column != nullptr) {
      for (size_t i = 0; i < p.rows; ++i) {
        const size_t at = row + i;
        if (!p.column->IsNull(i)) bits[at >> 6] |= uint64_t{1} << (at & 63);
      }
    }
    row += p.rows;
  }
  return std::string(BytesOf(std::span<const uint64_t>(bits)));
}

// A fixed-width part: each piece's values as they are in memory (null rows hold 0), zeros for
// a piece without the column.
template <typename T, typename Values>
PartBytes FixedWidthPart(std::span<const ColumnPiece> pieces, Values values) {
  PartBytes part;
  for (const auto& p : pieces) {
    if (p.column != nullptr) {
      part.AddView(BytesOf(values(*p.column)));
    } else {
      part.AddOwned(std::string(p.rows * sizeof(T), '\0'));
    }
  }
  return part;
}

// True when every null row of plain text column `c` has no bytes, so that its rows' bytes are
// the one run chars()[offsets().front(), offsets().back()).
bool NullRowsAreEmpty(const Column& c) {
  if (c.NullCount() == 0) return true;
  const auto offsets = c.offsets();
  for (size_t i = 0; i < c.size(); ++i) {
    if (c.IsNull(i) && offsets[i + 1] != offsets[i]) return false;
  }
  return true;
}

// Dictionary parts (lengths, chars, codes) when the pieces hold few enough distinct strings.
bool EncodeDictionary(std::span<const ColumnPiece> pieces, size_t rows, EncodedColumn* e) {
  if (rows < 16) return false;
  DictionaryIndex index(std::min(kMaxDictionarySize, rows / kMaxDictionaryShareDivisor + 1));
  std::string codes(rows * sizeof(uint32_t), '\0');  // null rows hold code 0
  size_t row = 0;
  for (const auto& p : pieces) {
    if (p.column != nullptr) {
      const Column& c = *p.column;
      for (size_t i = 0; i < p.rows; ++i) {
        if (c.IsNull(i)) continue;
        const uint32_t code = index.Insert(c.str(i));
        if (code == DictionaryIndex::kOverLimit) return false;
        PutU32(codes.data() + (row + i) * sizeof(uint32_t), code);
      }
    }
    row += p.rows;
  }
  std::string lengths(index.entries().size() * sizeof(uint32_t), '\0');
  std::string chars;
  for (size_t k = 0; k < index.entries().size(); ++k) {
    std::string_view s = index.entries()[k];
    PutU32(lengths.data() + k * sizeof(uint32_t), static_cast<uint32_t>(s.size()));
    chars.append(s);
  }
  e->encoding = Encoding::kDictionary;
  e->parts.emplace_back().AddOwned(std::move(lengths));
  e->parts.emplace_back().AddOwned(std::move(chars));
  e->parts.emplace_back().AddOwned(std::move(codes));
  return true;
}

// Plain parts (lengths, chars): a plain column's bytes are referred to where they are.
void EncodePlainText(std::span<const ColumnPiece> pieces, size_t rows, EncodedColumn* e) {
  std::string lengths(rows * sizeof(uint32_t), '\0');  // a missing piece's rows are empty
  PartBytes chars;
  size_t row = 0;
  for (const auto& p : pieces) {
    if (p.column != nullptr) {
      const Column& c = *p.column;
      char* out = lengths.data() + row * sizeof(uint32_t);
      if (!c.is_dictionary() && NullRowsAreEmpty(c)) {
        const auto offsets = c.offsets();
        for (size_t i = 0; i < p.rows; ++i) {
          PutU32(out + i * sizeof(uint32_t), static_cast<uint32_t>(offsets[i + 1] - offsets[i]));
        }
        chars.AddView(c.chars().substr(offsets.front(), offsets.back() - offsets.front()));
      } else {
        std::string own;
        for (size_t i = 0; i < p.rows; ++i) {
          std::string_view s = c.IsNull(i) ? std::string_view() : c.str(i);
          PutU32(out + i * sizeof(uint32_t), static_cast<uint32_t>(s.size()));
          own.append(s);
        }
        chars.AddOwned(std::move(own));
      }
    }
    row += p.rows;
  }
  e->parts.emplace_back().AddOwned(std::move(lengths));
  e->parts.push_back(std::move(chars));
}

void EncodeDynamic(std::span<const ColumnPiece> pieces, EncodedColumn* e) {
  std::string lengths, chars;
  for (const auto& p : pieces) {
    for (size_t i = 0; i < p.rows; ++i) {
      std::string text;
      if (p.column != nullptr && !p.column->IsNull(i)) text = p.column->dynamic(i)->dump();
      char len[sizeof(uint32_t)];
      PutU32(len, static_cast<uint32_t>(text.size()));
      lengths.append(len, sizeof len);
      chars.append(text);
    }
  }
  e->parts.emplace_back().AddOwned(std::move(lengths));
  e->parts.emplace_back().AddOwned(std::move(chars));
}

}  // namespace

size_t PartBytes::size() const {
  size_t n = 0;
  for (std::string_view s : spans_) n += s.size();
  return n;
}

std::string PartBytes::Joined() const {
  std::string out;
  out.reserve(size());
  for (std::string_view s : spans_) out.append(s);
  return out;
}

EncodedColumn EncodeColumn(Type type, std::span<const ColumnPiece> pieces) {
  EncodedColumn e;
  size_t rows = 0;
  for (const auto& p : pieces) rows += p.rows;
  e.parts.emplace_back().AddOwned(ValidityPart(pieces, rows, &e.nulls));
  switch (type) {
    case Type::kBool:
      e.parts.push_back(FixedWidthPart<uint8_t>(pieces, [](const Column& c) { return c.bools(); }));
      break;
    case Type::kInt:
      e.parts.push_back(FixedWidthPart<int32_t>(pieces, [](const Column& c) { return c.ints(); }));
      break;
    case Type::kLong:
    case Type::kDatetime:
    case Type::kTimespan:
      e.parts.push_back(FixedWidthPart<int64_t>(pieces, [](const Column& c) { return c.longs(); }));
      break;
    case Type::kReal:
    case Type::kDecimal:
      e.parts.push_back(FixedWidthPart<double>(pieces, [](const Column& c) { return c.reals(); }));
      break;
    case Type::kString:
    case Type::kGuid:
      if (!EncodeDictionary(pieces, rows, &e)) EncodePlainText(pieces, rows, &e);
      break;
    case Type::kDynamic:
      EncodeDynamic(pieces, &e);
      break;
  }
  return e;
}

ColumnAssembler::ColumnAssembler(Type type, bool dictionary)
    : type_(type), dictionary_(dictionary), builder_(type), dict_builder_(type) {}

void ColumnAssembler::Reserve(size_t rows, size_t text_bytes) {
  if (dictionary_) {
    codes_.reserve(rows);
  } else {
    builder_.Reserve(rows, text_bytes);
  }
}

void ColumnAssembler::AppendNulls(size_t rows) {
  if (dictionary_) {
    for (size_t i = 0; i < rows; ++i) {
      validity_.Append(codes_.size(), false);
      codes_.push_back(0);
    }
    return;
  }
  for (size_t i = 0; i < rows; ++i) builder_.AppendNull();
}

Status ColumnAssembler::AppendParts(Encoding encoding, size_t rows,
                                    const std::vector<std::string>& parts) {
  auto corrupt = [&](const char* what) {
    return DataLoss(std::string("segment column data is corrupt (") + what + ")");
  };
  if (parts.empty()) return corrupt("no parts");
  const uint64_t* validity = nullptr;
  if (!parts[0].empty()) {
    if (parts[0].size() != (rows + 63) / 64 * 8) return corrupt("null bitmap size");
    validity = reinterpret_cast<const uint64_t*>(parts[0].data());
  }
  if (dictionary_) {
    if (encoding != Encoding::kDictionary) return corrupt("dictionary expected");
    return AppendDictionaryParts(rows, parts, validity);
  }
  auto append_strings = [&](auto&& append_one) -> Status {
    if (parts.size() < 3 || parts[1].size() != rows * 4) return corrupt("string lengths");
    const char* chars = parts[2].data();
    size_t pos = 0;
    for (size_t i = 0; i < rows; ++i) {
      uint32_t len;
      std::memcpy(&len, parts[1].data() + i * 4, 4);
      if (pos + len > parts[2].size()) return corrupt("string bytes");
      if (IsValidAt(validity, i)) {
        append_one(std::string_view(chars + pos, len));
      } else {
        builder_.AppendNull();
      }
      pos += len;
    }
    return Status::Ok();
  };
  switch (type_) {
    case Type::kBool: {
      if (parts.size() < 2 || parts[1].size() != rows) return corrupt("bool values");
      for (size_t i = 0; i < rows; ++i) {
        if (IsValidAt(validity, i)) {
          builder_.AppendBool(parts[1][i] != 0);
        } else {
          builder_.AppendNull();
        }
      }
      return Status::Ok();
    }
    case Type::kInt: {
      std::vector<int32_t> v;
      if (parts.size() < 2 || !GetArray(parts[1], rows, &v)) return corrupt("int values");
      for (size_t i = 0; i < rows; ++i) {
        IsValidAt(validity, i) ? builder_.AppendInt(v[i]) : builder_.AppendNull();
      }
      return Status::Ok();
    }
    case Type::kLong:
    case Type::kDatetime:
    case Type::kTimespan: {
      std::vector<int64_t> v;
      if (parts.size() < 2 || !GetArray(parts[1], rows, &v)) return corrupt("long values");
      builder_.Reserve(builder_.size() + rows);
      for (size_t i = 0; i < rows; ++i) {
        IsValidAt(validity, i) ? builder_.AppendLong(v[i]) : builder_.AppendNull();
      }
      return Status::Ok();
    }
    case Type::kReal:
    case Type::kDecimal: {
      std::vector<double> v;
      if (parts.size() < 2 || !GetArray(parts[1], rows, &v)) return corrupt("real values");
      for (size_t i = 0; i < rows; ++i) {
        IsValidAt(validity, i) ? builder_.AppendReal(v[i]) : builder_.AppendNull();
      }
      return Status::Ok();
    }
    case Type::kString:
    case Type::kGuid: {
      if (encoding == Encoding::kPlain) {
        return append_strings([&](std::string_view s) { builder_.AppendString(s); });
      }
      if (parts.size() < 4 || parts[3].size() != rows * 4) return corrupt("dictionary codes");
      std::vector<std::string_view> dict;
      size_t pos = 0;
      for (size_t k = 0; k < parts[1].size() / 4; ++k) {
        uint32_t len;
        std::memcpy(&len, parts[1].data() + k * 4, 4);
        if (pos + len > parts[2].size()) return corrupt("dictionary bytes");
        dict.emplace_back(parts[2].data() + pos, len);
        pos += len;
      }
      for (size_t i = 0; i < rows; ++i) {
        uint32_t code;
        std::memcpy(&code, parts[3].data() + i * 4, 4);
        if (!IsValidAt(validity, i)) {
          builder_.AppendNull();
        } else if (code >= dict.size()) {
          return corrupt("dictionary code out of range");
        } else {
          builder_.AppendString(dict[code]);
        }
      }
      return Status::Ok();
    }
    case Type::kDynamic: {
      bool bad = false;
      Status s = append_strings([&](std::string_view text) {
        Json j = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
        if (j.is_discarded()) bad = true;
        builder_.AppendDynamic(std::make_shared<const Json>(std::move(j)));
      });
      if (bad) return corrupt("dynamic value is not JSON");
      return s;
    }
  }
  return corrupt("unknown type");
}

Status ColumnAssembler::AppendDictionaryParts(size_t rows, const std::vector<std::string>& parts,
                                              const uint64_t* validity) {
  if (parts.size() < 4 || parts[3].size() != rows * 4 || parts[1].size() % 4 != 0) {
    return DataLoss("segment column data is corrupt (dictionary parts)");
  }
  size_t dict_size = parts[1].size() / 4;
  std::vector<uint32_t> remap(dict_size);
  size_t pos = 0;
  for (size_t k = 0; k < dict_size; ++k) {
    uint32_t len;
    std::memcpy(&len, parts[1].data() + k * 4, 4);
    if (pos + len > parts[2].size()) {
      return DataLoss("segment column data is corrupt (dictionary bytes)");
    }
    std::string s(parts[2].data() + pos, len);
    pos += len;
    auto [it, added] = dict_index_.emplace(std::move(s), static_cast<uint32_t>(dict_index_.size()));
    if (added) dict_builder_.AppendString(it->first);
    remap[k] = it->second;
  }
  size_t base = codes_.size();
  codes_.resize(base + rows);
  for (size_t i = 0; i < rows; ++i) {
    uint32_t code;
    std::memcpy(&code, parts[3].data() + i * 4, 4);
    bool valid = IsValidAt(validity, i);
    if (valid && code >= dict_size) {
      return DataLoss("segment column data is corrupt (dictionary code out of range)");
    }
    codes_[base + i] = valid ? remap[code] : 0;
    validity_.Append(base + i, valid);
  }
  return Status::Ok();
}

ColumnPtr ColumnAssembler::Finish() {
  if (!dictionary_) return builder_.Finish();
  // Null rows hold code 0, which must exist.
  if (dict_index_.empty()) dict_builder_.AppendString("");
  ColumnPtr dict = dict_builder_.Finish();
  return Column::MakeDictionary(type_, std::move(dict), std::move(codes_), std::move(validity_));
}

}  // namespace quarry::store
