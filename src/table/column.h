// Column: the values of one KQL type for a run of rows, stored as typed vectors plus a null
// bitmap. Strings (and guids) live in one byte buffer with offsets — no heap allocation per
// value — or, for low-cardinality data, as 32-bit codes into a shared dictionary column.
//
// Columns are built once (ColumnBuilder or the typed Make* factories) and then immutable; share
// them with std::shared_ptr<const Column>. Immutable columns are safe to read from many threads.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "table/type.h"
#include "table/value.h"

namespace quarry {

class Column;
using ColumnPtr = std::shared_ptr<const Column>;

// A null bitmap: bit i set = row i is valid (not null). Empty = every row valid.
class Validity {
 public:
  bool AllValid() const { return words_.empty(); }
  bool IsValid(size_t i) const { return words_.empty() || ((words_[i >> 6] >> (i & 63)) & 1); }
  // Marks row i null; `size` is the column length (the bitmap is materialised on first null).
  void SetNull(size_t i, size_t size);
  void SetValid(size_t i);
  // Appends one entry at position i (== current length) with the given validity.
  void Append(size_t i, bool valid);
  const std::vector<uint64_t>& words() const { return words_; }
  std::vector<uint64_t>& mutable_words() { return words_; }
  size_t NullCount(size_t size) const;

 private:
  std::vector<uint64_t> words_;
};

class Column {
 public:
  Type type() const { return type_; }
  size_t size() const { return size_; }

  bool IsNull(size_t i) const { return !validity_.IsValid(i); }
  const Validity& validity() const { return validity_; }
  size_t NullCount() const { return validity_.NullCount(size_); }

  // Typed storage. REQUIRES: the matching type. Null slots hold 0 / "" / nullptr.
  std::span<const uint8_t> bools() const { return bools_; }      // kBool: 0 or 1
  std::span<const int32_t> ints() const { return ints_; }       // kInt
  std::span<const int64_t> longs() const { return longs_; }      // kLong, kDatetime, kTimespan
  std::span<const double> reals() const { return reals_; }       // kReal, kDecimal
  const DynamicPtr& dynamic(size_t i) const { return dynamics_[i]; }  // kDynamic

  // kString / kGuid.
  bool is_dictionary() const { return dictionary_ != nullptr; }
  std::string_view str(size_t i) const {
    if (dictionary_) return dictionary_->str(codes_[i]);
    return std::string_view(text() + offsets_[i], offsets_[i + 1] - offsets_[i]);
  }
  // Dictionary form. REQUIRES: is_dictionary(). The dictionary is a plain string column
  // without nulls; codes_[i] indexes it (null rows hold code 0 and are marked in validity).
  const Column& dictionary() const { return *dictionary_; }
  const ColumnPtr& dictionary_ptr() const { return dictionary_; }
  std::span<const uint32_t> codes() const { return codes_; }
  // Plain form. REQUIRES: !is_dictionary(). Row i is chars()[offsets()[i], offsets()[i+1]);
  // offsets()[0] need not be 0 (a view indexes the text of the column it was cut from).
  std::span<const uint64_t> offsets() const { return offsets_; }
  std::string_view chars() const {
    return shared_text_ ? shared_text_->chars() : std::string_view(chars_.data(), chars_.size());
  }

  // Row i as a Value (slow path; for printing, tests and row-at-a-time code).
  Value GetValue(size_t i) const;

  // Approximate heap bytes held (for memory accounting).
  size_t MemoryBytes() const;

  // Factories for whole columns.
  static ColumnPtr MakeNulls(Type type, size_t size);
  static ColumnPtr MakeConstant(const Value& value, size_t size);
  static ColumnPtr MakeDictionary(Type type, ColumnPtr dictionary, std::vector<uint32_t> codes,
                                  Validity validity);
  // A copy of the rows at `indices` (in that order).
  static ColumnPtr Gather(const Column& source, std::span<const uint32_t> indices);
  // A copy of rows [offset, offset+count).
  static ColumnPtr Slice(const Column& source, size_t offset, size_t count);
  // Rows [offset, offset+count) as a view: plain text is not copied but shared with `source`
  // (kept alive by the view), other storage is copied as Slice does. For short-lived pieces
  // of a column (a thread's share of an operator's rows); a small view keeps all of the
  // source's text alive, so results that outlive the operator should use Slice.
  static ColumnPtr View(const ColumnPtr& source, size_t offset, size_t count);
  // Rows of `parts` one after another. REQUIRES: all of the same type.
  static ColumnPtr Concat(std::span<const ColumnPtr> parts);

 private:
  friend class ColumnBuilder;

  Type type_ = Type::kString;
  size_t size_ = 0;
  Validity validity_;
  std::vector<uint8_t> bools_;
  std::vector<int32_t> ints_;
  std::vector<int64_t> longs_;
  std::vector<double> reals_;
  // Text of kString / kGuid: bytes in chars_, or, for a view, in shared_text_'s chars_.
  const char* text() const { return shared_text_ ? shared_text_->chars_.data() : chars_.data(); }

  std::vector<uint64_t> offsets_{0};
  std::vector<char> chars_;
  ColumnPtr shared_text_;  // set on views (never itself a view)
  std::vector<DynamicPtr> dynamics_;
  ColumnPtr dictionary_;
  std::vector<uint32_t> codes_;
};

// Builds a Column one value at a time. Append* REQUIRES: the builder's type (AppendValue
// converts nothing: a Value of another type is a bug, except nulls of any type).
class ColumnBuilder {
 public:
  explicit ColumnBuilder(Type type);

  Type type() const { return column_->type_; }
  size_t size() const { return column_->size_; }
  void Reserve(size_t rows, size_t string_bytes = 0);

  void AppendNull();
  void AppendBool(bool b);
  void AppendInt(int32_t i);
  void AppendLong(int64_t i);  // also datetime / timespan ticks
  void AppendReal(double d);   // also decimal
  void AppendString(std::string_view s);  // also guid
  void AppendDynamic(DynamicPtr j);       // nullptr or JSON null = null
  void AppendValue(const Value& v);
  // Appends row i of `source` (same type).
  void AppendFrom(const Column& source, size_t i);

  // Finishes the column; the builder is empty afterwards.
  ColumnPtr Finish();

 private:
  void AppendValidity(bool valid);

  std::shared_ptr<Column> column_;
};

}  // namespace quarry
