#include "net/auth/azure_cli_credential.h"

#include <fmt/core.h>

#include "net/auth/token_response.h"

namespace quarry::net {
namespace {

std::string FirstLine(std::string_view text) {
  while (!text.empty() && (text.front() == '\n' || text.front() == '\r' || text.front() == ' ')) {
    text.remove_prefix(1);
  }
  size_t eol = text.find_first_of("\r\n");
  std::string line(text.substr(0, eol));
  if (line.size() > 300) line = line.substr(0, 300) + "...";
  return line;
}

}  // namespace

AzureCliCredential::AzureCliCredential(Clock* clock, CommandRunner runner, std::string program,
                                       std::string tenant_id)
    : clock_(clock),
      runner_(std::move(runner)),
      program_(std::move(program)),
      tenant_id_(std::move(tenant_id)) {}

Result<AccessToken> AzureCliCredential::GetToken(std::string_view resource) {
  std::vector<std::string> argv = {
      program_,   "account", "get-access-token", "--resource", std::string(resource),
      "--output", "json"};
  if (!tenant_id_.empty()) {
    argv.push_back("--tenant");
    argv.push_back(tenant_id_);
  }
  Result<CommandOutput> run = runner_(argv, std::chrono::seconds(30));
  if (!run.ok()) {
    if (run.status().code() == StatusCode::kNotFound) {
      return FailedPrecondition(
          "Azure CLI: 'az' is not installed or not on PATH (install it and run `az login`, or "
          "set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET)");
    }
    return FailedPrecondition(fmt::format("Azure CLI: {}", run.status().message()));
  }
  if (run->exit_code != 0) {
    std::string said = FirstLine(run->err);
    if (said.find("az login") != std::string::npos ||
        said.find("Please run") != std::string::npos) {
      return FailedPrecondition(fmt::format("Azure CLI: not signed in; run `az login` ({})", said));
    }
    return FailedPrecondition(
        fmt::format("Azure CLI: `az account get-access-token` failed "
                    "with exit code {}: {}",
                    run->exit_code, said));
  }
  Result<AccessToken> token = ParseAzCliTokenOutput(run->out, clock_->Now());
  if (!token.ok()) {
    return FailedPrecondition(fmt::format("Azure CLI: {}", token.status().message()));
  }
  return token;
}

}  // namespace quarry::net
