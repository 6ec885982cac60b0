#include "store/column_codec.h"

#include <cstring>
#include <span>

namespace quarry::store {
namespace {

// A dictionary pays off when values repeat: at most this share of distinct values.
constexpr size_t kMaxDictionaryShareDivisor = 4;
constexpr size_t kMaxDictionarySize = 1 << 20;

template <typename T>
void PutArray(std::string* out, const T* data, size_t n) {
  out->append(reinterpret_cast<const char*>(data), n * sizeof(T));
}

template <typename T>
void PutValue(std::string* out, T v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof(T));
}

template <typename T>
bool GetArray(const std::string& part, size_t n, std::vector<T>* out) {
  if (part.size() != n * sizeof(T)) return false;
  out->resize(n);
  if (n) std::memcpy(out->data(), part.data(), n * sizeof(T));
  return true;
}

std::string ValidityPart(const Column& c, uint64_t* nulls) {
  *nulls = c.NullCount();
  if (*nulls == 0) return {};
  size_t words = (c.size() + 63) / 64;
  std::vector<uint64_t> bits(words, 0);
  for (size_t i = 0; i < c.size(); ++i) {
    if (!c.IsNull(i)) bits[i >> 6] |= uint64_t{1} << (i & 63);
  }
  std::string out;
  PutArray(&out, bits.data(), bits.size());
  return out;
}

bool IsValidAt(const uint64_t* validity, size_t i) {
  return validity == nullptr || ((validity[i >> 6] >> (i & 63)) & 1);
}

}  // namespace

EncodedColumn EncodeColumn(const Column& c) {
  EncodedColumn e;
  e.parts.push_back(ValidityPart(c, &e.nulls));
  const size_t n = c.size();
  switch (c.type()) {
    case Type::kBool:
      e.parts.emplace_back(reinterpret_cast<const char*>(c.bools().data()), n);
      break;
    case Type::kInt:
      e.parts.emplace_back();
      PutArray(&e.parts.back(), c.ints().data(), n);
      break;
    case Type::kLong:
    case Type::kDatetime:
    case Type::kTimespan:
      e.parts.emplace_back();
      PutArray(&e.parts.back(), c.longs().data(), n);
      break;
    case Type::kReal:
    case Type::kDecimal:
      e.parts.emplace_back();
      PutArray(&e.parts.back(), c.reals().data(), n);
      break;
    case Type::kString:
    case Type::kGuid: {
      std::unordered_map<std::string_view, uint32_t> index;
      std::vector<uint32_t> codes(n, 0);
      bool dictionary = n >= 16;
      size_t limit = std::min(kMaxDictionarySize, n / kMaxDictionaryShareDivisor + 1);
      for (size_t i = 0; i < n && dictionary; ++i) {
        if (c.IsNull(i)) continue;
        auto [it, added] = index.emplace(c.str(i), static_cast<uint32_t>(index.size()));
        codes[i] = it->second;
        if (added && index.size() > limit) dictionary = false;
      }
      std::string lengths, chars;
      if (dictionary) {
        e.encoding = Encoding::kDictionary;
        std::vector<std::string_view> dict(index.size());
        for (const auto& [s, code] : index) dict[code] = s;
        for (std::string_view s : dict) {
          PutValue(&lengths, static_cast<uint32_t>(s.size()));
          chars.append(s);
        }
        e.parts.push_back(std::move(lengths));
        e.parts.push_back(std::move(chars));
        e.parts.emplace_back();
        PutArray(&e.parts.back(), codes.data(), n);
      } else {
        // Sized up front: a segment's text column can be hundreds of MB, and growing a string
        // that large by doubling copies it again and faults in fresh pages each time.
        lengths.reserve(n * sizeof(uint32_t));
        if (!c.is_dictionary()) chars.reserve(c.offsets().back() - c.offsets().front());
        for (size_t i = 0; i < n; ++i) {
          std::string_view s = c.IsNull(i) ? std::string_view() : c.str(i);
          PutValue(&lengths, static_cast<uint32_t>(s.size()));
          chars.append(s);
        }
        e.parts.push_back(std::move(lengths));
        e.parts.push_back(std::move(chars));
      }
      break;
    }
    case Type::kDynamic: {
      std::string lengths, chars;
      for (size_t i = 0; i < n; ++i) {
        std::string text = c.IsNull(i) ? std::string() : c.dynamic(i)->dump();
        PutValue(&lengths, static_cast<uint32_t>(text.size()));
        chars.append(text);
      }
      e.parts.push_back(std::move(lengths));
      e.parts.push_back(std::move(chars));
      break;
    }
  }
  return e;
}

ColumnAssembler::ColumnAssembler(Type type, bool dictionary)
    : type_(type), dictionary_(dictionary), builder_(type), dict_builder_(type) {}

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
