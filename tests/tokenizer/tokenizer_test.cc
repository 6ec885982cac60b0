#include "llm/tokenizer/tokenizer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <thread>

namespace quarry::llm {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Contains;

const Tokenizer& O200k() {
  auto t = Tokenizer::ForEncoding("o200k_base");
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return **t;
}

const Tokenizer& Cl100k() {
  auto t = Tokenizer::ForEncoding("cl100k_base");
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return **t;
}

// Expected ids below were produced by npm tiktoken 1.0.22 (encode_ordinary), the referee.
TEST(TokenizerTest, MatchesTiktokenOnKnownStrings) {
  EXPECT_THAT(O200k().Encode("hello world"), ElementsAre(24912, 2375));
  EXPECT_THAT(Cl100k().Encode("hello world"), ElementsAre(15339, 1917));
  EXPECT_THAT(O200k().Encode("Failed password for root from 10.0.0.1 port 22 ssh2\n"),
              ElementsAre(14995, 6088, 395, 6577, 591, 220, 702, 13, 15, 13, 15, 13, 16, 3135,
                          220, 1709, 70225, 17, 198));
  EXPECT_THAT(Cl100k().Encode("Failed password for root from 10.0.0.1 port 22 ssh2\n"),
              ElementsAre(9595, 3636, 369, 3789, 505, 220, 605, 13, 15, 13, 15, 13, 16, 2700,
                          220, 1313, 30330, 17, 198));
  EXPECT_THAT(O200k().Encode("don't SHOUT HelloWorld"),
              ElementsAre(91418, 10902, 5858, 32949, 13046));
  EXPECT_THAT(Cl100k().Encode("don't SHOUT HelloWorld"),
              ElementsAre(15357, 956, 6570, 3740, 91171));
  EXPECT_THAT(O200k().Encode("  x\n\n  y "), ElementsAre(220, 1215, 279, 220, 342, 220));
  EXPECT_THAT(Cl100k().Encode("  x\n\n  y "), ElementsAre(220, 865, 271, 220, 379, 220));
  EXPECT_THAT(O200k().Encode("你好，世界 👩🏿‍💻"),
              ElementsAre(177519, 979, 28428, 61138, 102, 52622, 123, 2524, 31446, 119));
  EXPECT_THAT(Cl100k().Encode("你好，世界 👩🏿‍💻"),
              ElementsAre(57668, 53901, 3922, 3574, 244, 98220, 62904, 102, 9468, 237, 123, 378,
                          235, 93273, 119));
}

TEST(TokenizerTest, SpecialTokenTextIsOrdinaryText) {
  EXPECT_THAT(O200k().Encode("<|endoftext|>"), ElementsAre(27, 91, 419, 1440, 919, 91, 29));
  EXPECT_THAT(Cl100k().Encode("<|endoftext|>"), ElementsAre(27, 91, 8862, 728, 428, 91, 29));
  const std::string log = "user=<|endofprompt|> msg=<|endoftext|><|fim_prefix|>";
  EXPECT_THAT(O200k().Encode(log), Not(Contains(199999u)));
  EXPECT_THAT(O200k().Encode(log), Not(Contains(200018u)));
  for (uint32_t id : {100257u, 100258u, 100276u}) EXPECT_THAT(Cl100k().Encode(log), Not(Contains(id)));
}

TEST(TokenizerTest, SpecialTokenIds) {
  EXPECT_EQ(*O200k().SpecialTokenId("<|endoftext|>"), 199999u);
  EXPECT_EQ(*O200k().SpecialTokenId("<|endofprompt|>"), 200018u);
  EXPECT_EQ(*Cl100k().SpecialTokenId("<|endoftext|>"), 100257u);
  EXPECT_EQ(*Cl100k().SpecialTokenId("<|fim_middle|>"), 100259u);
  EXPECT_EQ(O200k().SpecialTokenId("<|im_start|>").status().code(), StatusCode::kNotFound);
  const uint32_t eot = 199999;
  EXPECT_EQ(O200k().Decode({&eot, 1}), "<|endoftext|>");
}

TEST(TokenizerTest, EmptyTextHasNoTokens) {
  EXPECT_TRUE(O200k().Encode("").empty());
  EXPECT_EQ(Cl100k().Count(""), 0u);
}

TEST(TokenizerTest, DecodeInvertsEncodeIncludingInvalidUtf8) {
  std::mt19937 rng(7);
  std::vector<std::string> samples = {"plain ascii", "naïve café — 東京 🛡️", std::string("\xff\xfe\xc0\x80 bad", 8),
                                      std::string("\xed\xa0\x80 surrogate \xf4\x90\x80\x80", 16)};
  for (int i = 0; i < 200; ++i) {
    std::string s(rng() % 64, '\0');
    for (char& c : s) c = static_cast<char>(rng() % 256);
    samples.push_back(s);
  }
  for (const Tokenizer* t : {&O200k(), &Cl100k()}) {
    for (const auto& s : samples) {
      const auto ids = t->Encode(s);
      EXPECT_EQ(t->Decode(ids), s);
      EXPECT_EQ(t->Count(s), ids.size());
    }
  }
}

TEST(TokenizerTest, ForModelMapsFamilies) {
  for (const char* m : {"gpt-4o", "gpt-4o-mini", "gpt-4.1-mini", "gpt-4.1", "gpt-5", "gpt-5-nano",
                        "o1", "o3-mini", "o4-mini", "ft:gpt-4o-mini-2024-07-18:org::abc"}) {
    auto t = Tokenizer::ForModel(m);
    ASSERT_TRUE(t.ok()) << m << ": " << t.status().ToString();
    EXPECT_EQ((*t)->name(), "o200k_base") << m;
  }
  for (const char* m : {"gpt-4", "gpt-4-0613", "gpt-4-turbo", "gpt-3.5-turbo", "gpt-3.5-turbo-0125",
                        "text-embedding-3-small", "text-embedding-ada-002"}) {
    auto t = Tokenizer::ForModel(m);
    ASSERT_TRUE(t.ok()) << m << ": " << t.status().ToString();
    EXPECT_EQ((*t)->name(), "cl100k_base") << m;
  }
}

TEST(TokenizerTest, UnknownModelOrEncodingIsNotFound) {
  auto m = Tokenizer::ForModel("llama3:8b");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(m.status().message(), HasSubstr("llama3:8b"));
  EXPECT_EQ(Tokenizer::ForModel("o30").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(Tokenizer::ForEncoding("p50k_base").status().code(), StatusCode::kNotFound);
}

TEST(TokenizerTest, ForEncodingReturnsOneSharedInstance) {
  auto a = Tokenizer::ForEncoding("o200k_base");
  auto b = Tokenizer::ForModel("gpt-4.1-mini");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
  EXPECT_EQ((*a)->vocabulary_size(), 199998u);
  EXPECT_EQ((*Tokenizer::ForEncoding("cl100k_base"))->vocabulary_size(), 100256u);
}

TEST(TokenizerTest, ConcurrentUseGivesSameResults) {
  const std::string text = "2025-01-01T00:00:00Z host sshd[1]: Failed password for root ✅ 東京\n";
  const auto expected = O200k().Encode(text);
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int k = 0; k < 4; ++k) {
    threads.emplace_back([&, k] {
      auto t = Tokenizer::ForEncoding("o200k_base");
      int good = 0;
      for (int i = 0; i < 200; ++i) good += t.ok() && (*t)->Encode(text) == expected;
      ok[k] = good;
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_THAT(ok, ElementsAreArray({200, 200, 200, 200}));
}

TEST(TokenizerTest, FromRankFileRejectsAMissingFile) {
  auto t = Tokenizer::FromRankFile("o200k_base", "/nonexistent/o200k_base.tiktoken");
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(t.status().message(), HasSubstr("/nonexistent/o200k_base.tiktoken"));
}

}  // namespace
}  // namespace quarry::llm
