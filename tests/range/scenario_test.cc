#include "range/scenario.h"

#include <gtest/gtest.h>

namespace quarry::range {
namespace {

// PowerShell's -EncodedCommand is base64 of UTF-16LE: "whoami" -> dwBoAG8AYQBtAGkA.
TEST(ScenarioTest, EncodesPowerShellAsUtf16LeBase64) {
  EXPECT_EQ(EncodePowerShell("whoami"), "dwBoAG8AYQBtAGkA");
  EXPECT_EQ(EncodePowerShell("a"), "YQA=");
  EXPECT_EQ(EncodePowerShell(""), "");
}

TEST(ScenarioTest, CatalogHasTwentyTwoAttacksAndSixLookAlikes) {
  int attacks = 0, benign = 0;
  for (const auto& def : ScenarioCatalog()) (def.malicious ? attacks : benign)++;
  EXPECT_EQ(attacks, 22);
  EXPECT_EQ(benign, 6);
}

}  // namespace
}  // namespace quarry::range
