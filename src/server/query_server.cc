#include "server/query_server.h"

#include <httplib.h>

#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include "server/bearer_token.h"
#include "common/json_text.h"

namespace quarry::server {
namespace {

void Send(httplib::Response& res, const ServiceReply& reply, const std::string& id) {
  res.status = reply.status;
  for (const auto& [name, value] : reply.headers) res.set_header(name, value);
  res.set_header("x-ms-request-id", id);
  res.set_content(reply.body, "application/json; charset=utf-8");
}

}  // namespace

QueryServer::~QueryServer() {
  Stop();
}

Result<std::unique_ptr<QueryServer>> QueryServer::Create(ServerOptions options,
                                                         std::shared_ptr<QueryService> service) {
  if (options.token.empty()) {
    return FailedPrecondition("quarry serve needs a bearer token; anonymous access is not offered");
  }
  std::unique_ptr<QueryServer> server(new QueryServer());
  if (!options.cert_path.empty() || !options.key_path.empty()) {
    auto ssl =
        std::make_unique<httplib::SSLServer>(options.cert_path.c_str(), options.key_path.c_str());
    if (!ssl->is_valid()) {
      return FailedPrecondition(fmt::format(
          "the TLS certificate {} or key {} cannot be used (missing, unreadable, or not a "
          "matching PEM pair)",
          options.cert_path, options.key_path));
    }
    server->http_ = std::move(ssl);
    server->tls_ = true;
  } else if (options.allow_plain_http) {
    server->http_ = std::make_unique<httplib::Server>();
  } else {
    return FailedPrecondition("quarry serve needs a TLS certificate and key");
  }
  server->options_ = std::move(options);
  server->service_ = std::move(service);
  server->Route();
  const ServerOptions& o = server->options_;
  int port = o.port == 0 ? server->http_->bind_to_any_port(o.bind.c_str())
                         : (server->http_->bind_to_port(o.bind.c_str(), o.port) ? o.port : -1);
  if (port <= 0) {
    return Unavailable(
        fmt::format("cannot listen on {}:{} (in use, or not an address of this "
                    "machine)",
                    o.bind, o.port));
  }
  server->port_ = port;
  return server;
}

void QueryServer::Route() {
  http_->set_payload_max_length(options_.max_body_bytes);
  http_->set_read_timeout(30, 0);
  http_->set_write_timeout(120, 0);
  auto authorized = [this](const httplib::Request& req, httplib::Response& res,
                           const std::string& id) {
    if (BearerTokenMatches(req.get_header_value("Authorization"), options_.token)) return true;
    Send(res,
         QueryService::Error(401, "AuthorizationRequiredError",
                             "Valid authentication was not provided (Authorization: Bearer "
                             "<token printed by quarry serve>).",
                             id),
         id);
    return false;
  };
  auto query = [this, authorized](const httplib::Request& req, httplib::Response& res) {
    const std::string id = RandomUuid();
    if (!authorized(req, res, id)) return;
    std::string body = req.body;
    if (req.method == "GET") {
      nlohmann::json from_params = {{"query", req.get_param_value("query")}};
      if (req.has_param("timespan")) from_params["timespan"] = req.get_param_value("timespan");
      body = JsonText(from_params);
    }
    Send(res, service_->Handle(body, id), id);
  };
  const char* kQueryPath = R"(/v1/workspaces/([^/]+)/query)";
  http_->Post(kQueryPath, query);
  http_->Get(kQueryPath, query);
  http_->set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    const std::string id = RandomUuid();
    if (res.status == 413) {
      Send(res,
           QueryService::Error(
               413, "PayloadTooLargeError",
               fmt::format("The request body is larger than {} bytes.", options_.max_body_bytes),
               id),
           id);
      return;
    }
    if (!BearerTokenMatches(req.get_header_value("Authorization"), options_.token)) {
      Send(res,
           QueryService::Error(401, "AuthorizationRequiredError",
                               "Valid authentication was not provided.", id),
           id);
      return;
    }
    Send(res,
         QueryService::Error(res.status == 404 ? 404 : res.status,
                             res.status == 404 ? "PathNotFoundError" : "BadRequestError",
                             res.status == 404 ? "The requested path does not exist; queries go "
                                                 "to POST /v1/workspaces/{id}/query."
                                               : "The request could not be handled.",
                             id),
         id);
  });
}

Status QueryServer::Listen() {
  if (!http_->listen_after_bind()) {
    return Unavailable(
        fmt::format("the server on {}:{} stopped unexpectedly", options_.bind, port_));
  }
  return Status::Ok();
}

void QueryServer::Stop() {
  if (http_) http_->stop();
}

}  // namespace quarry::server
