#include "llm/tokenizer/char_class.h"

#include <array>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace quarry::llm::tokenizer_internal {
namespace {

constexpr char32_t kMaxCodePoint = CharPropsTable::kMaxCodePoint;
constexpr size_t kBlockBits = CharPropsTable::kBlockBits;
constexpr size_t kBlockSize = size_t{1} << kBlockBits;
constexpr size_t kBlockCount = (kMaxCodePoint + 1) >> kBlockBits;

struct PropsTable {
  std::array<uint16_t, kBlockCount> block_of{};
  std::vector<uint8_t> blocks;
  CharPropsTable view{};

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
    view = CharPropsTable{block_of.data(), blocks.data()};
  }
};

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

const CharPropsTable& PropsLookup() {
  static const PropsTable table;
  return table.view;
}

uint8_t CharProps(char32_t cp) {
  if (cp > kMaxCodePoint) return 0;
  return PropsLookup().Props(cp);
}

}  // namespace quarry::llm::tokenizer_internal
