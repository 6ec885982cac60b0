// Grouper: assigns dense group ids to rows by the values of key columns (summarize by,
// distinct, join keys, make-series), hashing typed values directly with fast paths for one
// string or one integer key, and for two keys of those kinds. RowOrder: Kusto's ordering of rows by key columns (sort, top).
//
// Nulls form one group of their own; a null string and "" are the same key, as in Kusto.
// Not thread-safe: one Grouper per thread; Merge() combines the groups of another Grouper.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "table/column.h"

namespace quarry::kql {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};

class Grouper {
 public:
  explicit Grouper(std::vector<Type> key_types);

  // Appends the group id of every row of `keys` (all `rows` long) to `group_ids`, creating
  // groups for keys not seen before.
  void Add(std::span<const ColumnPtr> keys, size_t rows, std::vector<uint32_t>* group_ids);
  // Looks up groups without creating them: -1 where the key is unknown.
  void Find(std::span<const ColumnPtr> keys, size_t rows, std::vector<int64_t>* group_ids) const;

  size_t num_groups() const { return num_groups_; }
  // One column per key with each group's key value, in group-id order.
  std::vector<ColumnPtr> KeyColumns();

  // Appends every group of `other` not yet here; `mapping[g]` receives this grouper's id of
  // other's group g.
  void Merge(Grouper& other, std::vector<uint32_t>* mapping);

 private:
  void EncodeRow(std::span<const ColumnPtr> keys, size_t row, std::string* out) const;
  uint32_t NewGroup(std::span<const ColumnPtr> keys, size_t row);

  std::vector<Type> types_;
  size_t num_groups_ = 0;
  std::vector<ColumnBuilder> key_builders_;
  std::vector<ColumnPtr> finished_;
  // Fast path: one string key.
  std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> strings_;
  // Fast path: one integer-like key (int, long, datetime, timespan, bool).
  std::unordered_map<int64_t, uint32_t> integers_;
  std::optional<uint32_t> null_group_;
  // Fast path: two keys, each integer-like or a string. Each key's values get dense ids of
  // their own (a dictionary column resolves each entry once), and the pair of ids is the key.
  struct KeyIds {
    bool is_string = false;
    std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> strings;
    std::unordered_map<int64_t, uint32_t> integers;
    std::optional<uint32_t> null_id;  // integer keys only (a null string is "")
    uint32_t next = 0;
    static constexpr uint32_t kUnknown = UINT32_MAX;
    // The id of every row of `c`; values not seen before get new ids.
    void Map(const Column& c, size_t rows, std::vector<uint32_t>* out);
    // The same without adding values: kUnknown for values not seen.
    void Lookup(const Column& c, size_t rows, std::vector<uint32_t>* out) const;
  };
  KeyIds pair_keys_[2];
  std::unordered_map<uint64_t, uint32_t> pairs_;
  // General case: encoded rows.
  std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> encoded_;
  enum class Mode { kString, kInteger, kPair, kEncoded } mode_;
};

struct OrderKey {
  ColumnPtr column;
  bool descending = false;
  bool nulls_first = true;
};

// Compares rows a and b by the keys in turn: <0, 0, >0.
int CompareRows(std::span<const OrderKey> keys, size_t a, size_t b);

// Row indices of `rows` rows sorted by `keys` (stable). With `limit`, only the first `limit`
// positions are guaranteed sorted (partial sort) and the result has at most `limit` entries.
std::vector<uint32_t> SortedRowIndices(std::span<const OrderKey> keys, size_t rows,
                                       std::optional<size_t> limit);

// Three-way comparison of two values of the same column type (nulls excluded).
int CompareValuesAt(const Column& c, size_t a, size_t b);

}  // namespace quarry::kql
