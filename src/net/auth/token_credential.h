// TokenCredential: where Quarry gets Microsoft Entra ID access tokens for Azure services (Log
// Analytics, Azure Data Explorer, Defender for Endpoint).
//
// A credential is asked for a token for one resource ("https://api.loganalytics.io"); it answers
// with the bearer token and its expiry. Credentials that are simply not set up on this machine
// (no environment variables, no managed identity endpoint, no Azure CLI) answer
// FailedPrecondition, so a chain (chained_token_credential.h) can move on to the next one; any
// other error means the credential is set up but failed, and the chain stops there, as
// DefaultAzureCredential does.
//
// Tokens are secrets: no credential puts a token, a client secret or an assertion in a Status
// message or a log line.
//
// Thread-safety: implementations must allow GetToken() from several threads at once.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "common/status.h"

namespace quarry::net {

struct AccessToken {
  std::string token;  // never logged or printed
  std::chrono::system_clock::time_point expires_on;
};

class TokenCredential {
 public:
  virtual ~TokenCredential() = default;
  // A short description for messages: "client secret (environment)", "Azure CLI", ...
  virtual std::string Name() const = 0;
  // A token for `resource`, an Entra resource URI without "/.default".
  virtual Result<AccessToken> GetToken(std::string_view resource) = 0;
};

// True when `status` says "this credential is not set up here" rather than "it failed".
inline bool IsCredentialUnavailable(const Status& status) {
  return status.code() == StatusCode::kFailedPrecondition;
}

// The scope the v2.0 token endpoint wants for `resource`: "{resource}/.default" (one trailing
// slash of the resource is dropped first).
std::string ScopeForResource(std::string_view resource);

}  // namespace quarry::net
