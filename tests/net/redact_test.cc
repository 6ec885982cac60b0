#include "net/redact.h"

#include <gtest/gtest.h>

namespace quarry::net {
namespace {

TEST(RedactTest, SecretHeaderNames) {
  EXPECT_TRUE(IsSecretHeader("Authorization"));
  EXPECT_TRUE(IsSecretHeader("api-key"));
  EXPECT_TRUE(IsSecretHeader("API-KEY"));
  EXPECT_TRUE(IsSecretHeader("Cookie"));
  EXPECT_FALSE(IsSecretHeader("Content-Type"));
  EXPECT_FALSE(IsSecretHeader("x-request-id"));
}

TEST(RedactTest, HeadersForLog) {
  Headers headers = {{"Authorization", "Bearer sk-live-123456"},
                     {"api-key", "abcdef0123"},
                     {"Content-Type", "application/json"}};
  EXPECT_EQ(FormatHeadersForLog(headers),
            "Authorization: [redacted]\napi-key: [redacted]\nContent-Type: application/json\n");
}

TEST(RedactTest, UrlQueryParameters) {
  EXPECT_EQ(RedactUrl("https://x.openai.azure.com/openai/deployments/d/chat/completions"
                      "?api-version=2024-10-21&api-key=SECRET"),
            "https://x.openai.azure.com/openai/deployments/d/chat/completions"
            "?api-version=2024-10-21&api-key=[redacted]");
  EXPECT_EQ(RedactUrl("https://h/p?code=abc&sig=def&x=1"),
            "https://h/p?code=[redacted]&sig=[redacted]&x=1");
  EXPECT_EQ(RedactUrl("https://api.openai.com/v1/chat/completions"),
            "https://api.openai.com/v1/chat/completions");
}

TEST(RedactTest, SecretsInText) {
  EXPECT_EQ(RedactSecrets("Incorrect API key provided: sk-proj-abc*****xyz. See docs.", ""),
            "Incorrect API key provided: [redacted]. See docs.");
  EXPECT_EQ(RedactSecrets("key my-azure-key-42 rejected; my-azure-key-42 again", "my-azure-key-42"),
            "key [redacted] rejected; [redacted] again");
  EXPECT_EQ(RedactSecrets("task-runner ok", ""), "task-runner ok");
  EXPECT_EQ(RedactSecrets("short k", "k"), "short k");
}

}  // namespace
}  // namespace quarry::net
