// ClientSecretCredential: an app registration's client secret (OAuth2 client-credentials grant)
// against Microsoft Entra ID, as AZURE_TENANT_ID / AZURE_CLIENT_ID / AZURE_CLIENT_SECRET
// configure it. WorkloadIdentityCredential: the same grant with a federated token read from
// AZURE_FEDERATED_TOKEN_FILE (Kubernetes workload identity) as the client assertion; the file is
// re-read on every request because the platform rotates it.
//
// Neither caches tokens (wrap them in CachingTokenCredential). Thread-safe.
#pragma once

#include <memory>
#include <string>

#include "net/auth/entra_token_endpoint.h"
#include "net/auth/token_credential.h"
#include "net/clock.h"
#include "net/http_client.h"

namespace quarry::net {

struct EntraAppConfig {
  std::string tenant_id;
  std::string client_id;
  std::string authority_host{kDefaultAuthorityHost};
};

class ClientSecretCredential : public TokenCredential {
 public:
  // REQUIRES: http non-null; clock outlives the credential.
  ClientSecretCredential(EntraAppConfig app, std::string client_secret,
                         std::shared_ptr<HttpClient> http, Clock* clock);

  std::string Name() const override;
  Result<AccessToken> GetToken(std::string_view resource) override;

 private:
  EntraAppConfig app_;
  std::string client_secret_;
  std::shared_ptr<HttpClient> http_;
  Clock* clock_;
};

class WorkloadIdentityCredential : public TokenCredential {
 public:
  WorkloadIdentityCredential(EntraAppConfig app, std::string token_file,
                             std::shared_ptr<HttpClient> http, Clock* clock);

  std::string Name() const override;
  // FailedPrecondition when the token file cannot be read (not running with workload identity).
  Result<AccessToken> GetToken(std::string_view resource) override;

 private:
  EntraAppConfig app_;
  std::string token_file_;
  std::shared_ptr<HttpClient> http_;
  Clock* clock_;
};

}  // namespace quarry::net
