// The byte-pair ranks of one encoding: token bytes <-> rank (the token id), with a lookup fast
// enough to sit in the merge loop.
//
// Parsed from the canonical `.tiktoken` text format (one "<base64 bytes> <rank>" per line).
// Lookup is an open-addressing hash table keyed by the bytes, fronted by a Bloom filter; keys of
// up to 8 bytes are compared inside the slot without touching the byte arena. Internal to llm/tokenizer. Thread-safety:
// immutable after Parse(); const methods are safe to call concurrently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace quarry::llm::tokenizer_internal {

inline constexpr uint32_t kNoRank = 0xFFFFFFFF;

class RankTable {
 public:
  // `where` names the source in error messages (e.g. the file path).
  // REQUIRES: ranks are unique; every single byte 0..255 has a rank (checked: DataLoss).
  static Result<RankTable> Parse(std::string_view text, std::string_view where);

  // The rank of these bytes, or kNoRank.
  uint32_t Find(const unsigned char* data, size_t len) const {
    if (len == 2) return short_ranks_[256 + (size_t{data[0]} << 8 | data[1])];
    if (len == 1) return short_ranks_[data[0]];
    return FindInSlots(data, len);
  }
  uint32_t Find(std::string_view bytes) const {
    return Find(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  }

  // The bytes of a rank; empty if the rank does not exist.
  std::string_view Bytes(uint32_t rank) const;

  size_t size() const { return count_; }
  // One past the largest rank.
  uint32_t rank_limit() const { return static_cast<uint32_t>(offsets_.size()); }

 private:
  struct Slot {
    uint64_t key = 0;  // the bytes themselves (len <= 8) or their hash
    uint32_t rank = kNoRank;
    uint32_t len = 0;
  };

  void Insert(uint32_t rank);
  uint32_t FindInSlots(const unsigned char* data, size_t len) const;

  std::string arena_;
  std::vector<uint32_t> offsets_;  // by rank; lengths_ likewise (length 0: no such rank)
  std::vector<uint32_t> lengths_;
  std::vector<Slot> slots_;
  // A blocked Bloom filter over the keys (256 KB, stays in cache): most lookups during merging
  // are of byte strings that are not tokens, and it answers those without touching slots_.
  std::vector<uint64_t> bloom_;
  std::vector<uint32_t> short_ranks_;  // ranks of all 1- and 2-byte strings, direct-indexed
  size_t mask_ = 0;
  size_t count_ = 0;
};

}  // namespace quarry::llm::tokenizer_internal
