// TermSet (has_any / has_all over many terms) against one TextSearcher per term, the per-term
// `has` implementation, on random texts with mixed case, separators and non-ASCII bytes.
#include <gtest/gtest.h>

#include <random>

#include "kql/functions/text_search.h"

namespace quarry::kql::fn {
namespace {

TEST(TermSet, AgreesWithPerTermSearch) {
  std::mt19937 rng(11);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  const std::vector<std::string> pieces = {
      "mimikatz", "MimiKatz", "urlcache", "x", "ab", "abc", "AB", "é",   "Zé", "9",
      "beacon1",  "certify",  "Certifyx", "-", " ",  ".",   "/",  "\\t", "_",  "Ж"};
  const std::vector<std::string> wanted_pool = {"mimikatz", "URLCACHE", "ab",      "x", "9",
                                                "beacon1",  "certify",  "missing", "Ab"};
  for (int round = 0; round < 2000; ++round) {
    std::vector<std::string> wanted;
    for (size_t k = 1 + pick(5); k > 0; --k)
      wanted.push_back(wanted_pool[pick(wanted_pool.size())]);
    std::string text;
    for (size_t k = pick(8); k > 0; --k) text += pieces[pick(pieces.size())];
    TermSet set(wanted);
    bool any = false, all = true;
    for (const auto& w : wanted) {
      bool m = TextSearcher(w, false, MatchAnchor::kTerm).Matches(text);
      any |= m;
      all &= m;
    }
    std::vector<uint8_t> seen;
    EXPECT_EQ(set.ContainsAny(text), any) << "text '" << text << "'";
    EXPECT_EQ(set.ContainsAll(text, seen), all) << "text '" << text << "'";
  }
}

TEST(TermSet, TermBoundariesAndCase) {
  std::vector<std::string> wanted = {"MiniDump", "comsvcs"};
  TermSet set(wanted);
  EXPECT_EQ(set.size(), 2u);
  EXPECT_TRUE(set.ContainsAny("rundll32 C:\\\\Windows\\\\comsvcs.dll, minidump 624"));
  EXPECT_FALSE(set.ContainsAny("comsvcsx minidumps"));  // inside longer terms: no
  EXPECT_FALSE(set.ContainsAny(""));
  std::vector<uint8_t> seen;
  EXPECT_TRUE(set.ContainsAll("COMSVCS MINIDUMP", seen));
  EXPECT_FALSE(set.ContainsAll("comsvcs only", seen));
}

TEST(TermSet, PlainTermsAreAsciiLettersAndDigits) {
  EXPECT_TRUE(TermSet::IsPlainTerm("abc123"));
  EXPECT_FALSE(TermSet::IsPlainTerm(""));
  EXPECT_FALSE(TermSet::IsPlainTerm("a.b"));
  EXPECT_FALSE(TermSet::IsPlainTerm("café"));
}

TEST(TermSet, DuplicatesIgnoringCaseCountOnce) {
  std::vector<std::string> wanted = {"Beacon", "beacon", "BEACON"};
  TermSet set(wanted);
  EXPECT_EQ(set.size(), 1u);
  std::vector<uint8_t> seen;
  EXPECT_TRUE(set.ContainsAll("a beacon here", seen));
}

}  // namespace
}  // namespace quarry::kql::fn
