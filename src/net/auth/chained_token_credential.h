// ChainedTokenCredential: tries credentials in order, the way DefaultAzureCredential does — a
// credential that is not set up here (FailedPrecondition) passes to the next; the first token
// wins; a credential that is set up but fails stops the chain with its error. When none is set
// up, the error (FailedPrecondition, like a single unavailable credential) lists what each one
// said, so the analyst sees how to sign in.
//
// CachingTokenCredential: keeps one token per resource until `refresh_margin` before it expires
// (default 5 minutes), so a hunt's many queries cost one sign-in. Concurrent requests for a
// missing token wait for a single fetch.
//
// MakeDefaultAzureCredential: the chain DefaultAzureCredential builds, from the environment:
//   1. client secret: AZURE_TENANT_ID + AZURE_CLIENT_ID + AZURE_CLIENT_SECRET
//      (AZURE_AUTHORITY_HOST changes the Entra host);
//   2. workload identity: AZURE_TENANT_ID + AZURE_CLIENT_ID + AZURE_FEDERATED_TOKEN_FILE;
//   3. managed identity: IDENTITY_ENDPOINT + IDENTITY_HEADER (App Service), else IMDS
//      (AZURE_CLIENT_ID selects a user-assigned identity; AZURE_POD_IDENTITY_AUTHORITY_HOST
//      replaces http://169.254.169.254);
//   4. the Azure CLI.
// wrapped in a cache. Thread-safe.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "net/auth/command_runner.h"
#include "net/auth/token_credential.h"
#include "net/clock.h"
#include "net/http_client.h"

namespace quarry::net {

class ChainedTokenCredential : public TokenCredential {
 public:
  explicit ChainedTokenCredential(std::vector<std::unique_ptr<TokenCredential>> chain);

  std::string Name() const override;
  Result<AccessToken> GetToken(std::string_view resource) override;
  const std::vector<std::unique_ptr<TokenCredential>>& chain() const { return chain_; }

 private:
  std::vector<std::unique_ptr<TokenCredential>> chain_;
};

class CachingTokenCredential : public TokenCredential {
 public:
  // REQUIRES: inner non-null; clock outlives this.
  CachingTokenCredential(std::shared_ptr<TokenCredential> inner, Clock* clock,
                         std::chrono::seconds refresh_margin = std::chrono::minutes(5));

  std::string Name() const override { return inner_->Name(); }
  Result<AccessToken> GetToken(std::string_view resource) override;

 private:
  std::shared_ptr<TokenCredential> inner_;
  Clock* clock_;
  std::chrono::seconds refresh_margin_;
  std::mutex mutex_;
  std::map<std::string, AccessToken, std::less<>> tokens_;
};

// Reads one environment variable; nullopt when unset or empty.
using EnvironmentLookup = std::function<std::optional<std::string>(const std::string& name)>;
EnvironmentLookup ProcessEnvironment();

struct DefaultCredentialOptions {
  EnvironmentLookup environment = ProcessEnvironment();
  std::shared_ptr<HttpClient> http;          // Entra token requests; required
  std::shared_ptr<HttpClient> managed_http;  // IMDS probes (few retries); default: `http`
  Clock* clock = nullptr;                    // required
  CommandRunner az_runner = RunCommand;
  std::string az_program = "az";
};

// The cached default chain. InvalidArgument when options lack http or clock.
Result<std::shared_ptr<TokenCredential>> MakeDefaultAzureCredential(
    DefaultCredentialOptions options);

}  // namespace quarry::net
