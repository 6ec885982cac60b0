// A small direct-mapped cache from short pieces to their tokens, so that the pieces text repeats
// (words, field names, punctuation) skip the rank hash table (8 MB, a cache miss per lookup) and
// the merge. Exact: a hit compares the piece's bytes. Internal to llm/tokenizer.
// Thread-safety: none; each thread keeps its own (see PieceCache::ForThread).
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace quarry::llm::tokenizer_internal {

class PieceCache {
 public:
  static constexpr size_t kMaxBytes = 22;
  static constexpr size_t kMaxTokens = 6;
  static constexpr size_t kEntries = 4096;

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
    const Entry& e = entries_[Index(piece)];
    if (e.len != piece.size() || e.count == 0 || std::memcmp(e.bytes, piece.data(), e.len) != 0) {
      return 0;
    }
    std::memcpy(out, e.tokens, e.count * sizeof(uint32_t));
    return e.count;
  }

  void Insert(std::string_view piece, const uint32_t* tokens, size_t count) {
    if (piece.size() > kMaxBytes || count == 0 || count > kMaxTokens) return;
    Entry& e = entries_[Index(piece)];
    e.len = static_cast<uint8_t>(piece.size());
    e.count = static_cast<uint8_t>(count);
    std::memcpy(e.bytes, piece.data(), piece.size());
    std::memcpy(e.tokens, tokens, count * sizeof(uint32_t));
  }

 private:
  struct Entry {
    uint8_t len = 0;
    uint8_t count = 0;
    char bytes[kMaxBytes];
    uint32_t tokens[kMaxTokens];
  };

  static size_t Index(std::string_view piece) {
    uint64_t h = 0xcbf29ce484222325ULL ^ piece.size();
    for (unsigned char c : piece) h = (h ^ c) * 0x100000001b3ULL;
    return static_cast<size_t>((h ^ (h >> 29)) & (kEntries - 1));
  }

  void Reset(const void* owner) {
    owner_ = owner;
    for (auto& e : entries_) e.count = 0;
  }

  const void* owner_ = nullptr;
  std::array<Entry, kEntries> entries_{};
};

}  // namespace quarry::llm::tokenizer_internal
