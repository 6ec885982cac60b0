#include "llm/tokenizer/tokenizer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace quarry::llm {
namespace {

using ::testing::ElementsAre;

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

TEST(TokenizerTest, HelloWorld) {
  EXPECT_THAT(O200k().Encode("hello world"), ElementsAre(24912, 2375));
  EXPECT_THAT(Cl100k().Encode("hello world"), ElementsAre(15339, 1917));
}

}  // namespace
}  // namespace quarry::llm
