// OpenAiChatModel: ChatModel over the Chat Completions HTTP API — OpenAI, Azure OpenAI and
// OpenAI-compatible servers (Ollama, vLLM, llama.cpp server, LM Studio).
//
// Endpoints: OpenAI and compatible servers use {base_url}/chat/completions with
// "Authorization: Bearer <key>" (no header when the key is empty, as local servers allow).
// Azure uses {endpoint}/openai/deployments/{deployment}/chat/completions?api-version=... or,
// without a deployment, the v1 path {endpoint}/openai/v1/chat/completions, both with an
// "api-key" header.
//
// Behaviour: transport retries (429/5xx/resets, Retry-After) happen in net::HttpClient. A 400
// saying a parameter is unsupported (max_tokens vs max_completion_tokens, a non-default
// temperature) or that the context length was exceeded is retried once with the parameter
// adjusted, and the adjustment is remembered for that model. 401/403/404 and exhausted quota
// become plain-language errors naming the endpoint and model. The API key never appears in an
// error: messages from the service are passed through net::RedactSecrets.
//
// Thread-safety: Complete() may be called from several threads.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "llm/chat.h"
#include "llm/openai_wire.h"
#include "net/http_client.h"

namespace quarry::llm {

enum class Provider { kOpenAI, kAzure, kCompatible };

// "openai", "azure", "compatible".
const char* ProviderName(Provider provider);

struct EndpointConfig {
  Provider provider = Provider::kOpenAI;
  // OpenAI / compatible: the API root, e.g. "https://api.openai.com/v1",
  // "http://localhost:11434/v1". Azure: the resource endpoint, e.g.
  // "https://myres.openai.azure.com".
  std::string base_url = "https://api.openai.com/v1";
  std::string api_key;           // never logged or printed
  std::string azure_deployment;  // Azure: deployment name; empty selects the v1 path
  std::string azure_api_version = "2024-10-21";
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds total_timeout{180'000};
};

// The full chat-completions URL for `endpoint`.
std::string ChatCompletionsUrl(const EndpointConfig& endpoint);

// What the client must know about a model to shape the request.
struct ModelQuirks {
  MaxTokensField max_tokens_field = MaxTokensField::kMaxCompletionTokens;
  bool accepts_temperature = true;
};
using QuirksLookup = std::function<ModelQuirks(const std::string& model)>;

class OpenAiChatModel : public ChatModel {
 public:
  // REQUIRES: http non-null. `quirks` may be empty (defaults by provider).
  OpenAiChatModel(EndpointConfig endpoint, std::shared_ptr<net::HttpClient> http,
                  QuirksLookup quirks = {});

  Result<ChatResponse> Complete(const ChatRequest& request) override;

  const EndpointConfig& endpoint() const { return endpoint_; }

 private:
  WireOptions OptionsFor(const std::string& model);
  void Remember(const std::string& model, const WireOptions& options);
  Status ErrorFor(const net::HttpResponse& response, const std::string& model) const;

  EndpointConfig endpoint_;
  std::shared_ptr<net::HttpClient> http_;
  QuirksLookup quirks_;
  std::mutex mutex_;
  std::map<std::string, WireOptions> learned_;  // guarded by mutex_
};

// The HttpClient retry predicate for model services: IsRetryableStatus, except a 429 whose
// error code is "insufficient_quota" (waiting will not bring credit back).
bool ShouldRetryModelResponse(const net::HttpResponse& response);

}  // namespace quarry::llm
