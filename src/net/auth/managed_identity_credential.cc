#include "net/auth/managed_identity_credential.h"

#include <fmt/core.h>

#include "net/auth/token_response.h"
#include "net/redact.h"

namespace quarry::net {

ManagedIdentityCredential::ManagedIdentityCredential(ManagedIdentityConfig config,
                                                     std::shared_ptr<HttpClient> http, Clock* clock)
    : config_(std::move(config)), http_(std::move(http)), clock_(clock) {}

std::string ManagedIdentityCredential::Name() const {
  if (!config_.identity_endpoint.empty()) return "managed identity (App Service IDENTITY_ENDPOINT)";
  return config_.client_id.empty()
             ? "managed identity (IMDS)"
             : fmt::format("user-assigned managed identity {} (IMDS)", config_.client_id);
}

Result<AccessToken> ManagedIdentityCredential::GetToken(std::string_view resource) {
  HttpRequest request;
  request.method = "GET";
  request.connect_timeout = config_.connect_timeout;
  request.total_timeout = std::chrono::seconds(15);
  const bool app_service = !config_.identity_endpoint.empty() && !config_.identity_header.empty();
  if (app_service) {
    request.url = fmt::format("{}?api-version=2019-08-01&resource={}", config_.identity_endpoint,
                              UrlEncode(resource));
    request.headers = {{"X-IDENTITY-HEADER", config_.identity_header}};
  } else {
    request.url = fmt::format("{}?api-version=2018-02-01&resource={}", config_.imds_token_url,
                              UrlEncode(resource));
    request.headers = {{"Metadata", "true"}};
  }
  if (!config_.client_id.empty()) request.url += "&client_id=" + UrlEncode(config_.client_id);
  const std::string where = RedactUrl(request.url.substr(0, request.url.find('?')));

  Result<HttpResponse> response = http_->Send(request);
  if (!response.ok()) {
    if (response.status().code() == StatusCode::kCancelled) return response.status();
    return FailedPrecondition(fmt::format("managed identity: no endpoint answered at {} ({})",
                                          where, response.status().message()));
  }
  const std::string said =
      RedactSecrets(DescribeOAuthError(response->body), config_.identity_header);
  if (response->status == 200) {
    Result<AccessToken> token = ParseOAuthTokenResponse(response->body, clock_->Now());
    if (!token.ok()) {
      return Unavailable(fmt::format("managed identity endpoint {} sent an unusable answer: {}",
                                     where, token.status().message()));
    }
    return token;
  }
  if (response->status == 400 || response->status == 404) {
    return FailedPrecondition(
        fmt::format("managed identity: {} has no identity for this machine (HTTP {}){}{}", where,
                    response->status, said.empty() ? "" : ": ", said));
  }
  return Unavailable(fmt::format("managed identity endpoint {} answered HTTP {}{}{}", where,
                                 response->status, said.empty() ? "" : ": ", said));
}

}  // namespace quarry::net
