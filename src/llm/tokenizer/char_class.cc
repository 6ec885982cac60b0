#include "llm/tokenizer/char_class.h"

#include <array>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace quarry::llm::tokenizer_internal {
namespace {

constexpr char32_t kMaxCodePoint = 0x10FFFF;
constexpr size_t kBlockBits = 8;
constexpr size_t kBlockSize = size_t{1} << kBlockBits;
constexpr size_t kBlockCount = (kMaxCodePoint + 1) >> kBlockBits;

// Two-stage lookup: block index per 256 code points, then 256 property bytes per distinct block.
struct PropsTable {
  std::array<uint16_t, kBlockCount> block_of{};
  std::vector<uint8_t> blocks;

  PropsTable() {
    std::vector<uint8_t> flat(kMaxCodePoint + 1, 0);
    for (size_t i = 0; i < kCharClassRangeCount; ++i) {
      const CharClassRange& r = kCharClassRanges[i];
      const uint8_t props = PropsOfClass(r.cls);
      for (char32_t cp = r.first; cp <= r.last; ++cp) flat[cp] = props;
    }
    flat['\r'] |= kPropLineBreak;
    flat['\n'] |= kPropLineBreak;
    std::unordered_map<std::string_view, uint16_t> index;
    for (size_t b = 0; b < kBlockCount; ++b) {
      const std::string_view block(reinterpret_cast<const char*>(flat.data()) + b * kBlockSize,
                                   kBlockSize);
      auto [it, inserted] =
          index.try_emplace(block, static_cast<uint16_t>(blocks.size() / kBlockSize));
      if (inserted) blocks.insert(blocks.end(), block.begin(), block.end());
      block_of[b] = it->second;
    }
  }
};

const PropsTable& Table() {
  static const PropsTable table;
  return table;
}

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

}  // namespace

uint8_t PropsOfClass(CharClass cls) {
  switch (cls) {
    case CharClass::kOther:
      return 0;
    case CharClass::kUpper:
    case CharClass::kTitle:
      return kPropLetter | kPropUpperish;
    case CharClass::kLower:
      return kPropLetter | kPropLowerish;
    case CharClass::kModifierLetter:
    case CharClass::kOtherLetter:
      return kPropLetter | kPropUpperish | kPropLowerish;
    case CharClass::kNumber:
      return kPropNumber;
    case CharClass::kMark:
      return kPropMark | kPropUpperish | kPropLowerish;
    case CharClass::kSpace:
      return kPropSpace;
  }
  return 0;
}

uint8_t CharProps(char32_t cp) {
  if (cp > kMaxCodePoint) return 0;
  const PropsTable& t = Table();
  return t.blocks[size_t{t.block_of[cp >> kBlockBits]} * kBlockSize + (cp & (kBlockSize - 1))];
}

DecodedChar DecodeChar(const unsigned char* p, const unsigned char* end) {
  const unsigned char c0 = p[0];
  const DecodedChar invalid{kInvalidCodePoint, 1, 0};
  if (c0 < 0x80) return {c0, 1, CharProps(c0)};
  const size_t avail = static_cast<size_t>(end - p);
  if (c0 >= 0xC2 && c0 <= 0xDF) {
    if (avail < 2 || !IsContinuation(p[1])) return invalid;
    const char32_t cp = (char32_t{c0 & 0x1Fu} << 6) | (p[1] & 0x3Fu);
    return {cp, 2, CharProps(cp)};
  }
  if (c0 >= 0xE0 && c0 <= 0xEF) {
    if (avail < 3 || !IsContinuation(p[1]) || !IsContinuation(p[2])) return invalid;
    if (c0 == 0xE0 && p[1] < 0xA0) return invalid;   // overlong
    if (c0 == 0xED && p[1] >= 0xA0) return invalid;  // UTF-16 surrogate
    const char32_t cp =
        (char32_t{c0 & 0x0Fu} << 12) | (char32_t{p[1] & 0x3Fu} << 6) | (p[2] & 0x3Fu);
    return {cp, 3, CharProps(cp)};
  }
  if (c0 >= 0xF0 && c0 <= 0xF4) {
    if (avail < 4 || !IsContinuation(p[1]) || !IsContinuation(p[2]) || !IsContinuation(p[3])) {
      return invalid;
    }
    if (c0 == 0xF0 && p[1] < 0x90) return invalid;   // overlong
    if (c0 == 0xF4 && p[1] >= 0x90) return invalid;  // above U+10FFFF
    const char32_t cp = (char32_t{c0 & 0x07u} << 18) | (char32_t{p[1] & 0x3Fu} << 12) |
                        (char32_t{p[2] & 0x3Fu} << 6) | (p[3] & 0x3Fu);
    return {cp, 4, CharProps(cp)};
  }
  return invalid;
}

}  // namespace quarry::llm::tokenizer_internal
