#include "response/backend_factory.h"

#include <cstdlib>

#include "net/auth/chained_token_credential.h"
#include "net/curl_transport.h"
#include "response/defender_client.h"
#include "response/dry_run_backend.h"

namespace quarry::response {

Result<std::unique_ptr<ResponseBackend>> MakeResponseBackend(bool force_dry_run) {
  DefenderConfig config;
  if (const char* api = std::getenv("QUARRY_DEFENDER_API"); api != nullptr && *api != '\0') {
    config.api_base = api;
  }
  if (force_dry_run) {
    return std::unique_ptr<ResponseBackend>(
        std::make_unique<DryRunBackend>("--dry-run", config.api_base));
  }
  auto transport = std::make_shared<net::CurlTransport>();
  net::HttpClientOptions options;
  options.retry.max_attempts = 4;
  auto http = std::make_shared<net::HttpClient>(transport, net::SystemClock(), options);
  net::HttpClientOptions probe;
  probe.retry.max_attempts = 2;
  net::DefaultCredentialOptions credential_options;
  credential_options.http = http;
  credential_options.managed_http =
      std::make_shared<net::HttpClient>(transport, net::SystemClock(), probe);
  credential_options.clock = net::SystemClock();
  QUARRY_ASSIGN_OR_RETURN(auto credential, net::MakeDefaultAzureCredential(credential_options));
  Result<net::AccessToken> token = credential->GetToken(config.resource);
  if (!token.ok()) {
    if (net::IsCredentialUnavailable(token.status())) {
      return std::unique_ptr<ResponseBackend>(std::make_unique<DryRunBackend>(
          "no Defender credentials are configured", config.api_base));
    }
    return token.status();
  }
  return std::unique_ptr<ResponseBackend>(
      std::make_unique<DefenderClient>(config, credential, http));
}

}  // namespace quarry::response
