// The Microsoft Entra ID v2.0 token endpoint, shared by the client-secret and workload-identity
// credentials: POST {authority}/{tenant}/oauth2/v2.0/token with a form body
// (grant_type=client_credentials, client_id, scope={resource}/.default and either
// client_secret or client_assertion).
//
// Errors: a 400/401 from Entra (wrong secret, unknown client, expired assertion) is
// Unauthenticated with Entra's own error code and first line of description; anything else is
// Unavailable naming the host and status. The secret or assertion is masked out of every
// message. Thread-safe when the HttpClient is.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/auth/token_credential.h"
#include "net/clock.h"
#include "net/http_client.h"

namespace quarry::net {

inline constexpr std::string_view kDefaultAuthorityHost = "https://login.microsoftonline.com";

struct EntraTokenRequest {
  std::string authority_host{kDefaultAuthorityHost};
  std::string tenant_id;
  std::string client_id;
  std::string resource;
  // client_secret or client_assertion(+type): added to the form after the common fields.
  std::vector<std::pair<std::string, std::string>> credential_fields;
  std::string secret;           // the value to mask out of messages
  std::string credential_name;  // "client secret", "workload identity"
};

// The token URL for `authority_host` and `tenant_id`.
std::string EntraTokenUrl(std::string_view authority_host, std::string_view tenant_id);

Result<AccessToken> RequestEntraToken(HttpClient& http, Clock& clock,
                                      const EntraTokenRequest& request);

}  // namespace quarry::net
