// XXH64 against published test vectors: the empty input and short inputs (the tail paths), the
// python-xxhash README examples (39 bytes: one 32-byte stripe plus tails; a non-zero seed), and
// Kusto's documented hash("World").
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "kql/functions/xxhash64.h"

namespace quarry::kql::fn {
namespace {

TEST(Xxhash64, PublishedVectors) {
  EXPECT_EQ(Xxhash64(""), 0xEF46DB3751D8E999ULL);
  EXPECT_EQ(Xxhash64("a"), 0xD24EC4F1A98C6E5BULL);
  EXPECT_EQ(Xxhash64("abc"), 0x44BC2CF5AD770999ULL);
  EXPECT_EQ(Xxhash64("Nobody inspects the spammish repetition"), 0xFBCEA83C8A378BF1ULL);
  EXPECT_EQ(Xxhash64("xxhash", 20141025), 0xB559B98D844E0635ULL);
}

TEST(Xxhash64, KustoDocumentedValue) {
  EXPECT_EQ(static_cast<int64_t>(Xxhash64("World")), 1846988464401551951LL);
}

TEST(Xxhash64, EveryLengthUpToTwoStripesDiffers) {
  // Each length takes a different mix of stripe, 8-, 4- and 1-byte steps; a dropped byte in any
  // of them would make two prefixes collide.
  std::string text = "The quick brown fox jumps over the lazy dog, then rests a while.";
  std::set<uint64_t> seen;
  for (size_t n = 0; n <= text.size(); ++n) {
    seen.insert(Xxhash64(std::string_view(text).substr(0, n)));
  }
  EXPECT_EQ(seen.size(), text.size() + 1);
}

}  // namespace
}  // namespace quarry::kql::fn
