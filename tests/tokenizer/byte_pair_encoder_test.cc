// Differential test: the fast merges (linear scan and heap) against a naive merge loop that
// follows the definition literally.
#include "llm/tokenizer/byte_pair_encoder.h"

#include <gtest/gtest.h>

#include <random>

#include "common/data_path.h"

namespace quarry::llm::tokenizer_internal {
namespace {

// The definition: repeatedly join the adjacent pair with the lowest rank (leftmost on ties)
// until no adjacent pair has a rank.
std::vector<uint32_t> NaiveEncode(const RankTable& ranks, std::string_view piece) {
  std::vector<std::string> parts;
  for (char c : piece) parts.emplace_back(1, c);
  while (parts.size() > 1) {
    uint32_t best = kNoRank;
    size_t at = 0;
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
      const uint32_t r = ranks.Find(parts[i] + parts[i + 1]);
      if (r < best) {
        best = r;
        at = i;
      }
    }
    if (best == kNoRank) break;
    parts[at] += parts[at + 1];
    parts.erase(parts.begin() + static_cast<std::ptrdiff_t>(at) + 1);
  }
  std::vector<uint32_t> out;
  for (const auto& p : parts) out.push_back(ranks.Find(p));
  return out;
}

class BytePairEncoderTest : public ::testing::TestWithParam<const char*> {
 protected:
  static const RankTable& Ranks(const std::string& name) {
    static std::map<std::string, RankTable> cache;
    auto it = cache.find(name);
    if (it == cache.end()) {
      auto path = FindDataPath("data/tokenizer/" + name + ".tiktoken");
      EXPECT_TRUE(path.ok()) << path.status().ToString();
      auto text = ReadFileToString(*path);
      EXPECT_TRUE(text.ok()) << text.status().ToString();
      auto table = RankTable::Parse(*text, *path);
      EXPECT_TRUE(table.ok()) << table.status().ToString();
      it = cache.emplace(name, std::move(table).value()).first;
    }
    return it->second;
  }
};

std::string RandomPiece(std::mt19937& rng) {
  static const std::vector<std::string> alphabets = {
      "ab", "abc ", "etaoinshrdlu", "0123456789", "=-_/", "\xe6\x97\xa5\xe6\x9c\xac",
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"};
  const std::string& alphabet = alphabets[rng() % alphabets.size()];
  const size_t len = 1 + rng() % (rng() % 4 == 0 ? 600 : 40);
  std::string s;
  for (size_t i = 0; i < len; ++i) {
    s.push_back(rng() % 16 == 0 ? static_cast<char>(rng() % 256) : alphabet[rng() % alphabet.size()]);
  }
  return s;
}

TEST_P(BytePairEncoderTest, FastMergesMatchTheNaiveLoop) {
  const RankTable& ranks = Ranks(GetParam());
  std::mt19937 rng(12345);
  for (int i = 0; i < 3000; ++i) {
    const std::string piece = RandomPiece(rng);
    const std::vector<uint32_t> expected = NaiveEncode(ranks, piece);
    std::vector<uint32_t> linear, heap, dispatched;
    BytePairEncodeLinear(ranks, piece, linear);
    BytePairEncodeHeap(ranks, piece, heap);
    BytePairEncode(ranks, piece, dispatched);
    ASSERT_EQ(linear, expected) << "piece of " << piece.size() << " bytes: " << piece;
    ASSERT_EQ(heap, expected) << "piece of " << piece.size() << " bytes: " << piece;
    ASSERT_EQ(dispatched, expected);
  }
}

// The linear merge works on fixed stack arrays of kHeapMergeThreshold entries: the largest
// piece it takes and the first one it hands to the heap both merge like the definition.
TEST_P(BytePairEncoderTest, LinearMergeAtItsSizeLimit) {
  const RankTable& ranks = Ranks(GetParam());
  std::mt19937 rng(7);
  const std::string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEF0123456789+/=";
  for (size_t len : {kHeapMergeThreshold - 1, kHeapMergeThreshold, kHeapMergeThreshold + 1}) {
    for (int i = 0; i < 20; ++i) {
      std::string piece;
      for (size_t k = 0; k < len; ++k) piece.push_back(alphabet[rng() % alphabet.size()]);
      std::vector<uint32_t> linear;
      BytePairEncodeLinear(ranks, piece, linear);
      ASSERT_EQ(linear, NaiveEncode(ranks, piece)) << len << " bytes: " << piece;
    }
  }
}

TEST_P(BytePairEncoderTest, LongRunOfOneByteMergesLikeTheNaiveLoop) {
  const RankTable& ranks = Ranks(GetParam());
  const std::string piece(1000, 'a');
  std::vector<uint32_t> heap;
  BytePairEncodeHeap(ranks, piece, heap);
  EXPECT_EQ(heap, NaiveEncode(ranks, piece));
}

INSTANTIATE_TEST_SUITE_P(Encodings, BytePairEncoderTest,
                         ::testing::Values("o200k_base", "cl100k_base"));

}  // namespace
}  // namespace quarry::llm::tokenizer_internal
