// When and how long to wait before retrying an HTTP request.
//
// Retried: 429, 500, 502, 503, 504 and transport failures reported as Unavailable (connection
// refused or reset, a body cut off). The wait is the server's word when it gives one —
// Retry-After (seconds or an HTTP date), retry-after-ms (Azure), or OpenAI's
// x-ratelimit-reset-requests / x-ratelimit-reset-tokens ("1s", "6m0s", "20ms") for the limit
// that ran out — and otherwise exponential backoff with jitter. Pure functions; thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "net/http_types.h"

namespace quarry::net {

struct RetryPolicy {
  int max_attempts = 5;  // total attempts including the first; 1 disables retries
  std::chrono::milliseconds initial_backoff{500};
  double multiplier = 2.0;
  std::chrono::milliseconds max_backoff{30'000};
  double jitter = 0.25;  // each backoff is scaled by a random factor in [1-jitter, 1+jitter]
  // A server asking for a longer wait than this is not retried: its response is returned.
  std::chrono::milliseconds max_server_delay{120'000};
};

// 429, 500, 502, 503, 504.
bool IsRetryableStatus(int status);

// Retry-After: delta-seconds ("120", "1.5") or an HTTP date relative to `now`; a date in the
// past is zero. nullopt when unparseable.
std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value,
                                                         std::chrono::system_clock::time_point now);

// A Go-style duration as OpenAI sends in x-ratelimit-reset-*: "1s", "6m0s", "20ms", "1h2m3.5s",
// "0.5s". nullopt when unparseable.
std::optional<std::chrono::milliseconds> ParseResetDuration(std::string_view value);

// The wait the server asked for, if any: retry-after-ms, then Retry-After, then the
// x-ratelimit-reset-* header of an exhausted limit (x-ratelimit-remaining-* == 0), else the
// shorter of the reset headers present.
std::optional<std::chrono::milliseconds> ServerRequestedDelay(
    const HttpResponse& response, std::chrono::system_clock::time_point now);

// Backoff before retry number `retry` (0 for the first retry), with `unit_random` in [0, 1)
// choosing the jitter.
std::chrono::milliseconds BackoffDelay(const RetryPolicy& policy, int retry, double unit_random);

}  // namespace quarry::net
