// Text primitives behind Kusto's string operators: case folding (ASCII plus the Latin, Greek and
// Cyrillic letters of the Basic Multilingual Plane), term boundaries for `has`, and a fast
// case-insensitive substring search (SSE2 first/last-byte filter, then verification).
//
// Internal to the function library. Pure functions over their arguments: thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace quarry::kql::fn {

bool IsAscii(std::string_view s);

// Unicode simple lower/upper-case mapping (common scripts), UTF-8 in and out. Invalid UTF-8
// bytes pass through unchanged.
std::string ToLowerText(std::string_view s);
std::string ToUpperText(std::string_view s);
void AppendLower(std::string_view s, std::string& out);

// Case-insensitive equality (Unicode simple folding).
bool EqualsNoCase(std::string_view a, std::string_view b);

// A byte that is part of a `has` term: ASCII letters and digits, and every byte of a non-ASCII
// UTF-8 sequence (letters of other scripts). Everything else separates terms.
constexpr bool IsTermByte(unsigned char c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80;
}

// Where a match of the needle must sit for each operator family.
enum class MatchAnchor : uint8_t {
  kAnywhere,    // contains
  kTerm,        // has: starts and ends on term boundaries
  kTermPrefix,  // hasprefix: starts on a term boundary
  kTermSuffix,  // hassuffix: ends on a term boundary
};

// A compiled needle for searching many haystacks. Case-insensitive unless case_sensitive.
// Needles with non-ASCII letters searched case-insensitively fold the haystack (slower path).
class TextSearcher {
 public:
  TextSearcher(std::string_view needle, bool case_sensitive, MatchAnchor anchor);

  // True if the needle occurs in `hay` at a position the anchor allows.
  bool Matches(std::string_view hay) const;

  // Searches a whole buffer of concatenated rows (offsets[r]..offsets[r+1]) at once and sets
  // out[r] = 1 for every row with a match (rows without one are left untouched).
  void MatchRows(const char* chars, const uint64_t* offsets, size_t rows, uint8_t* out) const;

  const std::string& needle() const { return needle_; }

 private:
  // Next candidate start >= from in [begin, end) whose first and last bytes match; end if none.
  const char* NextCandidate(const char* from, const char* end) const;
  bool VerifyAt(const char* p) const;  // needle bytes equal at p (folded when insensitive)
  bool AnchorOk(const char* row_begin, const char* row_end, const char* p) const;
  bool MatchesFolded(std::string_view hay) const;

  std::string needle_;  // lower-cased when case-insensitive
  bool case_sensitive_;
  bool fold_path_;      // case-insensitive with non-ASCII letters in the needle
  MatchAnchor anchor_;
  bool need_start_boundary_ = false;
  bool need_end_boundary_ = false;
};

// Many `has` terms searched at once (has_any / has_all): one pass over a text's terms, each
// looked up in an open-addressing hash set of the wanted terms. Same answers as one
// TextSearcher(term, false, MatchAnchor::kTerm) per term, for plain terms: ASCII letters and
// digits only (a text's term matches when it equals a wanted term ignoring ASCII case).
class TermSet {
 public:
  // True if `t` is non-empty and made of ASCII letters and digits only.
  static bool IsPlainTerm(std::string_view t);

  // REQUIRES: every term IsPlainTerm. Duplicates (ignoring case) count once.
  explicit TermSet(std::span<const std::string> terms);

  size_t size() const { return terms_.size(); }
  // True if any wanted term is a term of `text`.
  bool ContainsAny(std::string_view text) const;
  // True if every wanted term is a term of `text`. `seen` is scratch space (reused across calls).
  bool ContainsAll(std::string_view text, std::vector<uint8_t>& seen) const;

 private:
  // Calls hit(index) for each of text's terms that is wanted, until hit returns true; returns
  // whether one did.
  template <typename Hit>
  bool Scan(std::string_view text, Hit hit) const;
  int Find(const char* p, size_t n) const;  // index of the wanted term p[0..n) or -1

  std::vector<std::string> terms_;   // lower-cased, distinct
  std::vector<int32_t> slots_;       // hash table of indexes into terms_ (-1: empty)
  size_t mask_ = 0;
  uint64_t lengths_ = 0;             // bit n set: some term has length n (n < 64)
  bool long_terms_ = false;          // some term is 64 bytes or longer
  std::vector<uint64_t> first_last_; // bit (first * 128 + last) set for some term's end bytes
};

}  // namespace quarry::kql::fn
