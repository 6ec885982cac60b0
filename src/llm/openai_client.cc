#include "llm/openai_client.h"

#include <fmt/core.h>

#include "llm/request_adjustment.h"
#include "net/redact.h"
#include "common/json_text.h"

namespace quarry::llm {
namespace {

std::string TrimSlash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

std::string HostOf(const std::string& url) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  size_t end = url.find_first_of("/?#", start);
  return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

}  // namespace

const char* ProviderName(Provider provider) {
  switch (provider) {
    case Provider::kOpenAI:
      return "openai";
    case Provider::kAzure:
      return "azure";
    case Provider::kCompatible:
      return "compatible";
  }
  return "openai";
}

std::string ChatCompletionsUrl(const EndpointConfig& endpoint) {
  std::string base = TrimSlash(endpoint.base_url);
  if (endpoint.provider != Provider::kAzure) return base + "/chat/completions";
  if (endpoint.azure_deployment.empty()) {
    if (base.ends_with("/openai/v1")) return base + "/chat/completions";
    return base + "/openai/v1/chat/completions";
  }
  return fmt::format("{}/openai/deployments/{}/chat/completions?api-version={}", base,
                     endpoint.azure_deployment, endpoint.azure_api_version);
}

bool ShouldRetryModelResponse(const net::HttpResponse& response) {
  if (!net::IsRetryableStatus(response.status)) return false;
  if (response.status == 429 && ParseApiError(response.body).code == "insufficient_quota") {
    return false;
  }
  return true;
}

OpenAiChatModel::OpenAiChatModel(EndpointConfig endpoint, std::shared_ptr<net::HttpClient> http,
                                 QuirksLookup quirks)
    : endpoint_(std::move(endpoint)), http_(std::move(http)), quirks_(std::move(quirks)) {}

WireOptions OpenAiChatModel::OptionsFor(const std::string& model) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = learned_.find(model); it != learned_.end()) return it->second;
  }
  WireOptions options;
  if (quirks_) {
    ModelQuirks quirks = quirks_(model);
    options.max_tokens_field = quirks.max_tokens_field;
    options.send_temperature = quirks.accepts_temperature;
  } else if (endpoint_.provider == Provider::kCompatible) {
    options.max_tokens_field = MaxTokensField::kMaxTokens;
  }
  options.send_model =
      !(endpoint_.provider == Provider::kAzure && !endpoint_.azure_deployment.empty());
  return options;
}

void OpenAiChatModel::Remember(const std::string& model, const WireOptions& options) {
  std::lock_guard lock(mutex_);
  learned_[model] = options;
}

Result<ChatResponse> OpenAiChatModel::Complete(const ChatRequest& original) {
  net::HttpRequest http_request;
  http_request.url = ChatCompletionsUrl(endpoint_);
  http_request.connect_timeout = endpoint_.connect_timeout;
  http_request.total_timeout = endpoint_.total_timeout;
  http_request.headers.emplace_back("Content-Type", "application/json");
  http_request.headers.emplace_back("Accept", "application/json");
  if (!endpoint_.api_key.empty()) {
    if (endpoint_.provider == Provider::kAzure) {
      http_request.headers.emplace_back("api-key", endpoint_.api_key);
    } else {
      http_request.headers.emplace_back("Authorization", "Bearer " + endpoint_.api_key);
    }
  }

  ChatRequest request = original;
  WireOptions options = OptionsFor(request.model);
  bool adjusted = false;
  while (true) {
    http_request.body = JsonText(BuildChatRequestBody(request, options));
    QUARRY_ASSIGN_OR_RETURN(net::HttpResponse response, http_->Send(http_request));
    if (response.status >= 200 && response.status < 300) {
      auto parsed = ParseChatResponse(response.body);
      if (!parsed.ok()) {
        return parsed.status().WithContext(
            fmt::format("model '{}' at {}", request.model, HostOf(endpoint_.base_url)));
      }
      if (adjusted) Remember(original.model, options);
      return parsed;
    }
    if (response.status == 400 && !adjusted) {
      auto adjustment = AdjustmentForBadRequest(ParseApiError(response.body), request, options);
      if (adjustment) {
        options = adjustment->options;
        if (adjustment->max_output_tokens)
          request.max_output_tokens = adjustment->max_output_tokens;
        adjusted = true;
        continue;
      }
    }
    return ErrorFor(response, request.model);
  }
}

Status OpenAiChatModel::ErrorFor(const net::HttpResponse& response,
                                 const std::string& model) const {
  ApiError error = ParseApiError(response.body);
  const std::string host = HostOf(endpoint_.base_url);
  const std::string said =
      error.message.empty()
          ? ""
          : " The service said: " + net::RedactSecrets(error.message, endpoint_.api_key);
  const bool azure = endpoint_.provider == Provider::kAzure;
  const char* key_source = azure ? "AZURE_OPENAI_API_KEY" : "OPENAI_API_KEY";
  switch (response.status) {
    case 400:
      if (error.code == "context_length_exceeded") {
        return InvalidArgument(fmt::format(
            "the request is too long for model '{}' at {}: shorten the evidence or pick a model "
            "with a larger context window (quarry models).{}",
            model, host, said));
      }
      return InvalidArgument(fmt::format(
          "model service {} rejected the request for '{}' (HTTP 400).{}", host, model, said));
    case 401:
      return Unauthenticated(fmt::format(
          "the API key was not accepted by {} (HTTP 401): check {} or api_key in the Quarry "
          "config file",
          host, key_source));
    case 403:
      return PermissionDenied(fmt::format(
          "{} refused access (HTTP 403): the key is valid but not allowed to use '{}' (project, "
          "organisation or region restrictions).{}",
          host, model, said));
    case 404:
      if (azure && !endpoint_.azure_deployment.empty()) {
        return NotFound(fmt::format(
            "Azure OpenAI deployment '{}' was not found at {} (HTTP 404): check the deployment "
            "name and api-version {}.{}",
            endpoint_.azure_deployment, host, endpoint_.azure_api_version, said));
      }
      return NotFound(fmt::format(
          "model '{}' was not found at {} (HTTP 404): check the model name and that your key "
          "has access to it, or the base URL ({}).{}",
          model, host, net::RedactUrl(endpoint_.base_url), said));
    case 429:
      if (error.code == "insufficient_quota") {
        return ResourceExhausted(fmt::format(
            "the account behind this key has run out of quota at {} (HTTP 429 "
            "insufficient_quota): add credit or raise the limit in the provider's billing "
            "settings",
            host));
      }
      return ResourceExhausted(fmt::format(
          "{} is still rate-limiting requests for '{}' after retrying (HTTP 429): wait a "
          "minute, lower the request size, or use a model with a higher limit.{}",
          host, model, said));
    default:
      break;
  }
  if (response.status >= 500) {
    return Unavailable(
        fmt::format("model service {} is failing (HTTP {}) after retrying; try again later.{}",
                    host, response.status, said));
  }
  return Unavailable(fmt::format("model service {} answered HTTP {} for '{}'.{}", host,
                                 response.status, model, said));
}

}  // namespace quarry::llm
