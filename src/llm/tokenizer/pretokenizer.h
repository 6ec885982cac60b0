// Pre-tokenisation: splitting text into the pieces that byte-pair encoding works on.
//
// Each encoding defines its pieces with a backtracking regular expression (tiktoken, leftmost-
// first alternation, possessive-free). RE2 cannot run them (they look ahead: \s+(?!\S)), so each
// is implemented here by hand, alternative by alternative, with the same backtracking outcome:
//
// cl100k_base:
//   (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|
//   \s*[\r\n]+|\s+(?!\S)|\s+
// o200k_base:
//   [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|
//   [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|
//   \p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+
//
// (the patterns of npm tiktoken 1.0.22, the referee). Case-insensitive contractions follow
// Unicode simple case folding, so 's also matches 'S and 'ſ (U+017F). Internal to llm/tokenizer.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string_view>

namespace quarry::llm::tokenizer_internal {

enum class PretokenPattern { kCl100k, kO200k };

// Writes the end offsets of the consecutive pieces that start at `pos` to ends[0..k), stopping
// after `max` pieces or at the end of the text, and returns k (a batch, so the splitting loop
// runs without a call per piece). REQUIRES: pos < text.size(), max > 0. Then k >= 1 and the
// ends are strictly increasing, the last <= text.size().
size_t NextPieceEnds(PretokenPattern pattern, std::string_view text, size_t pos, size_t* ends,
                     size_t max);

// Calls fn(std::string_view piece) for every piece of `text`, in order.
template <typename Fn>
void ForEachPiece(PretokenPattern pattern, std::string_view text, Fn&& fn) {
  constexpr size_t kBatch = 64;
  size_t ends[kBatch];
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t count = NextPieceEnds(pattern, text, pos, ends, kBatch);
    for (size_t k = 0; k < count; ++k) {
      fn(text.substr(pos, ends[k] - pos));
      pos = ends[k];
    }
  }
}

}  // namespace quarry::llm::tokenizer_internal
