// DefenderClient: ResponseBackend over the Microsoft Defender for Endpoint API
// (https://api.securitycenter.microsoft.com), with an Entra ID token for that resource
// (Machine.Read.All to look up, Machine.Isolate to isolate and release).
//
// Lookup: a machine id (40 hex digits) is asked for directly, GET /api/machines/{id} (404: no
// such machine); any other name with GET /api/machines?$filter=computerDnsName eq '<name>' (the
// name lowercased, quotes doubled); when that finds nothing and the name has no dot, a second
// query narrows to startswith(computerDnsName,'<name>.') — candidates only: the caller still
// matches exactly.
// Isolate / release: POST /api/machines/{id}/isolate | /unisolate. A 400 saying an action is
// already pending or the machine is already in that state is AlreadyExists, not a failure.
// 401/403/404/429/5xx become plain errors (429 and 5xx after the HttpClient's retries).
//
// Thread-safe.
#pragma once

#include <memory>
#include <string>

#include "net/auth/token_credential.h"
#include "net/http_client.h"
#include "response/response_backend.h"

namespace quarry::response {

inline constexpr char kDefenderApi[] = "https://api.securitycenter.microsoft.com";

struct DefenderConfig {
  std::string api_base = kDefenderApi;  // regional hosts and tests change it
  std::string resource = kDefenderApi;  // the token audience
};

class DefenderClient : public ResponseBackend {
 public:
  // REQUIRES: credential and http non-null.
  DefenderClient(DefenderConfig config, std::shared_ptr<net::TokenCredential> credential,
                 std::shared_ptr<net::HttpClient> http);

  std::string Describe() const override;
  bool IsDryRun() const override { return false; }
  Result<std::vector<Machine>> FindMachines(std::string_view name) override;
  ActionCall Isolate(const Machine& machine, std::string_view comment, IsolationType type) override;
  ActionCall Release(const Machine& machine, std::string_view comment) override;
  ActionCall CheckAction(std::string_view action_id) override;

 private:
  Result<net::HttpResponse> Send(const std::string& method, const std::string& url,
                                 const std::string& body);
  Result<std::vector<Machine>> ListMachines(const std::string& filter);
  Result<std::vector<Machine>> MachineById(std::string_view id);
  ActionCall PostAction(const Machine& machine, const std::string& verb, const std::string& body);
  Status ErrorFor(const net::HttpResponse& response, const std::string& what) const;

  DefenderConfig config_;
  std::shared_ptr<net::TokenCredential> credential_;
  std::shared_ptr<net::HttpClient> http_;
};

}  // namespace quarry::response
