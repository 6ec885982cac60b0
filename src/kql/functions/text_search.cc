#include "kql/functions/text_search.h"

#include <algorithm>
#include <array>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace quarry::kql::fn {
namespace {

constexpr std::array<unsigned char, 256> MakeAsciiLower() {
  std::array<unsigned char, 256> t{};
  for (int i = 0; i < 256; ++i) {
    t[i] = static_cast<unsigned char>((i >= 'A' && i <= 'Z') ? i + 32 : i);
  }
  return t;
}
constexpr std::array<unsigned char, 256> kAsciiLower = MakeAsciiLower();

uint32_t LowerCp(uint32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
  if ((c >= 0x100 && c <= 0x12F) || (c >= 0x132 && c <= 0x137) || (c >= 0x14A && c <= 0x177)) {
    return c | 1;
  }
  if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c & 1) ? c + 1 : c;
  if (c == 0x178) return 0xFF;
  if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 32;
  if (c == 0x386) return 0x3AC;
  if (c >= 0x388 && c <= 0x38A) return c + 37;
  if (c >= 0x410 && c <= 0x42F) return c + 32;
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  if ((c >= 0x460 && c <= 0x481) || (c >= 0x48A && c <= 0x4BF)) return c | 1;
  return c;
}

uint32_t UpperCp(uint32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') ? c - 32 : c;
  if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 32;
  if (c == 0xFF) return 0x178;
  if ((c >= 0x100 && c <= 0x12F) || (c >= 0x132 && c <= 0x137) || (c >= 0x14A && c <= 0x177)) {
    return c & ~1u;
  }
  if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c & 1) ? c : c - 1;
  if (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2) return c - 32;
  if (c == 0x3AC) return 0x386;
  if (c >= 0x3AD && c <= 0x3AF) return c - 37;
  if (c >= 0x430 && c <= 0x44F) return c - 32;
  if (c >= 0x450 && c <= 0x45F) return c - 80;
  if ((c >= 0x460 && c <= 0x481) || (c >= 0x48A && c <= 0x4BF)) return c & ~1u;
  return c;
}

// Decodes one UTF-8 sequence at s[i]; returns its length (1 for an invalid byte, cp = byte).
size_t DecodeUtf8(std::string_view s, size_t i, uint32_t* cp) {
  auto b = static_cast<unsigned char>(s[i]);
  auto cont = [&](size_t k) {
    return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
  };
  if (b < 0x80) {
    *cp = b;
    return 1;
  }
  if ((b & 0xE0) == 0xC0 && cont(1)) {
    *cp = ((b & 0x1Fu) << 6) | (s[i + 1] & 0x3F);
    return 2;
  }
  if ((b & 0xF0) == 0xE0 && cont(1) && cont(2)) {
    *cp = ((b & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3F);
    return 3;
  }
  if ((b & 0xF8) == 0xF0 && cont(1) && cont(2) && cont(3)) {
    *cp = ((b & 0x07u) << 18) | ((s[i + 1] & 0x3Fu) << 12) | ((s[i + 2] & 0x3Fu) << 6) |
          (s[i + 3] & 0x3F);
    return 4;
  }
  *cp = b;
  return 1;
}

void EncodeUtf8(uint32_t c, std::string& out) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

template <typename Map>
void AppendMapped(std::string_view s, std::string& out, Map map) {
  out.reserve(out.size() + s.size());
  for (size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      out.push_back(static_cast<char>(map(b)));
      ++i;
      continue;
    }
    uint32_t cp;
    size_t len = DecodeUtf8(s, i, &cp);
    if (len == 1) {
      out.push_back(s[i]);
    } else {
      EncodeUtf8(map(cp), out);
    }
    i += len;
  }
}

bool HasAsciiLetter(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

}  // namespace

bool IsAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

void AppendLower(std::string_view s, std::string& out) { AppendMapped(s, out, LowerCp); }

std::string ToLowerText(std::string_view s) {
  std::string out;
  AppendMapped(s, out, LowerCp);
  return out;
}

std::string ToUpperText(std::string_view s) {
  std::string out;
  AppendMapped(s, out, UpperCp);
  return out;
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (IsAscii(a) && IsAscii(b)) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (kAsciiLower[static_cast<unsigned char>(a[i])] !=
          kAsciiLower[static_cast<unsigned char>(b[i])]) {
        return false;
      }
    }
    return true;
  }
  return ToLowerText(a) == ToLowerText(b);
}

