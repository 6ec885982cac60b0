// ManagedIdentityCredential: tokens from the managed identity of the Azure machine or service
// Quarry runs on.
//
// App Service / Functions / Container Apps: GET {IDENTITY_ENDPOINT}?api-version=2019-08-01&
// resource=... with the X-IDENTITY-HEADER header, when both variables are set. Otherwise the
// Instance Metadata Service: GET http://169.254.169.254/metadata/identity/oauth2/token?
// api-version=2018-02-01&resource=... with "Metadata: true" (client_id= for a user-assigned
// identity). The IMDS address can be changed (AZURE_POD_IDENTITY_AUTHORITY_HOST, and tests point
// it at a local server).
//
// "Not on Azure" — no answer from the endpoint, or 400/404 "identity not found" — is
// FailedPrecondition so a chain moves on. Thread-safe.
#pragma once

#include <memory>
#include <string>

#include "net/auth/token_credential.h"
#include "net/clock.h"
#include "net/http_client.h"

namespace quarry::net {

inline constexpr std::string_view kImdsTokenUrl =
    "http://169.254.169.254/metadata/identity/oauth2/token";

struct ManagedIdentityConfig {
  std::string imds_token_url{kImdsTokenUrl};
  std::string client_id;          // a user-assigned identity; empty for the system identity
  std::string identity_endpoint;  // IDENTITY_ENDPOINT (App Service); empty: use IMDS
  std::string identity_header;    // IDENTITY_HEADER (a secret)
  std::chrono::milliseconds connect_timeout{1'000};
};

class ManagedIdentityCredential : public TokenCredential {
 public:
  // REQUIRES: http non-null; clock outlives the credential. Give `http` few retries: each one
  // delays the fallback to the next credential when no endpoint exists.
  ManagedIdentityCredential(ManagedIdentityConfig config, std::shared_ptr<HttpClient> http,
                            Clock* clock);

  std::string Name() const override;
  Result<AccessToken> GetToken(std::string_view resource) override;

 private:
  ManagedIdentityConfig config_;
  std::shared_ptr<HttpClient> http_;
  Clock* clock_;
};

}  // namespace quarry::net
