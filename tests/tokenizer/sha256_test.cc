#include "llm/tokenizer/sha256.h"

#include <gtest/gtest.h>

#include "common/data_path.h"

namespace quarry::llm::tokenizer_internal {
namespace {

// Test vectors from FIPS 180-4 examples (NIST CSRC "SHA256.pdf").
TEST(Sha256Test, NistVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Sha256Hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// The shipped rank files are OpenAI's published ones (checksums from data/tokenizer/README.md).
TEST(Sha256Test, ShippedRankFilesHaveThePublishedChecksums) {
  for (const auto& [file, digest] :
       {std::pair{"data/tokenizer/o200k_base.tiktoken",
                  "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"},
        std::pair{"data/tokenizer/cl100k_base.tiktoken",
                  "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"}}) {
    auto path = FindDataPath(file);
    ASSERT_TRUE(path.ok()) << path.status().ToString();
    auto text = ReadFileToString(*path);
    ASSERT_TRUE(text.ok()) << text.status().ToString();
    EXPECT_EQ(Sha256Hex(*text), digest) << file;
  }
}

}  // namespace
}  // namespace quarry::llm::tokenizer_internal
