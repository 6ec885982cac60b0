#include "net/auth/client_secret_credential.h"

#include <fmt/core.h>

#include <fstream>
#include <sstream>

namespace quarry::net {

ClientSecretCredential::ClientSecretCredential(EntraAppConfig app, std::string client_secret,
                                               std::shared_ptr<HttpClient> http, Clock* clock)
    : app_(std::move(app)),
      client_secret_(std::move(client_secret)),
      http_(std::move(http)),
      clock_(clock) {}

std::string ClientSecretCredential::Name() const {
  return fmt::format("client secret of app {} (AZURE_CLIENT_SECRET)", app_.client_id);
}

Result<AccessToken> ClientSecretCredential::GetToken(std::string_view resource) {
  EntraTokenRequest request;
  request.authority_host = app_.authority_host;
  request.tenant_id = app_.tenant_id;
  request.client_id = app_.client_id;
  request.resource = std::string(resource);
  request.credential_fields = {{"client_secret", client_secret_}};
  request.secret = client_secret_;
  request.credential_name = "client secret";
  return RequestEntraToken(*http_, *clock_, request);
}

WorkloadIdentityCredential::WorkloadIdentityCredential(EntraAppConfig app, std::string token_file,
                                                       std::shared_ptr<HttpClient> http,
                                                       Clock* clock)
    : app_(std::move(app)),
      token_file_(std::move(token_file)),
      http_(std::move(http)),
      clock_(clock) {}

std::string WorkloadIdentityCredential::Name() const {
  return fmt::format("workload identity of app {} (AZURE_FEDERATED_TOKEN_FILE)", app_.client_id);
}

Result<AccessToken> WorkloadIdentityCredential::GetToken(std::string_view resource) {
  std::ifstream in(token_file_, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  std::string assertion = text.str();
  while (!assertion.empty() &&
         (assertion.back() == '\n' || assertion.back() == '\r' || assertion.back() == ' ')) {
    assertion.pop_back();
  }
  if (!in || assertion.empty()) {
    return FailedPrecondition(fmt::format(
        "workload identity: the federated token file {} named by AZURE_FEDERATED_TOKEN_FILE "
        "cannot be read or is empty",
        token_file_));
  }
  EntraTokenRequest request;
  request.authority_host = app_.authority_host;
  request.tenant_id = app_.tenant_id;
  request.client_id = app_.client_id;
  request.resource = std::string(resource);
  request.credential_fields = {
      {"client_assertion", assertion},
      {"client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"}};
  request.secret = assertion;
  request.credential_name = "workload identity assertion";
  return RequestEntraToken(*http_, *clock_, request);
}

}  // namespace quarry::net
