#include "llm/chat_model_factory.h"

#include "net/cancellation.h"
#include "net/curl_transport.h"
#include "net/http_client.h"

namespace quarry::llm {

std::string SelectedModel(const LlmConfig& config) {
  if (!config.model.empty()) return config.model;
  if (config.endpoint.provider == Provider::kOpenAI) return kDefaultOpenAiModel;
  if (config.endpoint.provider == Provider::kAzure) return config.endpoint.azure_deployment;
  return "";
}

Result<std::unique_ptr<ChatModel>> MakeChatModelFromConfig(const LlmConfig& config,
                                                           const ModelCatalog& catalog,
                                                           ChatModelFactoryOptions options) {
  const EndpointConfig& endpoint = config.endpoint;
  if (!config.service_configured) {
    return FailedPrecondition(
        "no language model is configured: set OPENAI_API_KEY (OpenAI), AZURE_OPENAI_API_KEY and "
        "AZURE_OPENAI_ENDPOINT (Azure OpenAI), or OPENAI_BASE_URL (a local server such as "
        "Ollama), or write llm: settings in the config file (docs/MODELS.md). Quarry will use "
        "its offline analyst.");
  }
  switch (endpoint.provider) {
    case Provider::kOpenAI:
      if (endpoint.api_key.empty()) {
        return FailedPrecondition(
            "OpenAI is selected but no API key was found: set OPENAI_API_KEY or llm.api_key in "
            "the config file");
      }
      break;
    case Provider::kAzure:
      if (endpoint.base_url.empty() ||
          endpoint.base_url.find("api.openai.com") != std::string::npos) {
        return FailedPrecondition(
            "Azure OpenAI is selected but no endpoint was given: set AZURE_OPENAI_ENDPOINT "
            "(https://<resource>.openai.azure.com) or llm.azure.endpoint");
      }
      if (endpoint.api_key.empty()) {
        return FailedPrecondition(
            "Azure OpenAI is selected but no key was found: set AZURE_OPENAI_API_KEY or "
            "llm.api_key in the config file");
      }
      break;
    case Provider::kCompatible:
      break;
  }
  std::string model = SelectedModel(config);
  if (model.empty()) {
    return FailedPrecondition(
        "no model name is configured for the model server: set QUARRY_MODEL or llm.model (for "
        "example llama3.1:8b for Ollama)");
  }

  if (options.install_sigint_handler) net::InstallSigintHandler();
  net::HttpClientOptions http_options;
  http_options.retry.max_attempts = config.max_attempts;
  http_options.retry_response = ShouldRetryModelResponse;
  http_options.debug_log = options.debug_log;
  auto transport = options.transport ? options.transport : std::make_shared<net::CurlTransport>();
  auto http = std::make_shared<net::HttpClient>(
      std::move(transport), options.clock != nullptr ? options.clock : net::SystemClock(),
      std::move(http_options));

  const Provider provider = endpoint.provider;
  QuirksLookup quirks = [catalog, provider](const std::string& name) {
    ModelQuirks result;
    if (provider == Provider::kCompatible) result.max_tokens_field = MaxTokensField::kMaxTokens;
    if (const ModelInfo* info = catalog.Find(name)) {
      result.max_tokens_field = info->max_tokens_field;
      result.accepts_temperature = info->accepts_temperature;
    }
    return result;
  };
  return std::unique_ptr<ChatModel>(
      std::make_unique<OpenAiChatModel>(endpoint, std::move(http), std::move(quirks)));
}

}  // namespace quarry::llm
