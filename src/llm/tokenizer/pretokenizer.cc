#include "llm/tokenizer/pretokenizer.h"

#include <array>

#include "llm/tokenizer/char_class.h"

namespace quarry::llm::tokenizer_internal {
namespace {

constexpr size_t kNoMatch = static_cast<size_t>(-1);

constexpr std::array<uint8_t, 128> MakeAsciiProps() {
  std::array<uint8_t, 128> props{};
  for (int c = 'A'; c <= 'Z'; ++c) props[c] = kPropLetter | kPropUpperish;
  for (int c = 'a'; c <= 'z'; ++c) props[c] = kPropLetter | kPropLowerish;
  for (int c = '0'; c <= '9'; ++c) props[c] = kPropNumber;
  for (int c = '\t'; c <= '\r'; ++c) props[c] = kPropSpace;
  props[' '] = kPropSpace;
  props['\r'] |= kPropLineBreak;
  props['\n'] |= kPropLineBreak;
  return props;
}
constexpr std::array<uint8_t, 128> kAsciiProps = MakeAsciiProps();

bool IsPunct(uint8_t props) {  // [^\s\p{L}\p{N}]
  return (props & (kPropLetter | kPropNumber | kPropSpace)) == 0;
}
bool IsLetterPrefix(uint8_t props) {  // [^\r\n\p{L}\p{N}]
  return (props & (kPropLetter | kPropNumber | kPropLineBreak)) == 0;
}

class Text {
 public:
  explicit Text(std::string_view text)
      : b_(reinterpret_cast<const unsigned char*>(text.data())),
        n_(text.size()),
        props_(PropsLookup()) {}

  size_t size() const { return n_; }
  unsigned char byte(size_t pos) const { return b_[pos]; }

  // ASCII inline; anything else out of line, so the scanning loops stay small.
  [[gnu::always_inline]] DecodedChar At(size_t pos) const {
    const unsigned char c = b_[pos];
    if (c < 0x80) [[likely]] return {c, 1, kAsciiProps[c]};
    return AtNonAscii(pos);
  }

  // Length in bytes of (?i:'s|'t|'re|'ve|'m|'ll|'d) at pos, or 0.
  size_t ContractionLength(size_t pos) const {
    if (pos + 1 >= n_ || b_[pos] != '\'') return 0;
    const unsigned char c1 = b_[pos + 1] | 0x20;
    if (c1 == 's' || c1 == 't' || c1 == 'm' || c1 == 'd') return 2;
    if (pos + 2 >= n_) return 0;
    const unsigned char c2 = b_[pos + 2] | 0x20;
    if ((c1 == 'r' || c1 == 'v') && c2 == 'e') return 3;
    if (c1 == 'l' && c2 == 'l') return 3;
    if (b_[pos + 1] == 0xC5 && b_[pos + 2] == 0xBF) return 3;  // U+017F folds to 's'
    return 0;
  }

  size_t RunEnd(size_t pos, uint8_t any_of) const {
    while (pos < n_) {
      const DecodedChar c = At(pos);
      if ((c.props & any_of) == 0) break;
      pos += c.len;
    }
    return pos;
  }

  size_t DigitsEnd(size_t pos) const {  // \p{N}{1,3}, first digit at pos
    for (int k = 0; k < 3 && pos < n_; ++k) {
      const DecodedChar c = At(pos);
      if ((c.props & kPropNumber) == 0) break;
      pos += c.len;
    }
    return pos;
  }

  // [^\s\p{L}\p{N}]+ from pos (at least one such char there), then [\r\n]* or [\r\n/]*.
  size_t PunctEnd(size_t pos, bool slash_too) const {
    while (pos < n_) {
      const DecodedChar c = At(pos);
      if (!IsPunct(c.props)) break;
      pos += c.len;
    }
    while (pos < n_ && (b_[pos] == '\r' || b_[pos] == '\n' || (slash_too && b_[pos] == '/'))) {
      ++pos;
    }
    return pos;
  }

  // \s*[\r\n]+ | \s+(?!\S) | \s+ at pos, where a whitespace character starts.
  size_t SpaceEnd(size_t pos) const {
    size_t last_start = pos;
    size_t after_last_break = kNoMatch;
    size_t count = 0;
    while (pos < n_) {
      const DecodedChar c = At(pos);
      if ((c.props & kPropSpace) == 0) break;
      if (c.props & kPropLineBreak) after_last_break = pos + 1;
      last_start = pos;
      pos += c.len;
      ++count;
    }
    if (after_last_break != kNoMatch) return after_last_break;
    if (pos == n_ || count < 2) return pos;
    return last_start;  // leave the last space to prefix the next word
  }

  // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+ at pos, with backtracking.
  size_t UpperThenLowerEnd(size_t pos) const {
    size_t after_last_lowerish = kNoMatch;
    while (pos < n_) {
      const DecodedChar c = At(pos);
      if ((c.props & kPropUpperish) == 0) break;
      pos += c.len;
      if (c.props & kPropLowerish) after_last_lowerish = pos;
    }
    if (pos < n_ && (At(pos).props & kPropLowerish)) return RunEnd(pos, kPropLowerish);
    return after_last_lowerish;
  }

  // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]* at pos.
  size_t UpperRunEnd(size_t pos) const {
    if (pos >= n_ || (At(pos).props & kPropUpperish) == 0) return kNoMatch;
    return RunEnd(RunEnd(pos, kPropUpperish), kPropLowerish);
  }

 private:
  [[gnu::noinline]] DecodedChar AtNonAscii(size_t pos) const {
    return DecodeCharWith(props_, b_ + pos, b_ + n_);
  }

  const unsigned char* b_;
  size_t n_;
  CharPropsTable props_;
};

size_t Cl100kPieceEnd(const Text& t, size_t i) {
  const DecodedChar c0 = t.At(i);
  const size_t j = i + c0.len;
  if (c0.cp == '\'') {
    if (const size_t k = t.ContractionLength(i)) return i + k;
  }
  if (c0.props & kPropLetter) return t.RunEnd(j, kPropLetter);
  if (c0.props & kPropNumber) return t.DigitsEnd(i);
  if ((c0.props & kPropLineBreak) == 0 && j < t.size()) {
    const DecodedChar c1 = t.At(j);
    if (c1.props & kPropLetter) return t.RunEnd(j + c1.len, kPropLetter);
  }
  if (IsPunct(c0.props)) return t.PunctEnd(j, false);
  if (c0.cp == ' ' && j < t.size() && IsPunct(t.At(j).props)) return t.PunctEnd(j, false);
  return t.SpaceEnd(i);
}

size_t O200kPieceEnd(const Text& t, size_t i) {
  const DecodedChar c0 = t.At(i);
  const size_t j = i + c0.len;
  const bool prefix = IsLetterPrefix(c0.props) && j < t.size();
  // The two letter alternatives need a letter or mark at i, or after a one-character prefix.
  constexpr uint8_t kLetterish = kPropUpperish | kPropLowerish;
  if ((c0.props & kLetterish) != 0 || (prefix && (t.At(j).props & kLetterish) != 0)) {
    size_t end = kNoMatch;
    if (prefix) end = t.UpperThenLowerEnd(j);
    if (end == kNoMatch) end = t.UpperThenLowerEnd(i);
    if (end == kNoMatch && prefix) end = t.UpperRunEnd(j);
    if (end == kNoMatch) end = t.UpperRunEnd(i);
    if (end != kNoMatch) return end + t.ContractionLength(end);
  }
  if (c0.props & kPropNumber) return t.DigitsEnd(i);
  if (IsPunct(c0.props)) return t.PunctEnd(j, true);
  if (c0.cp == ' ' && j < t.size() && IsPunct(t.At(j).props)) return t.PunctEnd(j, true);
  return t.SpaceEnd(i);
}

template <size_t (*PieceEnd)(const Text&, size_t)>
size_t PieceEnds(const Text& t, size_t pos, size_t* ends, size_t max) {
  size_t count = 0;
  while (count < max && pos < t.size()) {
    pos = PieceEnd(t, pos);
    ends[count++] = pos;
  }
  return count;
}

}  // namespace

size_t NextPieceEnds(PretokenPattern pattern, std::string_view text, size_t pos, size_t* ends,
                     size_t max) {
  const Text t(text);
  return pattern == PretokenPattern::kCl100k ? PieceEnds<Cl100kPieceEnd>(t, pos, ends, max)
                                             : PieceEnds<O200kPieceEnd>(t, pos, ends, max);
}

}  // namespace quarry::llm::tokenizer_internal
