// DictionaryIndex: gives each distinct string a dense code (0, 1, 2, ... in first-seen order), for
// deciding whether a segment's text column is worth dictionary-encoding and building the
// dictionary if it is (internal to the store's column codec). It gives up once it has seen more
// distinct strings than its limit, so a column of unique values costs a bounded amount of work.
//
// An open-addressing table of (hash, code) slots over the strings themselves, which are not
// copied: they must outlive the index. The hash is keyed with a per-process random seed, because
// the strings are log text an attacker may choose (colliding keys must not be craftable).
//
// Thread-compatible.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace quarry::store {

class DictionaryIndex {
 public:
  static constexpr uint32_t kOverLimit = UINT32_MAX;

  // Accepts at most `limit` distinct strings (limit < kOverLimit).
  explicit DictionaryIndex(size_t limit);

  // The code of `s`, added when new; kOverLimit when adding it would pass the limit (the index
  // keeps what it had, and every later new string is refused too).
  uint32_t Insert(std::string_view s);

  // The distinct strings, indexed by code.
  const std::vector<std::string_view>& entries() const { return entries_; }

 private:
  struct Slot {
    uint64_t hash = 0;
    uint32_t code = kOverLimit;  // kOverLimit: empty
  };
  void Grow();

  size_t limit_;
  std::vector<Slot> slots_;  // a power of two, at most half full
  std::vector<std::string_view> entries_;
};

// A keyed 64-bit hash of `s` (the key is chosen at random once per process).
uint64_t HashText(std::string_view s);

}  // namespace quarry::store
