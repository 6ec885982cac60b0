#include "response/defender_client.h"

#include <fmt/core.h>

#include <cctype>

#include <nlohmann/json.hpp>

#include "net/auth/token_response.h"
#include "net/redact.h"
#include "common/json_text.h"

namespace quarry::response {
namespace {

std::string HostOf(const std::string& url) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  return url.substr(start, url.find('/', start) - start);
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool SaysAlready(const DefenderError& error) {
  const std::string message = Lower(error.message);
  return error.code == "ActiveRequestAlreadyExists" ||
         message.find("already isolated") != std::string::npos ||
         message.find("already in isolation") != std::string::npos ||
         message.find("not isolated") != std::string::npos ||
         message.find("already in progress") != std::string::npos;
}

}  // namespace

DefenderClient::DefenderClient(DefenderConfig config,
                               std::shared_ptr<net::TokenCredential> credential,
                               std::shared_ptr<net::HttpClient> http)
    : config_(std::move(config)), credential_(std::move(credential)), http_(std::move(http)) {
  while (!config_.api_base.empty() && config_.api_base.back() == '/') config_.api_base.pop_back();
}

std::string DefenderClient::Describe() const {
  return fmt::format("Microsoft Defender for Endpoint ({})", HostOf(config_.api_base));
}

Result<net::HttpResponse> DefenderClient::Send(const std::string& method, const std::string& url,
                                               const std::string& body) {
  Result<net::AccessToken> token = credential_->GetToken(config_.resource);
  if (!token.ok()) return token.status();
  net::HttpRequest request;
  request.method = method;
  request.url = url;
  request.headers = {{"Authorization", "Bearer " + token->token}, {"Accept", "application/json"}};
  if (!body.empty()) request.headers.emplace_back("Content-Type", "application/json");
  request.body = body;
  request.total_timeout = std::chrono::seconds(60);
  return http_->Send(request);
}

Status DefenderClient::ErrorFor(const net::HttpResponse& response, const std::string& what) const {
  DefenderError error = ParseDefenderError(response.body);
  std::string said = error.message.empty() && error.code.empty()
                         ? ""
                         : fmt::format(" Defender said ({}): {}", error.code, error.message);
  switch (response.status) {
    case 400:
      if (SaysAlready(error)) return AlreadyExists(fmt::format("{}: nothing to do.{}", what, said));
      return InvalidArgument(fmt::format("{} was rejected (HTTP 400).{}", what, said));
    case 401:
      return Unauthenticated(fmt::format(
          "{}: Defender did not accept the access token (HTTP 401); sign in again.{}", what, said));
    case 403:
      return PermissionDenied(
          fmt::format("{}: Defender refused (HTTP 403); the identity needs the Machine.Isolate and "
                      "Machine.Read.All permissions.{}",
                      what, said));
    case 404:
      return NotFound(fmt::format("{}: not found in Defender (HTTP 404).{}", what, said));
    case 429:
      return ResourceExhausted(fmt::format(
          "{}: Defender is still throttling after retrying (HTTP 429; the API allows 100 calls "
          "a minute).{}",
          what, said));
    default:
      return Unavailable(
          fmt::format("{}: Defender answered HTTP {}.{}", what, response.status, said));
  }
}

Result<std::vector<Machine>> DefenderClient::ListMachines(const std::string& filter) {
  const std::string url =
      fmt::format("{}/api/machines?$filter={}", config_.api_base, net::UrlEncode(filter));
  QUARRY_ASSIGN_OR_RETURN(net::HttpResponse response, Send("GET", url, ""));
  if (response.status != 200) return ErrorFor(response, "looking up machines");
  Result<std::vector<Machine>> machines = ParseMachineList(response.body);
  if (!machines.ok()) {
    return Unavailable(
        fmt::format("Defender's machine list could not be read: {}", machines.status().message()));
  }
  return machines;
}

Result<std::vector<Machine>> DefenderClient::MachineById(std::string_view id) {
  const std::string url =
      fmt::format("{}/api/machines/{}", config_.api_base, net::UrlEncode(Lower(id)));
  QUARRY_ASSIGN_OR_RETURN(net::HttpResponse response, Send("GET", url, ""));
  if (response.status == 404) return std::vector<Machine>{};
  if (response.status != 200) return ErrorFor(response, fmt::format("looking up machine {}", id));
  Result<Machine> machine = ParseMachine(response.body);
  if (!machine.ok()) {
    return Unavailable(
        fmt::format("Defender's answer about machine {} could not be read: {}", id,
                    machine.status().message()));
  }
  return std::vector<Machine>{*machine};
}

Result<std::vector<Machine>> DefenderClient::FindMachines(std::string_view name) {
  const std::string wanted = Lower(name);
  if (IsMachineId(wanted)) return MachineById(wanted);
  QUARRY_ASSIGN_OR_RETURN(std::vector<Machine> exact,
                          ListMachines("computerDnsName eq " + ODataStringLiteral(wanted)));
  if (!exact.empty() || wanted.find('.') != std::string::npos) return exact;
  return ListMachines("startswith(computerDnsName," + ODataStringLiteral(wanted + ".") + ")");
}

ActionCall DefenderClient::PostAction(const Machine& machine, const std::string& verb,
                                      const std::string& body) {
  ActionCall call;
  call.method = "POST";
  call.url =
      fmt::format("{}/api/machines/{}/{}", config_.api_base, net::UrlEncode(machine.id), verb);
  call.request_body = body;
  const std::string what =
      fmt::format("{} of {} ({})", verb, machine.computer_dns_name, machine.id);
  Result<net::HttpResponse> response = Send(call.method, call.url, body);
  if (!response.ok()) {
    call.status = response.status().WithContext(what);
    return call;
  }
  call.http_status = response->status;
  if (response->status == 200 || response->status == 201) {
    Result<MachineAction> action = ParseMachineAction(response->body);
    if (action.ok()) {
      call.action = *action;
    } else {
      call.status = Unavailable(fmt::format(
          "{} was accepted (HTTP {}) but the answer could not be read: {}; check the device "
          "page in the Defender portal",
          what, response->status, action.status().message()));
    }
    return call;
  }
  call.status = ErrorFor(*response, what);
  return call;
}

ActionCall DefenderClient::Isolate(const Machine& machine, std::string_view comment,
                                   IsolationType type) {
  nlohmann::json body = {{"Comment", std::string(comment)},
                         {"IsolationType", IsolationTypeName(type)}};
  return PostAction(machine, "isolate", JsonText(body));
}

ActionCall DefenderClient::Release(const Machine& machine, std::string_view comment) {
  nlohmann::json body = {{"Comment", std::string(comment)}};
  return PostAction(machine, "unisolate", JsonText(body));
}

ActionCall DefenderClient::CheckAction(std::string_view action_id) {
  ActionCall call;
  call.method = "GET";
  call.url = fmt::format("{}/api/machineactions/{}", config_.api_base, net::UrlEncode(action_id));
  Result<net::HttpResponse> response = Send(call.method, call.url, "");
  if (!response.ok()) {
    call.status = response.status().WithContext(fmt::format("machine action {}", action_id));
    return call;
  }
  call.http_status = response->status;
  if (response->status != 200) {
    call.status = ErrorFor(*response, fmt::format("machine action {}", action_id));
    return call;
  }
  Result<MachineAction> action = ParseMachineAction(response->body);
  if (!action.ok()) {
    call.status = Unavailable(fmt::format("Defender's answer about action {} could not be read: {}",
                                          action_id, action.status().message()));
    return call;
  }
  call.action = *action;
  return call;
}

}  // namespace quarry::response
