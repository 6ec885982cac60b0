#include "net/auth/chained_token_credential.h"

#include <fmt/core.h>

#include <cstdlib>

#include "net/auth/azure_cli_credential.h"
#include "net/auth/client_secret_credential.h"
#include "net/auth/managed_identity_credential.h"

namespace quarry::net {

ChainedTokenCredential::ChainedTokenCredential(std::vector<std::unique_ptr<TokenCredential>> chain)
    : chain_(std::move(chain)) {}

std::string ChainedTokenCredential::Name() const {
  std::string names;
  for (const auto& credential : chain_) {
    if (!names.empty()) names += ", then ";
    names += credential->Name();
  }
  return names;
}

Result<AccessToken> ChainedTokenCredential::GetToken(std::string_view resource) {
  std::string tried;
  for (const auto& credential : chain_) {
    Result<AccessToken> token = credential->GetToken(resource);
    if (token.ok()) return token;
    if (!IsCredentialUnavailable(token.status())) {
      return token.status().WithContext(
          fmt::format("signing in to {} with {}", resource, credential->Name()));
    }
    tried += "\n  - " + token.status().message();
  }
  return FailedPrecondition(fmt::format(
      "no Azure credential is available for {}; tried:{}\nSign in with `az login`, or set "
      "AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (see docs/AZURE.md)",
      resource, tried));
}

CachingTokenCredential::CachingTokenCredential(std::shared_ptr<TokenCredential> inner, Clock* clock,
                                               std::chrono::seconds refresh_margin)
    : inner_(std::move(inner)), clock_(clock), refresh_margin_(refresh_margin) {}

Result<AccessToken> CachingTokenCredential::GetToken(std::string_view resource) {
  std::lock_guard lock(mutex_);
  auto it = tokens_.find(resource);
  if (it != tokens_.end() && clock_->Now() + refresh_margin_ < it->second.expires_on) {
    return it->second;
  }
  Result<AccessToken> fresh = inner_->GetToken(resource);
  if (!fresh.ok()) return fresh;
  tokens_.insert_or_assign(std::string(resource), *fresh);
  return fresh;
}

EnvironmentLookup ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string(value);
  };
}

Result<std::shared_ptr<TokenCredential>> MakeDefaultAzureCredential(
    DefaultCredentialOptions options) {
  if (!options.http || options.clock == nullptr) {
    return InvalidArgument("MakeDefaultAzureCredential needs an HTTP client and a clock");
  }
  if (!options.managed_http) options.managed_http = options.http;
  auto env = [&](const char* name) { return options.environment(name); };
  const auto tenant = env("AZURE_TENANT_ID");
  const auto client = env("AZURE_CLIENT_ID");
  EntraAppConfig app;
  app.tenant_id = tenant.value_or("");
  app.client_id = client.value_or("");
  if (auto host = env("AZURE_AUTHORITY_HOST")) app.authority_host = *host;

  std::vector<std::unique_ptr<TokenCredential>> chain;
  const auto secret = env("AZURE_CLIENT_SECRET");
  if (tenant && client && secret) {
    chain.push_back(
        std::make_unique<ClientSecretCredential>(app, *secret, options.http, options.clock));
  }
  if (auto file = env("AZURE_FEDERATED_TOKEN_FILE"); file && tenant && client) {
    chain.push_back(
        std::make_unique<WorkloadIdentityCredential>(app, *file, options.http, options.clock));
  }
  ManagedIdentityConfig managed;
  managed.client_id = client.value_or("");
  if (auto host = env("AZURE_POD_IDENTITY_AUTHORITY_HOST")) {
    std::string base = *host;
    while (!base.empty() && base.back() == '/') base.pop_back();
    managed.imds_token_url = base + "/metadata/identity/oauth2/token";
  }
  managed.identity_endpoint = env("IDENTITY_ENDPOINT").value_or("");
  managed.identity_header = env("IDENTITY_HEADER").value_or("");
  chain.push_back(
      std::make_unique<ManagedIdentityCredential>(managed, options.managed_http, options.clock));
  chain.push_back(std::make_unique<AzureCliCredential>(options.clock, options.az_runner,
                                                       options.az_program, tenant.value_or("")));
  auto chained = std::make_shared<ChainedTokenCredential>(std::move(chain));
  return std::shared_ptr<TokenCredential>(
      std::make_shared<CachingTokenCredential>(std::move(chained), options.clock));
}

}  // namespace quarry::net
