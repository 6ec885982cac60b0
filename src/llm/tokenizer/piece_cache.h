// A small direct-mapped cache from short pieces to their tokens, so that the pieces text repeats
// (words, field names, punctuation) skip the rank hash table (8 MB, a cache miss per lookup) and
// the merge. Exact: a hit compares the piece's bytes. Internal to llm/tokenizer.
// Thread-safety: none; each thread keeps its own (see PieceCache::ForThread).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "llm/tokenizer/short_bytes.h"

namespace quarry::llm::tokenizer_internal {

class PieceCache {
 public:
  static constexpr size_t kMaxBytes = 24;  // three words of Key
  static constexpr size_t kMaxTokens = 6;
  static constexpr size_t kIndexBits = 12;
  static constexpr size_t kEntries = size_t{1} << kIndexBits;

  // The cache of this thread for `owner` (one tokenizer); a thread switching between more
  // tokenizers than it has caches starts one afresh.
  static PieceCache& ForThread(const void* owner) {
    thread_local std::array<PieceCache, 2> caches;
    thread_local size_t next_victim = 0;
    for (auto& c : caches) {
      if (c.owner_ == owner) return c;
    }
    PieceCache& c = caches[next_victim++ % caches.size()];
    c.Reset(owner);
    return c;
  }

  // Tokens of `piece` if cached: writes them to `out` and returns their number; 0 on a miss.
  size_t Find(std::string_view piece, uint32_t* out) const {
    if (piece.size() > kMaxBytes) return 0;
    const Key key = KeyOf(piece);
    const Entry& e = entries_[Index(key)];
    if (e.len != piece.size() || e.count == 0 || e.words[0] != key.words[0] ||
        e.words[1] != key.words[1] || e.words[2] != key.words[2]) {
      return 0;
    }
    for (size_t i = 0; i < e.count; ++i) out[i] = e.tokens[i];
    return e.count;
  }

  void Insert(std::string_view piece, const uint32_t* tokens, size_t count) {
    if (piece.size() > kMaxBytes || count == 0 || count > kMaxTokens) return;
    const Key key = KeyOf(piece);
    Entry& e = entries_[Index(key)];
    e.len = static_cast<uint8_t>(piece.size());
    e.count = static_cast<uint8_t>(count);
    for (size_t i = 0; i < 3; ++i) e.words[i] = key.words[i];
    for (size_t i = 0; i < count; ++i) e.tokens[i] = tokens[i];
  }

 private:
  // The piece's bytes in three zero-padded words (kMaxBytes <= 24), compared and hashed whole.
  struct Key {
    uint64_t words[3];
  };

  struct Entry {
    uint8_t len = 0;
    uint8_t count = 0;
    uint64_t words[3];
    uint32_t tokens[kMaxTokens];
  };

  static Key KeyOf(std::string_view piece) {
    const auto* p = reinterpret_cast<const unsigned char*>(piece.data());
    const size_t n = piece.size();
    Key key{{0, 0, 0}};
    size_t i = 0;
    for (size_t w = 0; i + 8 <= n; ++w, i += 8) key.words[w] = Load64(p + i);
    if (i < n) key.words[i / 8] = LoadUpTo8(p + i, n - i);
    return key;
  }

  static size_t Index(const Key& key) {
    const uint64_t h = (key.words[0] ^ (key.words[1] * 0x9E3779B97F4A7C15ULL) ^
                        (key.words[2] * 0xC2B2AE3D27D4EB4FULL)) *
                       0xff51afd7ed558ccdULL;
    return static_cast<size_t>(h >> (64 - kIndexBits));
  }

  void Reset(const void* owner) {
    owner_ = owner;
    for (auto& e : entries_) e.count = 0;
  }

  const void* owner_ = nullptr;
  std::array<Entry, kEntries> entries_{};
};

}  // namespace quarry::llm::tokenizer_internal
