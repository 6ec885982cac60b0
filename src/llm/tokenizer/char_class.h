// Unicode character classes and UTF-8 decoding for the tokenizer's pre-tokenisation patterns.
//
// The patterns of o200k_base and cl100k_base test \p{L} and its parts (Lu Ll Lt Lm Lo), \p{N},
// \p{M} and \s (the White_Space property). CharProps() answers all of them at once as a bit set,
// from range tables generated from the Unicode Character Database 16.0.0 (char_class_table.cc,
// see gen_char_class_table.mjs). Internal to llm/tokenizer. Thread-safety: all functions are
// pure; the lookup table is built once on first use (thread-safe static initialisation).
#pragma once

#include <cstddef>
#include <cstdint>

namespace quarry::llm::tokenizer_internal {

enum class CharClass : uint8_t {
  kOther = 0,
  kUpper,           // Lu
  kLower,           // Ll
  kTitle,           // Lt
  kModifierLetter,  // Lm
  kOtherLetter,     // Lo
  kNumber,          // N (Nd, Nl, No)
  kMark,            // M (Mn, Mc, Me)
  kSpace,           // White_Space
};

struct CharClassRange {
  char32_t first;
  char32_t last;
  CharClass cls;
};

// Sorted, non-overlapping; code points not covered are kOther.
extern const CharClassRange kCharClassRanges[];
extern const size_t kCharClassRangeCount;

// Property bits of a character.
inline constexpr uint8_t kPropLetter = 1;   // \p{L}
inline constexpr uint8_t kPropNumber = 2;   // \p{N}
inline constexpr uint8_t kPropSpace = 4;    // \s
inline constexpr uint8_t kPropMark = 8;     // \p{M}
inline constexpr uint8_t kPropUpperish = 16;  // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}] (o200k_base)
inline constexpr uint8_t kPropLowerish = 32;  // [\p{Ll}\p{Lm}\p{Lo}\p{M}] (o200k_base)
inline constexpr uint8_t kPropLineBreak = 64;  // \r or \n

uint8_t PropsOfClass(CharClass cls);

// The two-stage property lookup (block index per 256 code points, then 256 property bytes per
// distinct block), for loops that look up many characters: fetch it once with PropsLookup().
struct CharPropsTable {
  static constexpr char32_t kMaxCodePoint = 0x10FFFF;
  static constexpr unsigned kBlockBits = 8;

  const uint16_t* block_of;
  const uint8_t* blocks;

  // REQUIRES: cp <= kMaxCodePoint.
  uint8_t Props(char32_t cp) const {
    return blocks[(size_t{block_of[cp >> kBlockBits]} << kBlockBits) +
                  (cp & ((char32_t{1} << kBlockBits) - 1))];
  }
};

// Built on first use, then immutable.
const CharPropsTable& PropsLookup();

// Property bits of a code point (0 for kOther and for anything above U+10FFFF).
uint8_t CharProps(char32_t cp);

// One decoded character: its bytes' length and property bits. Invalid UTF-8 (overlong forms,
// surrogates, values above U+10FFFF, truncated or stray bytes) decodes one byte at a time as a
// character of class kOther, like the U+FFFD a lenient decoder would put there.
struct DecodedChar {
  char32_t cp;
  uint8_t len;
  uint8_t props;
};

inline constexpr char32_t kInvalidCodePoint = 0xFFFFFFFF;

// REQUIRES: p < end.
inline DecodedChar DecodeCharWith(const CharPropsTable& table, const unsigned char* p,
                                  const unsigned char* end) {
  auto continuation = [](unsigned char c) { return (c & 0xC0) == 0x80; };
  const unsigned char c0 = p[0];
  const DecodedChar invalid{kInvalidCodePoint, 1, 0};
  if (c0 < 0x80) return {c0, 1, table.Props(c0)};
  const size_t avail = static_cast<size_t>(end - p);
  if (c0 >= 0xC2 && c0 <= 0xDF) {
    if (avail < 2 || !continuation(p[1])) return invalid;
    const char32_t cp = (char32_t{c0 & 0x1Fu} << 6) | (p[1] & 0x3Fu);
    return {cp, 2, table.Props(cp)};
  }
  if (c0 >= 0xE0 && c0 <= 0xEF) {
    if (avail < 3 || !continuation(p[1]) || !continuation(p[2])) return invalid;
    if (c0 == 0xE0 && p[1] < 0xA0) return invalid;   // overlong
    if (c0 == 0xED && p[1] >= 0xA0) return invalid;  // UTF-16 surrogate
    const char32_t cp =
        (char32_t{c0 & 0x0Fu} << 12) | (char32_t{p[1] & 0x3Fu} << 6) | (p[2] & 0x3Fu);
    return {cp, 3, table.Props(cp)};
  }
  if (c0 >= 0xF0 && c0 <= 0xF4) {
    if (avail < 4 || !continuation(p[1]) || !continuation(p[2]) || !continuation(p[3])) {
      return invalid;
    }
    if (c0 == 0xF0 && p[1] < 0x90) return invalid;   // overlong
    if (c0 == 0xF4 && p[1] >= 0x90) return invalid;  // above U+10FFFF
    const char32_t cp = (char32_t{c0 & 0x07u} << 18) | (char32_t{p[1] & 0x3Fu} << 12) |
                        (char32_t{p[2] & 0x3Fu} << 6) | (p[3] & 0x3Fu);
    return {cp, 4, table.Props(cp)};
  }
  return invalid;
}

inline DecodedChar DecodeChar(const unsigned char* p, const unsigned char* end) {
  return DecodeCharWith(PropsLookup(), p, end);
}

}  // namespace quarry::llm::tokenizer_internal