TextSearcher::TextSearcher(std::string_view needle, bool case_sensitive, MatchAnchor anchor)
    : case_sensitive_(case_sensitive), anchor_(anchor) {
  needle_ = case_sensitive ? std::string(needle) : ToLowerText(needle);
  fold_path_ = !case_sensitive && !IsAscii(needle);
  if (!needle_.empty()) {
    bool starts_term = IsTermByte(static_cast<unsigned char>(needle_.front()));
    bool ends_term = IsTermByte(static_cast<unsigned char>(needle_.back()));
    need_start_boundary_ =
        (anchor == MatchAnchor::kTerm || anchor == MatchAnchor::kTermPrefix) && starts_term;
    need_end_boundary_ =
        (anchor == MatchAnchor::kTerm || anchor == MatchAnchor::kTermSuffix) && ends_term;
  }
}

bool TextSearcher::VerifyAt(const char* p) const {
  if (case_sensitive_) return std::memcmp(p, needle_.data(), needle_.size()) == 0;
  for (size_t k = 0; k < needle_.size(); ++k) {
    if (kAsciiLower[static_cast<unsigned char>(p[k])] != static_cast<unsigned char>(needle_[k])) {
      return false;
    }
  }
  return true;
}

bool TextSearcher::AnchorOk(const char* row_begin, const char* row_end, const char* p) const {
  if (need_start_boundary_ && p > row_begin && IsTermByte(static_cast<unsigned char>(p[-1]))) {
    return false;
  }
  const char* e = p + needle_.size();
  if (need_end_boundary_ && e < row_end && IsTermByte(static_cast<unsigned char>(*e))) {
    return false;
  }
  return true;
}

const char* TextSearcher::NextCandidate(const char* from, const char* end) const {
  size_t m = needle_.size();
  // Compare lengths, not pointers: `from + m` past `end` (or on a null empty text) is undefined.
  if (static_cast<size_t>(end - from) < m) return end;
  const char* last_start = end - m;  // inclusive
  auto first = static_cast<unsigned char>(needle_.front());
  auto last = static_cast<unsigned char>(needle_.back());
  bool fold_first = !case_sensitive_ && HasAsciiLetter(first);
  bool fold_last = !case_sensitive_ && HasAsciiLetter(last);
  const char* p = from;
#if defined(__SSE2__)
  const __m128i v_first = _mm_set1_epi8(static_cast<char>(first));
  const __m128i v_last = _mm_set1_epi8(static_cast<char>(last));
  const __m128i v_fold_first = _mm_set1_epi8(fold_first ? 0x20 : 0);
  const __m128i v_fold_last = _mm_set1_epi8(fold_last ? 0x20 : 0);
  while (last_start + 1 - p >= 16) {
    __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + m - 1));
    __m128i ea = _mm_cmpeq_epi8(_mm_or_si128(a, v_fold_first), v_first);
    __m128i eb = _mm_cmpeq_epi8(_mm_or_si128(b, v_fold_last), v_last);
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_and_si128(ea, eb)));
    if (mask != 0) return p + __builtin_ctz(mask);
    p += 16;
  }
#endif
  for (; p <= last_start; ++p) {
    auto a = static_cast<unsigned char>(p[0]);
    auto b = static_cast<unsigned char>(p[m - 1]);
    if ((fold_first ? (a | 0x20) : a) == first && (fold_last ? (b | 0x20) : b) == last) return p;
  }
  return end;
}

bool TextSearcher::MatchesFolded(std::string_view hay) const {
  std::string folded = ToLowerText(hay);
  TextSearcher exact(needle_, true, anchor_);
  return exact.Matches(folded);
}

bool TextSearcher::Matches(std::string_view hay) const {
  if (needle_.empty()) return true;
  if (hay.size() < needle_.size()) return false;
  if (fold_path_) return MatchesFolded(hay);
  const char* begin = hay.data();
  const char* end = begin + hay.size();
  for (const char* p = NextCandidate(begin, end); p != end; p = NextCandidate(p + 1, end)) {
    if (VerifyAt(p) && AnchorOk(begin, end, p)) return true;
  }
  return false;
}

void TextSearcher::MatchRows(const char* chars, const uint64_t* offsets, size_t rows,
                             uint8_t* out) const {
  if (rows == 0) return;
  if (needle_.empty()) {
    std::fill(out, out + rows, 1);
    return;
  }
  if (fold_path_) {
    for (size_t r = 0; r < rows; ++r) {
      if (Matches(std::string_view(chars + offsets[r], offsets[r + 1] - offsets[r]))) out[r] = 1;
    }
    return;
  }
  const char* base = chars;
  const char* end = chars + offsets[rows];
  size_t r = 0;
  const char* p = NextCandidate(base + offsets[0], end);
  while (p != end) {
    auto pos = static_cast<uint64_t>(p - base);
    if (offsets[r + 1] <= pos) {
      // Jump to the row holding pos: the first r with offsets[r + 1] > pos.
      const uint64_t* it = std::upper_bound(offsets + r + 1, offsets + rows + 1, pos);
      r = static_cast<size_t>(it - offsets) - 1;
    }
    const char* row_begin = base + offsets[r];
    const char* row_end = base + offsets[r + 1];
    if (p + needle_.size() <= row_end && VerifyAt(p) && AnchorOk(row_begin, row_end, p)) {
      out[r] = 1;
      if (++r >= rows) return;
      p = NextCandidate(base + offsets[r], end);
      continue;
    }
    p = NextCandidate(p + 1, end);
  }
}

