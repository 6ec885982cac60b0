#include "net/retry_policy.h"

#include <gtest/gtest.h>

#include "common/time.h"

namespace quarry::net {
namespace {

using std::chrono::milliseconds;

std::chrono::system_clock::time_point At(std::string_view datetime) {
  auto ticks = ParseDatetime(datetime);
  EXPECT_TRUE(ticks.has_value()) << datetime;
  return std::chrono::system_clock::time_point(milliseconds(*ticks / kTicksPerMillisecond));
}

TEST(RetryPolicyTest, RetryableStatuses) {
  for (int status : {429, 500, 502, 503, 504}) EXPECT_TRUE(IsRetryableStatus(status)) << status;
  for (int status : {200, 400, 401, 403, 404, 408, 501}) {
    EXPECT_FALSE(IsRetryableStatus(status)) << status;
  }
}

TEST(RetryPolicyTest, RetryAfterSeconds) {
  auto now = At("2024-01-01T00:00:00Z");
  EXPECT_EQ(ParseRetryAfter("120", now), milliseconds(120'000));
  EXPECT_EQ(ParseRetryAfter(" 7 ", now), milliseconds(7'000));
  EXPECT_EQ(ParseRetryAfter("1.5", now), milliseconds(1'500));
  EXPECT_EQ(ParseRetryAfter("0", now), milliseconds(0));
}

TEST(RetryPolicyTest, RetryAfterHttpDate) {
  auto now = At("2015-10-21T07:27:30Z");
  EXPECT_EQ(ParseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now), milliseconds(30'000));
  EXPECT_EQ(ParseRetryAfter("Wed, 21 Oct 2015 07:00:00 GMT", now), milliseconds(0));
}

TEST(RetryPolicyTest, RetryAfterGarbage) {
  auto now = At("2024-01-01T00:00:00Z");
  EXPECT_FALSE(ParseRetryAfter("", now).has_value());
  EXPECT_FALSE(ParseRetryAfter("soon", now).has_value());
  EXPECT_FALSE(ParseRetryAfter("-5", now).has_value());
  EXPECT_FALSE(ParseRetryAfter("5s", now).has_value());
}

TEST(RetryPolicyTest, ResetDurations) {
  EXPECT_EQ(ParseResetDuration("1s"), milliseconds(1'000));
  EXPECT_EQ(ParseResetDuration("6m0s"), milliseconds(360'000));
  EXPECT_EQ(ParseResetDuration("20ms"), milliseconds(20));
  EXPECT_EQ(ParseResetDuration("1h2m3.5s"), milliseconds(3'723'500));
  EXPECT_EQ(ParseResetDuration("0.5s"), milliseconds(500));
  EXPECT_EQ(ParseResetDuration("2m59.56s"), milliseconds(179'560));
  EXPECT_FALSE(ParseResetDuration("").has_value());
  EXPECT_FALSE(ParseResetDuration("5").has_value());
  EXPECT_FALSE(ParseResetDuration("5x").has_value());
  EXPECT_FALSE(ParseResetDuration("s").has_value());
}

TEST(RetryPolicyTest, ServerDelayPrefersRetryAfterMs) {
  HttpResponse r{429, {{"Retry-After", "9"}, {"retry-after-ms", "250"}}, ""};
  EXPECT_EQ(ServerRequestedDelay(r, At("2024-01-01")), milliseconds(250));
}

TEST(RetryPolicyTest, ServerDelayRetryAfterBeforeRateLimitHeaders) {
  HttpResponse r{429, {{"x-ratelimit-reset-tokens", "20ms"}, {"Retry-After", "3"}}, ""};
  EXPECT_EQ(ServerRequestedDelay(r, At("2024-01-01")), milliseconds(3'000));
}

TEST(RetryPolicyTest, ServerDelayUsesTheExhaustedLimit) {
  HttpResponse r{429,
                 {{"x-ratelimit-remaining-requests", "59"},
                  {"x-ratelimit-reset-requests", "1s"},
                  {"x-ratelimit-remaining-tokens", "0"},
                  {"x-ratelimit-reset-tokens", "6m0s"}},
                 ""};
  EXPECT_EQ(ServerRequestedDelay(r, At("2024-01-01")), milliseconds(360'000));
}

TEST(RetryPolicyTest, ServerDelayShortestResetWhenUnclear) {
  HttpResponse r{
      429, {{"x-ratelimit-reset-requests", "6m0s"}, {"x-ratelimit-reset-tokens", "20ms"}}, ""};
  EXPECT_EQ(ServerRequestedDelay(r, At("2024-01-01")), milliseconds(20));
}

TEST(RetryPolicyTest, NoServerDelay) {
  HttpResponse r{503, {{"Content-Type", "application/json"}}, ""};
  EXPECT_FALSE(ServerRequestedDelay(r, At("2024-01-01")).has_value());
}

TEST(RetryPolicyTest, ExponentialBackoffWithJitterAndCap) {
  RetryPolicy policy;
  policy.initial_backoff = milliseconds(500);
  policy.multiplier = 2;
  policy.max_backoff = milliseconds(3'000);
  policy.jitter = 0.25;
  EXPECT_EQ(BackoffDelay(policy, 0, 0.5), milliseconds(500));
  EXPECT_EQ(BackoffDelay(policy, 1, 0.5), milliseconds(1'000));
  EXPECT_EQ(BackoffDelay(policy, 2, 0.5), milliseconds(2'000));
  EXPECT_EQ(BackoffDelay(policy, 3, 0.5), milliseconds(3'000));
  EXPECT_EQ(BackoffDelay(policy, 10, 0.5), milliseconds(3'000));
  EXPECT_EQ(BackoffDelay(policy, 1, 0.0), milliseconds(750));
  EXPECT_EQ(BackoffDelay(policy, 1, 1.0), milliseconds(1'250));
}

}  // namespace
}  // namespace quarry::net
