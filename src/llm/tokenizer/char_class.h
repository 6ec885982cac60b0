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

DecodedChar DecodeChar(const unsigned char* p, const unsigned char* end);

}  // namespace quarry::llm::tokenizer_internal
