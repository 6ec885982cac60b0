// QueryServer: `quarry serve` — the local workspace behind the Log Analytics query API, over
// HTTPS, so existing clients (Microsoft's SDKs, notebooks, curl) can query it.
//
//   POST /v1/workspaces/{any id}/query   {"query": ..., "timespan": ...}
//   GET  /v1/workspaces/{any id}/query?query=...&timespan=...
// Any workspace id addresses the one local workspace. Every request needs
// "Authorization: Bearer <token>" (compared in constant time); bodies larger than
// max_body_bytes are refused (413). Errors use the API's {"error":{...}} shape. Plain HTTP is
// only available when no TLS files are given AND allow_plain_http is set (tests); Microsoft's
// SDKs refuse to send a bearer token over plain HTTP anyway.
//
// Thread-safety: Listen() blocks serving on a thread pool; Stop() may be called from any thread.
#pragma once

#include <memory>
#include <string>

#include "common/status.h"
#include "server/query_service.h"

namespace httplib {
class Server;
}

namespace quarry::server {

struct ServerOptions {
  std::string bind = "127.0.0.1";
  int port = 8080;    // 0: any free port (see port())
  std::string token;  // required, non-empty
  std::string cert_path;
  std::string key_path;
  bool allow_plain_http = false;
  size_t max_body_bytes = 1 << 20;
};

class QueryServer {
 public:
  ~QueryServer();

  // Binds the socket. FailedPrecondition for a missing token or unusable TLS files,
  // Unavailable when the address cannot be bound.
  static Result<std::unique_ptr<QueryServer>> Create(ServerOptions options,
                                                     std::shared_ptr<QueryService> service);

  int port() const { return port_; }
  bool tls() const { return tls_; }
  // Serves until Stop().
  Status Listen();
  void Stop();

 private:
  QueryServer() = default;
  void Route();

  ServerOptions options_;
  std::shared_ptr<QueryService> service_;
  std::unique_ptr<httplib::Server> http_;
  int port_ = 0;
  bool tls_ = false;
};

}  // namespace quarry::server
