#include "net/retry_policy.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

#include "common/time.h"

namespace quarry::net {
namespace {

using std::chrono::milliseconds;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Parses a non-negative decimal number ("12", "1.5") consuming the longest prefix; returns the
// number of characters used (0 when none).
size_t ParseNumber(std::string_view s, double* out) {
  size_t i = 0;
  double value = 0;
  bool digits = false;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
    value = value * 10 + (s[i] - '0');
    digits = true;
    ++i;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    double scale = 0.1;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
      value += (s[i] - '0') * scale;
      scale /= 10;
      digits = true;
      ++i;
    }
  }
  if (!digits) return 0;
  *out = value;
  return i;
}

milliseconds FromSeconds(double seconds) {
  return milliseconds(static_cast<int64_t>(std::llround(seconds * 1000.0)));
}

}  // namespace

bool IsRetryableStatus(int status) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

std::optional<milliseconds> ParseRetryAfter(std::string_view value,
                                            std::chrono::system_clock::time_point now) {
  value = Trim(value);
  if (value.empty()) return std::nullopt;
  double seconds = 0;
  if (ParseNumber(value, &seconds) == value.size()) return FromSeconds(seconds);
  std::optional<int64_t> ticks = ParseDatetime(value);
  if (!ticks) return std::nullopt;
  int64_t now_ms = std::chrono::duration_cast<milliseconds>(now.time_since_epoch()).count();
  int64_t at_ms = *ticks / kTicksPerMillisecond;
  return milliseconds(std::max<int64_t>(0, at_ms - now_ms));
}

std::optional<milliseconds> ParseResetDuration(std::string_view value) {
  value = Trim(value);
  if (value.empty()) return std::nullopt;
  double total_ms = 0;
  while (!value.empty()) {
    double number = 0;
    size_t used = ParseNumber(value, &number);
    if (used == 0) return std::nullopt;
    value.remove_prefix(used);
    size_t unit_len = 0;
    while (unit_len < value.size() && std::isalpha(static_cast<unsigned char>(value[unit_len]))) {
      ++unit_len;
    }
    std::string_view unit = value.substr(0, unit_len);
    value.remove_prefix(unit_len);
    if (unit == "h") {
      total_ms += number * 3'600'000;
    } else if (unit == "m") {
      total_ms += number * 60'000;
    } else if (unit == "s") {
      total_ms += number * 1000;
    } else if (unit == "ms") {
      total_ms += number;
    } else if (unit == "us" || unit == "µs") {
      total_ms += number / 1000;
    } else if (unit == "ns") {
      total_ms += number / 1'000'000;
    } else {
      return std::nullopt;
    }
  }
  return milliseconds(static_cast<int64_t>(std::ceil(total_ms)));
}

std::optional<milliseconds> ServerRequestedDelay(const HttpResponse& response,
                                                 std::chrono::system_clock::time_point now) {
  if (auto ms = response.Header("retry-after-ms")) {
    double value = 0;
    std::string_view text = Trim(*ms);
    if (!text.empty() && ParseNumber(text, &value) == text.size()) {
      return milliseconds(static_cast<int64_t>(std::ceil(value)));
    }
  }
  if (auto retry_after = response.Header("retry-after")) {
    if (auto delay = ParseRetryAfter(*retry_after, now)) return delay;
  }
  std::optional<milliseconds> exhausted, shortest;
  for (std::string_view limit : {"requests", "tokens"}) {
    auto reset = response.Header(std::string("x-ratelimit-reset-") + std::string(limit));
    if (!reset) continue;
    auto delay = ParseResetDuration(*reset);
    if (!delay) continue;
    if (!shortest || *delay < *shortest) shortest = delay;
    auto remaining = response.Header(std::string("x-ratelimit-remaining-") + std::string(limit));
    if (remaining && Trim(*remaining) == "0" && (!exhausted || *delay > *exhausted)) {
      exhausted = delay;
    }
  }
  return exhausted ? exhausted : shortest;
}

milliseconds BackoffDelay(const RetryPolicy& policy, int retry, double unit_random) {
  double base = static_cast<double>(policy.initial_backoff.count()) *
                std::pow(policy.multiplier, std::max(0, retry));
  base = std::min(base, static_cast<double>(policy.max_backoff.count()));
  double factor = 1.0 + policy.jitter * (2.0 * std::clamp(unit_random, 0.0, 1.0) - 1.0);
  return milliseconds(static_cast<int64_t>(std::llround(base * factor)));
}

}  // namespace quarry::net
