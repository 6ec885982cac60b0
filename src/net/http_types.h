// HTTP request and response values and the HttpTransport seam.
//
// An HttpTransport sends one request and returns the response, whatever its status; it does not
// retry (HttpClient does). Production code uses CurlTransport; tests and fault injection swap in
// their own. Transport failures come back as Status: Unavailable for failures worth retrying
// (connection refused or reset, a body cut off mid-transfer), DeadlineExceeded for a timeout,
// Cancelled when the user pressed Ctrl-C, FailedPrecondition for problems a retry cannot fix
// (TLS verification, a malformed URL). Error messages never contain header values.
//
// Thread-safety: values are plain data. A transport must be safe to call from several threads.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace quarry::net {

using Headers = std::vector<std::pair<std::string, std::string>>;

// Case-insensitive header lookup; the first match wins.
std::optional<std::string> FindHeader(const Headers& headers, std::string_view name);

struct HttpRequest {
  std::string method = "POST";
  std::string url;
  Headers headers;
  std::string body;
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds total_timeout{120'000};
};

struct HttpResponse {
  int status = 0;
  Headers headers;
  std::string body;

  std::optional<std::string> Header(std::string_view name) const {
    return FindHeader(headers, name);
  }
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

}  // namespace quarry::net
