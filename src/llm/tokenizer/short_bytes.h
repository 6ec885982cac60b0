// Loading up to eight bytes as one integer without a call to memcpy, for the hash keys of the
// rank table and the piece cache (a variable-length memcpy is an out-of-line libc call, and it
// was the largest single cost of a rank lookup). Internal to llm/tokenizer.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace quarry::llm::tokenizer_internal {

inline uint64_t Load64(const unsigned char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

// The bytes [p, p + len) as the low bytes of an integer, in memory order (little-endian), the
// rest zero: the same value as memcpy into a zeroed uint64_t. Reads only those bytes.
// REQUIRES: len <= 8.
inline uint64_t LoadUpTo8(const unsigned char* p, size_t len) {
  if (len >= 4) {
    uint32_t lo;
    uint32_t hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + len - 4, 4);  // overlaps lo; the shared bytes are equal, so OR is exact
    return uint64_t{lo} | (uint64_t{hi} << (8 * (len - 4)));
  }
  if (len == 0) return 0;
  // 1..3 bytes: first, middle and last byte (some of them the same byte).
  return uint64_t{p[0]} | (uint64_t{p[len / 2]} << (8 * (len / 2))) |
         (uint64_t{p[len - 1]} << (8 * (len - 1)));
}

inline uint64_t MixBits(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

}  // namespace quarry::llm::tokenizer_internal
