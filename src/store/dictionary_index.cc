#include "store/dictionary_index.h"

#include <cstring>
#include <random>

namespace quarry::store {
namespace {

constexpr uint64_t kMulA = 0x9E3779B97F4A7C15ULL;
constexpr uint64_t kMulB = 0xD6E8FEB86659FD93ULL;

// Folds the 128-bit product of a and b to 64 bits.
inline uint64_t Fold(uint64_t a, uint64_t b) {
  const unsigned __int128 p = static_cast<unsigned __int128>(a) * b;
  return static_cast<uint64_t>(p) ^ static_cast<uint64_t>(p >> 64);
}

uint64_t ProcessKey() {
  static const uint64_t key = [] {
    std::random_device rd;
    return (static_cast<uint64_t>(rd()) << 32) ^ rd() ^ kMulB;
  }();
  return key;
}

}  // namespace

uint64_t HashText(std::string_view s) {
  const char* p = s.data();
  size_t n = s.size();
  uint64_t h = ProcessKey() ^ Fold(n, kMulA);
  while (n >= 16) {
    uint64_t a, b;
    std::memcpy(&a, p, 8);
    std::memcpy(&b, p + 8, 8);
    h = Fold(a ^ h, b ^ kMulB);
    p += 16;
    n -= 16;
  }
  if (n >= 8) {
    uint64_t a;
    std::memcpy(&a, p, 8);
    h = Fold(a ^ h, kMulA);
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    uint64_t a = 0;
    std::memcpy(&a, p, n);
    h = Fold(a ^ h, kMulB);
  }
  return Fold(h, kMulA);
}

DictionaryIndex::DictionaryIndex(size_t limit) : limit_(limit) {
  // Room for the first entries without growing; the table grows with what is seen, not with
  // the limit (a column of a few values stays a small, cache-resident table).
  slots_.resize(256);
}

uint32_t DictionaryIndex::Insert(std::string_view s) {
  const uint64_t hash = HashText(s);
  size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    Slot& slot = slots_[i];
    if (slot.code == kOverLimit) {
      if (entries_.size() >= limit_) return kOverLimit;
      const uint32_t code = static_cast<uint32_t>(entries_.size());
      slot = Slot{hash, code};
      entries_.push_back(s);
      if (entries_.size() * 2 > slots_.size()) Grow();
      return code;
    }
    if (slot.hash == hash && entries_[slot.code] == s) return slot.code;
  }
}

void DictionaryIndex::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.size() * 2, Slot{});
  const size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.code == kOverLimit) continue;
    size_t i = slot.hash & mask;
    while (slots_[i].code != kOverLimit) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

}  // namespace quarry::store