namespace {

// FNV-1a over ASCII-lower-cased bytes.
uint64_t TermHash(const char* p, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; ++i) {
    h ^= kAsciiLower[static_cast<unsigned char>(p[i])];
    h *= 1099511628211ull;
  }
  return h ^ (h >> 29);
}

size_t FirstLastBit(unsigned char first, unsigned char last) {
  return (static_cast<size_t>(kAsciiLower[first] & 0x7F) << 7) | (kAsciiLower[last] & 0x7F);
}

// IsTermByte as a table, for the tokenizing loop of TermSet::Scan.
constexpr std::array<bool, 256> kTermByte = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = IsTermByte(static_cast<unsigned char>(c));
  return t;
}();

}  // namespace

bool TermSet::IsPlainTerm(std::string_view t) {
  if (t.empty()) return false;
  for (char c : t) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || !IsTermByte(u)) return false;
  }
  return true;
}

TermSet::TermSet(std::span<const std::string> terms) : first_last_(128 * 128 / 64, 0) {
  for (const auto& t : terms) {
    std::string lower(t.size(), '\0');
    for (size_t i = 0; i < t.size(); ++i) lower[i] = static_cast<char>(kAsciiLower[static_cast<unsigned char>(t[i])]);
    if (std::find(terms_.begin(), terms_.end(), lower) == terms_.end()) terms_.push_back(lower);
  }
  size_t cap = 16;
  while (cap < terms_.size() * 4) cap *= 2;
  slots_.assign(cap, -1);
  mask_ = cap - 1;
  for (size_t i = 0; i < terms_.size(); ++i) {
    const std::string& t = terms_[i];
    size_t slot = TermHash(t.data(), t.size()) & mask_;
    while (slots_[slot] >= 0) slot = (slot + 1) & mask_;
    slots_[slot] = static_cast<int32_t>(i);
    if (t.size() < 64) {
      lengths_ |= uint64_t{1} << t.size();
    } else {
      long_terms_ = true;
    }
    size_t bit = FirstLastBit(static_cast<unsigned char>(t.front()), static_cast<unsigned char>(t.back()));
    first_last_[bit >> 6] |= uint64_t{1} << (bit & 63);
  }
}

int TermSet::Find(const char* p, size_t n) const {
  if (n < 64 ? !((lengths_ >> n) & 1) : !long_terms_) return -1;
  size_t bit = FirstLastBit(static_cast<unsigned char>(p[0]), static_cast<unsigned char>(p[n - 1]));
  if (!((first_last_[bit >> 6] >> (bit & 63)) & 1)) return -1;
  for (size_t slot = TermHash(p, n) & mask_;; slot = (slot + 1) & mask_) {
    int32_t idx = slots_[slot];
    if (idx < 0) return -1;
    const std::string& t = terms_[static_cast<size_t>(idx)];
    if (t.size() != n) continue;
    size_t i = 0;
    while (i < n && kAsciiLower[static_cast<unsigned char>(p[i])] == static_cast<unsigned char>(t[i])) ++i;
    if (i == n) return idx;
  }
}

template <typename Hit>
bool TermSet::Scan(std::string_view text, Hit hit) const {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    while (p < end && !kTermByte[*p]) ++p;
    const auto* start = p;
    while (p < end && kTermByte[*p]) ++p;
    if (p == start) break;
    // Most of a text's terms have a length or end bytes no wanted term has: reject them here,
    // before hashing.
    const auto n = static_cast<size_t>(p - start);
    if (n < 64 ? !((lengths_ >> n) & 1) : !long_terms_) continue;
    const size_t bit = FirstLastBit(start[0], p[-1]);
    if (!((first_last_[bit >> 6] >> (bit & 63)) & 1)) continue;
    int idx = Find(reinterpret_cast<const char*>(start), n);
    if (idx >= 0 && hit(idx)) return true;
  }
  return false;
}

bool TermSet::ContainsAny(std::string_view text) const {
  if (terms_.empty()) return false;
  return Scan(text, [](int) { return true; });
}

bool TermSet::ContainsAll(std::string_view text, std::vector<uint8_t>& seen) const {
  seen.assign(terms_.size(), 0);
  size_t missing = terms_.size();
  if (missing == 0) return true;
  return Scan(text, [&](int idx) {
    if (!seen[static_cast<size_t>(idx)]) {
      seen[static_cast<size_t>(idx)] = 1;
      --missing;
    }
    return missing == 0;
  });
}

}  // namespace quarry::kql::fn
