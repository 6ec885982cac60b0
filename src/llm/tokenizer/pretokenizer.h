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

// The byte offset just past the piece that starts at `pos`.
// REQUIRES: pos < text.size(). Always returns a value in (pos, text.size()].
size_t NextPieceEnd(PretokenPattern pattern, std::string_view text, size_t pos);

// Calls fn(std::string_view piece) for every piece of `text`, in order.
template <typename Fn>
void ForEachPiece(PretokenPattern pattern, std::string_view text, Fn&& fn) {
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t end = NextPieceEnd(pattern, text, pos);
    fn(text.substr(pos, end - pos));
    pos = end;
  }
}

}  // namespace quarry::llm::tokenizer_internal
