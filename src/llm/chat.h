// The chat-model contract the hunt is written against: an OpenAI Chat Completions request and
// response, as plain values. llm/openai_client implements ChatModel over HTTPS; tests use a
// local server speaking the same wire format.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"

namespace quarry::llm {

struct ToolCall {
  std::string id;
  std::string name;
  std::string arguments;  // JSON text exactly as the model sent it (may be invalid JSON)
};

struct ChatMessage {
  std::string role;  // "system", "developer", "user", "assistant", "tool"
  std::string content;
  std::vector<ToolCall> tool_calls;  // assistant messages
  std::string tool_call_id;          // tool messages
  // Optional participant name (OpenAI's `name` on system, developer, user and assistant
  // messages); sent only when not empty. Defaulted so positional initialisers may omit it.
  std::string name = {};
};

struct ToolSpec {
  std::string name;
  std::string description;
  nlohmann::json parameters;  // JSON schema
  bool strict = true;
};

struct ChatRequest {
  std::string model;
  std::vector<ChatMessage> messages;
  std::vector<ToolSpec> tools;
  std::optional<std::string> tool_choice;        // "auto", "none", "required", or a tool name
  std::optional<nlohmann::json> response_schema;  // structured output (json_schema)
  std::string response_schema_name = "response";
  std::optional<int> max_output_tokens;
  std::optional<double> temperature;
  std::optional<int> seed;
};

struct Usage {
  int64_t prompt_tokens = 0;
  int64_t completion_tokens = 0;
  int64_t cached_tokens = 0;
  int64_t reasoning_tokens = 0;
};

struct ChatResponse {
  ChatMessage message;
  std::string finish_reason;
  Usage usage;
  std::string model;  // as reported by the service
};

class ChatModel {
 public:
  virtual ~ChatModel() = default;
  virtual Result<ChatResponse> Complete(const ChatRequest& request) = 0;
};

}  // namespace quarry::llm
