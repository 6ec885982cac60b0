#include "common/json_text.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace quarry {
namespace {

TEST(JsonTextTest, InvalidUtf8BecomesReplacementCharacters) {
  nlohmann::json value = {{"cmd", "a\xff" "b"}};
  EXPECT_EQ(JsonText(value), "{\"cmd\":\"a\xEF\xBF\xBD" "b\"}");
  EXPECT_THROW((void)value.dump(), nlohmann::json::type_error);  // what JsonText guards against
}

TEST(JsonTextTest, OrderedJsonKeepsKeyOrderAndIndents) {
  nlohmann::ordered_json value;
  value["z"] = 1;
  value["a"] = "\xc3\xa9";  // valid UTF-8 passes through unchanged
  EXPECT_EQ(JsonText(value), "{\"z\":1,\"a\":\"\xc3\xa9\"}");
  EXPECT_EQ(JsonText(value, 2), "{\n  \"z\": 1,\n  \"a\": \"\xc3\xa9\"\n}");
}

}  // namespace
}  // namespace quarry
