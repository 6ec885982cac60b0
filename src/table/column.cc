#include "table/column.h"

#include <bit>
#include <cassert>
#include <cstring>

namespace quarry {

void Validity::SetNull(size_t i, size_t size) {
  if (words_.empty()) words_.assign((size + 63) / 64, ~uint64_t{0});
  if ((i >> 6) >= words_.size()) words_.resize((i >> 6) + 1, ~uint64_t{0});
  words_[i >> 6] &= ~(uint64_t{1} << (i & 63));
}

void Validity::SetValid(size_t i) {
  if (words_.empty()) return;
  words_[i >> 6] |= uint64_t{1} << (i & 63);
}

void Validity::Append(size_t i, bool valid) {
  if (valid) {
    if (!words_.empty() && (i >> 6) >= words_.size()) words_.push_back(~uint64_t{0});
    return;
  }
  SetNull(i, i + 1);
}

size_t Validity::NullCount(size_t size) const {
  if (words_.empty()) return 0;
  size_t valid = 0;
  size_t full = size / 64;
  for (size_t w = 0; w < full && w < words_.size(); ++w) valid += std::popcount(words_[w]);
  if (size % 64 && full < words_.size()) {
    uint64_t mask = (uint64_t{1} << (size % 64)) - 1;
    valid += std::popcount(words_[full] & mask);
  }
  return size - valid;
}

Value Column::GetValue(size_t i) const {
  if (IsNull(i)) return Value::Null(type_);
  switch (type_) {
    case Type::kBool: return Value::Bool(bools_[i] != 0);
    case Type::kInt: return Value::Int(ints_[i]);
    case Type::kLong: return Value::Long(longs_[i]);
    case Type::kDatetime: return Value::Datetime(longs_[i]);
    case Type::kTimespan: return Value::Timespan(longs_[i]);
    case Type::kReal: return Value::Real(reals_[i]);
    case Type::kDecimal: return Value::Decimal(reals_[i]);
    case Type::kString: return Value::String(std::string(str(i)));
    case Type::kGuid: return Value::Guid(std::string(str(i)));
    case Type::kDynamic: return Value::Dynamic(dynamics_[i]);
  }
  return Value::Null(type_);
}

size_t Column::MemoryBytes() const {
  size_t bytes = validity_.words().size() * 8 + bools_.size() + ints_.size() * 4 +
                 longs_.size() * 8 + reals_.size() * 8 + offsets_.size() * 8 + chars_.size() +
                 dynamics_.size() * sizeof(DynamicPtr) + codes_.size() * 4;
  if (dictionary_) bytes += dictionary_->MemoryBytes();
  return bytes;
}

ColumnPtr Column::MakeNulls(Type type, size_t size) {
  return MakeConstant(Value::Null(type), size);
}

ColumnPtr Column::MakeConstant(const Value& value, size_t size) {
  ColumnBuilder b(value.type());
  b.Reserve(size, value.type() == Type::kString ? value.string_value().size() * size : 0);
  for (size_t i = 0; i < size; ++i) b.AppendValue(value);
  return b.Finish();
}

ColumnPtr Column::MakeDictionary(Type type, ColumnPtr dictionary, std::vector<uint32_t> codes,
                                 Validity validity) {
  auto c = std::make_shared<Column>();
  c->type_ = type;
  c->size_ = codes.size();
  c->dictionary_ = std::move(dictionary);
  c->codes_ = std::move(codes);
  c->validity_ = std::move(validity);
  return c;
}

ColumnPtr Column::Gather(const Column& source, std::span<const uint32_t> indices) {
  if (source.is_dictionary()) {
    std::vector<uint32_t> codes(indices.size());
    Validity validity;
    for (size_t k = 0; k < indices.size(); ++k) {
      codes[k] = source.codes_[indices[k]];
      if (source.IsNull(indices[k])) validity.SetNull(k, indices.size());
    }
    return MakeDictionary(source.type_, source.dictionary_, std::move(codes), std::move(validity));
  }
  const bool text = source.type_ == Type::kString || source.type_ == Type::kGuid;
  if (text && indices.size() > source.size_ && source.validity_.AllValid()) {
    // More rows out than in (a join's small side fanned out): the source becomes the
    // dictionary and each row a code, instead of copying its text once per row.
    std::vector<uint32_t> codes(indices.begin(), indices.end());
    return MakeDictionary(source.type_, Slice(source, 0, source.size_), std::move(codes),
                          Validity());
  }
  auto c = std::make_shared<Column>();
  c->type_ = source.type_;
  c->size_ = indices.size();
  auto gather = [&](const auto& from, auto& to) {
    to.resize(indices.size());
    for (size_t k = 0; k < indices.size(); ++k) to[k] = from[indices[k]];
  };
  switch (source.type_) {
    case Type::kBool: gather(source.bools_, c->bools_); break;
    case Type::kInt: gather(source.ints_, c->ints_); break;
    case Type::kLong:
    case Type::kDatetime:
    case Type::kTimespan: gather(source.longs_, c->longs_); break;
    case Type::kReal:
    case Type::kDecimal: gather(source.reals_, c->reals_); break;
    case Type::kDynamic: gather(source.dynamics_, c->dynamics_); break;
    case Type::kString:
    case Type::kGuid: {
      size_t bytes = 0;
      for (uint32_t i : indices) bytes += source.offsets_[i + 1] - source.offsets_[i];
      c->offsets_.resize(indices.size() + 1);
      c->chars_.resize(bytes);
      uint64_t at = 0;
      for (size_t k = 0; k < indices.size(); ++k) {
        uint64_t from = source.offsets_[indices[k]], len = source.offsets_[indices[k] + 1] - from;
        if (len) std::memcpy(c->chars_.data() + at, source.text() + from, len);
        at += len;
        c->offsets_[k + 1] = at;
      }
      break;
    }
  }
  if (!source.validity_.AllValid()) {
    for (size_t k = 0; k < indices.size(); ++k) {
      if (source.IsNull(indices[k])) c->validity_.SetNull(k, indices.size());
    }
  }
  return c;
}

namespace {

// Bits [offset, offset+count) of `v` as a bitmap of their own (empty when all are valid).
Validity SliceValidity(const Validity& v, size_t offset, size_t count) {
  Validity out;
  if (v.AllValid()) return out;
  const auto& in = v.words();
  auto bit_word = [&](size_t first) {  // 64 bits starting at bit `first` (past the end: valid)
    size_t w = first >> 6, shift = first & 63;
    uint64_t lo = w < in.size() ? in[w] : ~uint64_t{0};
    if (shift == 0) return lo;
    uint64_t hi = w + 1 < in.size() ? in[w + 1] : ~uint64_t{0};
    return (lo >> shift) | (hi << (64 - shift));
  };
  std::vector<uint64_t> words((count + 63) / 64);
  bool any_null = false;
  for (size_t w = 0; w < words.size(); ++w) {
    words[w] = bit_word(offset + w * 64);
    if (size_t rest = count - w * 64; rest < 64) words[w] |= ~uint64_t{0} << rest;
    any_null |= words[w] != ~uint64_t{0};
  }
  if (any_null) out.mutable_words() = std::move(words);
  return out;
}

template <typename T>
std::vector<T> SubVector(const std::vector<T>& v, size_t offset, size_t count) {
  if (v.empty()) return {};
  return std::vector<T>(v.begin() + offset, v.begin() + offset + count);
}

}  // namespace

ColumnPtr Column::Slice(const Column& source, size_t offset, size_t count) {
  assert(offset + count <= source.size_);
  Validity validity = SliceValidity(source.validity_, offset, count);
  if (source.is_dictionary()) {
    return MakeDictionary(source.type_, source.dictionary_, SubVector(source.codes_, offset, count),
                          std::move(validity));
  }
  auto c = std::make_shared<Column>();
  c->type_ = source.type_;
  c->size_ = count;
  c->validity_ = std::move(validity);
  switch (source.type_) {
    case Type::kBool: c->bools_ = SubVector(source.bools_, offset, count); break;
    case Type::kInt: c->ints_ = SubVector(source.ints_, offset, count); break;
    case Type::kLong:
    case Type::kDatetime:
    case Type::kTimespan: c->longs_ = SubVector(source.longs_, offset, count); break;
    case Type::kReal:
    case Type::kDecimal: c->reals_ = SubVector(source.reals_, offset, count); break;
    case Type::kDynamic: c->dynamics_ = SubVector(source.dynamics_, offset, count); break;
    case Type::kString:
    case Type::kGuid: {
      uint64_t base = source.offsets_[offset];
      uint64_t end = source.offsets_[offset + count];
      c->offsets_.resize(count + 1);
      for (size_t k = 0; k <= count; ++k) c->offsets_[k] = source.offsets_[offset + k] - base;
      c->chars_.assign(source.text() + base, source.text() + end);
      break;
    }
  }
  return c;
}

ColumnPtr Column::View(const ColumnPtr& source, size_t offset, size_t count) {
  assert(offset + count <= source->size_);
  const bool text = source->type_ == Type::kString || source->type_ == Type::kGuid;
  if (!text || source->is_dictionary()) return Slice(*source, offset, count);
  auto c = std::make_shared<Column>();
  c->type_ = source->type_;
  c->size_ = count;
  c->validity_ = SliceValidity(source->validity_, offset, count);
  c->offsets_.assign(source->offsets_.begin() + static_cast<ptrdiff_t>(offset),
                     source->offsets_.begin() + static_cast<ptrdiff_t>(offset + count + 1));
  c->shared_text_ = source->shared_text_ ? source->shared_text_ : source;
  return c;
}

ColumnPtr Column::Concat(std::span<const ColumnPtr> parts) {
  assert(!parts.empty());
  bool plain = true;
  for (const auto& p : parts) plain &= !p->is_dictionary();
  if (plain) {  // bulk copies of each part's storage
    auto c = std::make_shared<Column>();
    c->type_ = parts[0]->type_;
    bool any_null = false;
    for (const auto& p : parts) any_null |= !p->validity_.AllValid();
    size_t row = 0;
    for (const auto& p : parts) {
      assert(p->type_ == c->type_);
      auto append = [](auto& to, const auto& from) { to.insert(to.end(), from.begin(), from.end()); };
      append(c->bools_, p->bools_);
      append(c->ints_, p->ints_);
      append(c->longs_, p->longs_);
      append(c->reals_, p->reals_);
      append(c->dynamics_, p->dynamics_);
      if (c->type_ == Type::kString || c->type_ == Type::kGuid) {
        // A part's rows are its text from offsets_[0] on (a view's offsets do not start at 0).
        const uint64_t first = p->offsets_.front(), last = p->offsets_.back();
        const uint64_t base = c->chars_.size();
        for (size_t i = 1; i < p->offsets_.size(); ++i) {
          c->offsets_.push_back(base + p->offsets_[i] - first);
        }
        c->chars_.insert(c->chars_.end(), p->text() + first, p->text() + last);
      }
      if (any_null) {
        for (size_t i = 0; i < p->size_; ++i) {
          if (p->IsNull(i)) c->validity_.SetNull(row + i, row + p->size_);
        }
      }
      row += p->size_;
    }
    c->size_ = row;
    if (any_null) {  // the bitmap covers every row (SetNull sized it to the last null)
      c->validity_.mutable_words().resize((row + 63) / 64, ~uint64_t{0});
    }
    return c;
  }
  ColumnBuilder b(parts[0]->type_);
  size_t total = 0;
  for (const auto& p : parts) total += p->size();
  b.Reserve(total);
  for (const auto& p : parts) {
    for (size_t i = 0; i < p->size(); ++i) b.AppendFrom(*p, i);
  }
  return b.Finish();
}

ColumnBuilder::ColumnBuilder(Type type) : column_(std::make_shared<Column>()) {
  column_->type_ = type;
}

void ColumnBuilder::Reserve(size_t rows, size_t string_bytes) {
  Column& c = *column_;
  switch (c.type_) {
    case Type::kBool: c.bools_.reserve(rows); break;
    case Type::kInt: c.ints_.reserve(rows); break;
    case Type::kLong:
    case Type::kDatetime:
    case Type::kTimespan: c.longs_.reserve(rows); break;
    case Type::kReal:
    case Type::kDecimal: c.reals_.reserve(rows); break;
    case Type::kString:
    case Type::kGuid:
      c.offsets_.reserve(rows + 1);
      c.chars_.reserve(string_bytes);
      break;
    case Type::kDynamic: c.dynamics_.reserve(rows); break;
  }
}

void ColumnBuilder::AppendValidity(bool valid) {
  column_->validity_.Append(column_->size_, valid);
  ++column_->size_;
}

void ColumnBuilder::AppendNull() {
  Column& c = *column_;
  switch (c.type_) {
    case Type::kBool: c.bools_.push_back(0); break;
    case Type::kInt: c.ints_.push_back(0); break;
    case Type::kLong:
    case Type::kDatetime:
    case Type::kTimespan: c.longs_.push_back(0); break;
    case Type::kReal:
    case Type::kDecimal: c.reals_.push_back(0); break;
    case Type::kString:
    case Type::kGuid: c.offsets_.push_back(c.chars_.size()); break;
    case Type::kDynamic: c.dynamics_.push_back(nullptr); break;
  }
  AppendValidity(false);
}

void ColumnBuilder::AppendBool(bool b) {
  column_->bools_.push_back(b ? 1 : 0);
  AppendValidity(true);
}
void ColumnBuilder::AppendInt(int32_t i) {
  column_->ints_.push_back(i);
  AppendValidity(true);
}
void ColumnBuilder::AppendLong(int64_t i) {
  column_->longs_.push_back(i);
  AppendValidity(true);
}
void ColumnBuilder::AppendReal(double d) {
  column_->reals_.push_back(d);
  AppendValidity(true);
}
void ColumnBuilder::AppendString(std::string_view s) {
  Column& c = *column_;
  c.chars_.insert(c.chars_.end(), s.begin(), s.end());
  c.offsets_.push_back(c.chars_.size());
  AppendValidity(true);
}
void ColumnBuilder::AppendDynamic(DynamicPtr j) {
  if (j == nullptr || j->is_null()) {
    AppendNull();
    return;
  }
  column_->dynamics_.push_back(std::move(j));
  AppendValidity(true);
}

void ColumnBuilder::AppendValue(const Value& v) {
  if (v.is_null()) {
    AppendNull();
    return;
  }
  switch (column_->type_) {
    case Type::kBool: AppendBool(v.bool_value()); break;
    case Type::kInt: AppendInt(static_cast<int32_t>(v.int_value())); break;
    case Type::kLong:
    case Type::kDatetime:
    case Type::kTimespan: AppendLong(v.int_value()); break;
    case Type::kReal:
    case Type::kDecimal: AppendReal(v.real_value()); break;
    case Type::kString:
    case Type::kGuid: AppendString(v.string_value()); break;
    case Type::kDynamic: AppendDynamic(v.dynamic_ptr()); break;
  }
}

void ColumnBuilder::AppendFrom(const Column& s, size_t i) {
  if (s.IsNull(i)) {
    AppendNull();
    return;
  }
  switch (s.type_) {
    case Type::kBool: AppendBool(s.bools_[i] != 0); break;
    case Type::kInt: AppendInt(s.ints_[i]); break;
    case Type::kLong:
    case Type::kDatetime:
    case Type::kTimespan: AppendLong(s.longs_[i]); break;
    case Type::kReal:
    case Type::kDecimal: AppendReal(s.reals_[i]); break;
    case Type::kString:
    case Type::kGuid: AppendString(s.str(i)); break;
    case Type::kDynamic: AppendDynamic(s.dynamics_[i]); break;
  }
}

ColumnPtr ColumnBuilder::Finish() {
  auto done = std::move(column_);
  Type t = done->type_;
  column_ = std::make_shared<Column>();
  column_->type_ = t;
  return done;
}

}  // namespace quarry
