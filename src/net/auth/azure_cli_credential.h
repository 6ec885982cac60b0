// AzureCliCredential: the token of the account signed in to the Azure CLI, from
// `az account get-access-token --resource <resource> --output json` (plus --tenant when
// AZURE_TENANT_ID-style tenant is configured).
//
// No az on PATH, or not signed in ("az login"), is FailedPrecondition so a chain moves on; the
// message says which. What az prints on stderr is repeated only as its first line. The program
// runs through a CommandRunner seam so tests can stand in for it. Thread-safe.
#pragma once

#include <string>

#include "net/auth/command_runner.h"
#include "net/auth/token_credential.h"
#include "net/clock.h"

namespace quarry::net {

class AzureCliCredential : public TokenCredential {
 public:
  // REQUIRES: clock outlives the credential. `program` is the az executable (name or path).
  AzureCliCredential(Clock* clock, CommandRunner runner = RunCommand, std::string program = "az",
                     std::string tenant_id = "");

  std::string Name() const override { return "Azure CLI (az login)"; }
  Result<AccessToken> GetToken(std::string_view resource) override;

 private:
  Clock* clock_;
  CommandRunner runner_;
  std::string program_;
  std::string tenant_id_;
};

}  // namespace quarry::net
