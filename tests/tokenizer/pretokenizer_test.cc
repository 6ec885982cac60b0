#include "llm/tokenizer/pretokenizer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace quarry::llm::tokenizer_internal {
namespace {

using ::testing::ElementsAreArray;

std::vector<std::string> Pieces(PretokenPattern pattern, std::string_view text) {
  std::vector<std::string> out;
  ForEachPiece(pattern, text, [&](std::string_view p) { out.emplace_back(p); });
  return out;
}

struct Case {
  std::string text;
  std::vector<std::string> pieces;
};

// Expected pieces follow the patterns in pretokenizer.h under leftmost-first backtracking.
TEST(PretokenizerTest, Cl100kPattern) {
  const std::vector<Case> cases = {
      {"Hello world", {"Hello", " world"}},
      {"don't", {"don", "'t"}},
      {"I'LL", {"I", "'LL"}},
      {"'\xC5\xBF", {"'\xC5\xBF"}},  // 'ſ: U+017F case-folds to s
      {"'x", {"'x"}},
      {"12345", {"123", "45"}},
      {"a  b", {"a", " ", " b"}},
      {"a \n\n b", {"a", " \n\n", " b"}},
      {"x  ", {"x", "  "}},
      {"!!\n\nx", {"!!\n\n", "x"}},
      {" !!", {" !!"}},
      {"\tfoo", {"\tfoo"}},
      {"\r\nfoo", {"\r\n", "foo"}},
      {"HelloWorld", {"HelloWorld"}},
      {"e\xCC\x81x", {"e", "\xCC\x81x"}},  // a combining mark is not a letter here
      {"\xFF\xFE" "ab", {"\xFF\xFE", "ab"}},
      {"a\xC2\x85" "b", {"a", "\xC2\x85" "b"}},  // U+0085 is White_Space
      {"a\xE2\x80\x8B" "b", {"a", "\xE2\x80\x8B" "b"}},  // U+200B is not
      {"<|endoftext|>", {"<|", "endoftext", "|>"}},
  };
  for (const auto& c : cases) {
    EXPECT_THAT(Pieces(PretokenPattern::kCl100k, c.text), ElementsAreArray(c.pieces)) << c.text;
  }
}

TEST(PretokenizerTest, O200kPattern) {
  const std::vector<Case> cases = {
      {"HelloWorld", {"Hello", "World"}},
      {"don't", {"don't"}},
      {"SHOUT loud", {"SHOUT", " loud"}},
      {"HTTPServer", {"HTTPServer"}},
      {"!/\n/x", {"!/\n/", "x"}},
      {"a\xCC\x81", {"a\xCC\x81"}},
      {" \xCC\x81", {" \xCC\x81"}},
      {"12345", {"123", "45"}},
      {"\xC7\x85" "emal", {"\xC7\x85" "emal"}},  // ǅ is titlecase
      {"\xCA\xB0" "A", {"\xCA\xB0", "A"}},        // ʰ (Lm) may end the lower-case part
      {"x  ", {"x", "  "}},
      {"they'RE here", {"they'RE", " here"}},
      {"'s", {"'s"}},
      {"a  \n\n  b", {"a", "  \n\n", " ", " b"}},
      {"\xE4\xBD\xA0\xE5\xA5\xBD\xEF\xBC\x8C", {"\xE4\xBD\xA0\xE5\xA5\xBD", "\xEF\xBC\x8C"}},
  };
  for (const auto& c : cases) {
    EXPECT_THAT(Pieces(PretokenPattern::kO200k, c.text), ElementsAreArray(c.pieces)) << c.text;
  }
}

TEST(PretokenizerTest, PiecesCoverTheTextExactly) {
  std::string text;
  for (int i = 0; i < 5000; ++i) text.push_back(static_cast<char>((i * 7919 + 13) % 256));
  for (auto pattern : {PretokenPattern::kCl100k, PretokenPattern::kO200k}) {
    std::string joined;
    for (const auto& p : Pieces(pattern, text)) {
      ASSERT_FALSE(p.empty());
      joined += p;
    }
    EXPECT_EQ(joined, text);
  }
}

}  // namespace
}  // namespace quarry::llm::tokenizer_internal
