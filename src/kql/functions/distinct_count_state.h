// The state of dcount / dcountif / count_distinct: the exact number of distinct non-null values
// per group (strings count null as the empty string, as Kusto does).
//
// Values are kept as 64-bit hashes in a set per group. A dictionary-encoded string column is
// handled per dictionary entry instead: while (group, entry) pairs fit a bitmap, each row only
// sets a bit, and the bitmap is counted at Finish (or turned into hashes only when it must meet
// values of another column). Partial states over slices of one column share its dictionary, so
// merging them ORs bitmap rows.
//
// Internal to the function library.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <unordered_set>
#include <vector>

#include "kql/function_registry.h"
#include "kql/functions/aggregate_util.h"

namespace quarry::kql::fn {

// The (group, dictionary entry) bits of a DistinctCountState over one dictionary; entry
// dictionary->size() is the null row. (At namespace scope: a nested struct with member
// initializers is not yet default-constructible inside its class, which std::optional needs.)
struct DictionaryEntryBits {
  ColumnPtr dictionary;
  size_t words_per_group = 0;
  std::vector<uint64_t> bits;  // group-major: group g's words start at g * words_per_group
  std::vector<uint64_t> hashes;  // per entry, computed when first needed (0 entries: none yet)

  size_t entries() const { return dictionary->size() + 1; }
  size_t groups() const { return words_per_group ? bits.size() / words_per_group : 0; }
  bool Test(size_t g, size_t e) const {
    return (bits[g * words_per_group + e / 64] >> (e % 64)) & 1;
  }
  void GrowTo(size_t num_groups);
  uint64_t EntryHash(size_t e);
  // True when no two entries hold the same string (a dictionary need not be unique: a
  // gathered column may repeat values). Sets *empty_entry to the entry holding "" (or npos),
  // which is the same value as the null row.
  bool EntriesDistinct(size_t* empty_entry) const;
};

class DistinctCountState : public AggregateState {
 public:
  explicit DistinctCountState(bool conditional) : conditional_(conditional) {}
  void Update(std::span<const Datum> args, std::span<const uint32_t> groups,
              size_t num_groups) override;
  void Merge(AggregateState& other, std::span<const uint32_t> into, size_t num_groups) override;
  Result<std::vector<ColumnPtr>> Finish(size_t num_groups) override;

 private:
  bool UpdateDictionary(const Column& c, const ArgView* predicate,
                        std::span<const uint32_t> groups, size_t num_groups);
  // Moves the bits of group g (or all groups) into the hash sets.
  void SpillGroup(DictionaryEntryBits& from, size_t g, std::unordered_set<uint64_t>& to);
  void SpillAll();

  bool conditional_;
  std::vector<std::unordered_set<uint64_t>> sets_;
  std::optional<DictionaryEntryBits> bits_;
};

}  // namespace quarry::kql::fn
