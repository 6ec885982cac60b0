// CurlTransport: HttpTransport over libcurl (HTTPS with the system's CA store).
//
// One easy handle per request; connect and total timeouts from the request; redirects are not
// followed (a credential must not travel to another host); gzip/deflate accepted. The libcurl
// progress callback polls the cancellation flag, so Ctrl-C aborts a transfer within a fraction
// of a second with Cancelled. Error mapping: timeouts -> DeadlineExceeded; refused, reset,
// empty reply or a body shorter than announced -> Unavailable (worth retrying); TLS and URL
// problems -> FailedPrecondition. Messages name the host and the failure, never header values.
//
// Thread-safety: Send() is safe to call concurrently (no shared handles); libcurl's global
// initialisation runs once, thread-safely, on first construction.
#pragma once

#include <atomic>

#include "net/cancellation.h"
#include "net/http_types.h"

namespace quarry::net {

class CurlTransport : public HttpTransport {
 public:
  // `cancel_flag` is polled during transfers; it must outlive the transport.
  explicit CurlTransport(const std::atomic<bool>* cancel_flag = &GlobalCancelFlag());

  Result<HttpResponse> Send(const HttpRequest& request) override;

 private:
  const std::atomic<bool>* cancel_flag_;
};

}  // namespace quarry::net
