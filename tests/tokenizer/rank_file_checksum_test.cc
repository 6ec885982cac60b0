#include <gtest/gtest.h>

#include "common/data_path.h"
#include "common/digest.h"

namespace quarry {
namespace {

// The shipped rank files are OpenAI's published ones (checksums from data/tokenizer/README.md).
TEST(RankFileChecksumTest, ShippedRankFilesHaveThePublishedChecksums) {
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
}  // namespace quarry
