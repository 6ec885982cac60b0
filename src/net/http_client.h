// HttpClient: one logical HTTP call with retries, backoff and Ctrl-C cancellation.
//
// Send() passes the request to the transport; on a retryable response (429/500/502/503/504 by
// default, see RetryPolicy) or an Unavailable transport failure it waits — the server's
// Retry-After / x-ratelimit-reset-* if given, else exponential backoff with jitter — and tries
// again, up to policy.max_attempts. It returns the last response, whatever its status, so the
// caller can turn it into a message; or the transport's error when no response ever came.
// A wait longer than policy.max_server_delay is not taken: the response is returned at once.
// The debug log (optional) receives one line per attempt with secret headers and URL parameters
// redacted; request and response bodies are never logged.
//
// Thread-safety: Send() may be called concurrently if the transport allows it (CurlTransport
// does) and `random` is thread-safe (the default is).
#pragma once

#include <functional>
#include <memory>
#include <string_view>

#include "common/status.h"
#include "net/clock.h"
#include "net/http_types.h"
#include "net/retry_policy.h"

namespace quarry::net {

struct HttpClientOptions {
  RetryPolicy retry;
  // Whether a response should be retried; default: IsRetryableStatus(response.status).
  std::function<bool(const HttpResponse&)> retry_response;
  // Receives redacted, human-readable lines about each attempt; may be empty.
  std::function<void(std::string_view)> debug_log;
  // Uniform [0, 1) numbers for jitter; default: a thread-local generator.
  std::function<double()> random;
};

class HttpClient {
 public:
  // REQUIRES: transport and clock non-null; clock outlives the client.
  HttpClient(std::shared_ptr<HttpTransport> transport, Clock* clock,
             HttpClientOptions options = {});

  Result<HttpResponse> Send(const HttpRequest& request);

 private:
  void Log(std::string_view line) const;

  std::shared_ptr<HttpTransport> transport_;
  Clock* clock_;
  HttpClientOptions options_;
};

}  // namespace quarry::net
