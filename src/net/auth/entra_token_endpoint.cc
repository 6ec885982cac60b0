#include "net/auth/entra_token_endpoint.h"

#include <fmt/core.h>

#include "net/auth/token_response.h"
#include "net/redact.h"

namespace quarry::net {

std::string EntraTokenUrl(std::string_view authority_host, std::string_view tenant_id) {
  std::string host(authority_host);
  while (!host.empty() && host.back() == '/') host.pop_back();
  return fmt::format("{}/{}/oauth2/v2.0/token", host, UrlEncode(tenant_id));
}

Result<AccessToken> RequestEntraToken(HttpClient& http, Clock& clock,
                                      const EntraTokenRequest& request) {
  std::vector<std::pair<std::string, std::string>> fields = {
      {"grant_type", "client_credentials"},
      {"client_id", request.client_id},
      {"scope", ScopeForResource(request.resource)}};
  fields.insert(fields.end(), request.credential_fields.begin(), request.credential_fields.end());
  HttpRequest http_request;
  http_request.method = "POST";
  http_request.url = EntraTokenUrl(request.authority_host, request.tenant_id);
  http_request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                          {"Accept", "application/json"}};
  http_request.body = FormEncode(fields);
  http_request.total_timeout = std::chrono::seconds(30);

  const std::string where = fmt::format("Microsoft Entra ID ({})", RedactUrl(http_request.url));
  Result<HttpResponse> response = http.Send(http_request);
  if (!response.ok()) {
    return Status(response.status().code(),
                  fmt::format("{} token request to {} failed: {}", request.credential_name, where,
                              RedactSecrets(response.status().message(), request.secret)));
  }
  const std::string said = RedactSecrets(DescribeOAuthError(response->body), request.secret);
  if (response->status == 200) {
    Result<AccessToken> token = ParseOAuthTokenResponse(response->body, clock.Now());
    if (!token.ok()) {
      return Unavailable(fmt::format("{} answered the {} token request with something else: {}",
                                     where, request.credential_name, token.status().message()));
    }
    return token;
  }
  if (response->status == 400 || response->status == 401) {
    return Unauthenticated(fmt::format(
        "{} refused the {} of client {} in tenant {} (HTTP {}){}{}", where, request.credential_name,
        request.client_id, request.tenant_id, response->status, said.empty() ? "" : ": ", said));
  }
  return Unavailable(fmt::format("{} answered HTTP {} to the {} token request{}{}", where,
                                 response->status, request.credential_name,
                                 said.empty() ? "" : ": ", said));
}

}  // namespace quarry::net
