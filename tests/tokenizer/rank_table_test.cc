#include "llm/tokenizer/rank_table.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace quarry::llm::tokenizer_internal {
namespace {

using ::testing::HasSubstr;

std::string AllBytes() {
  static const char* kB64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (int b = 0; b < 256; ++b) {
    out += kB64[b >> 2];
    out += kB64[(b & 3) << 4];
    out += "== " + std::to_string(b) + "\n";
  }
  return out;
}

TEST(RankTableTest, ParsesAndLooksUpBothWays) {
  auto t = RankTable::Parse(AllBytes() + "aGVsbG8= 256\nIHdvcmxkIHdpZGUgd2Vi 300\n", "test");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->size(), 258u);
  EXPECT_EQ(t->rank_limit(), 301u);
  EXPECT_EQ(t->Find("hello"), 256u);
  EXPECT_EQ(t->Find(" world wide web"), 300u);  // longer than 8 bytes: hashed key
  EXPECT_EQ(t->Find("A"), 65u);
  EXPECT_EQ(t->Find("hell"), kNoRank);
  EXPECT_EQ(t->Find(""), kNoRank);
  EXPECT_EQ(t->Bytes(256), "hello");
  EXPECT_EQ(t->Bytes(299), "");
  EXPECT_EQ(t->Bytes(5000), "");
}

TEST(RankTableTest, RejectsMalformedLinesWithTheLineNumber) {
  auto t = RankTable::Parse(AllBytes() + "not-base64! 256\n", "ranks.tiktoken");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kDataLoss);
  EXPECT_THAT(t.status().message(), HasSubstr("ranks.tiktoken:257"));
  EXPECT_FALSE(RankTable::Parse(AllBytes() + "aGVsbG8=\n", "x").ok());
  EXPECT_FALSE(RankTable::Parse(AllBytes() + "aGVsbG8= 12x\n", "x").ok());
}

TEST(RankTableTest, RejectsDuplicatesAndMissingBytes) {
  auto dup_rank = RankTable::Parse(AllBytes() + "aGVsbG8= 65\n", "x");
  ASSERT_FALSE(dup_rank.ok());
  EXPECT_THAT(dup_rank.status().message(), HasSubstr("rank 65 appears twice"));
  auto dup_bytes = RankTable::Parse(AllBytes() + "QQ== 256\n", "x");
  ASSERT_FALSE(dup_bytes.ok());
  EXPECT_THAT(dup_bytes.status().message(), HasSubstr("two ranks"));
  auto missing = RankTable::Parse("QQ== 0\n", "x");
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.status().message(), HasSubstr("byte 0x00 has no rank"));
}

}  // namespace
}  // namespace quarry::llm::tokenizer_internal
