// The Chat Completions wire format: ChatRequest -> request JSON, response JSON -> ChatResponse,
// error JSON -> ApiError. Pure functions, no I/O, so they are unit-tested on fixed text.
//
// Field names follow OpenAI's API reference for POST /v1/chat/completions: messages (assistant
// tool_calls with type "function", tool messages with tool_call_id), tools
// ({type:"function", function:{name, description, parameters, strict}}), tool_choice ("auto" |
// "none" | "required" | {type:"function", function:{name}}), response_format
// ({type:"json_schema", json_schema:{name, schema, strict:true}}), max_completion_tokens or the
// older max_tokens, temperature, seed; usage.prompt_tokens_details.cached_tokens and
// usage.completion_tokens_details.reasoning_tokens. Tool-call arguments are kept as the exact
// text the model sent, valid JSON or not. A structured-output refusal (message.refusal) comes
// back as the message content with finish_reason "refusal". Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "llm/chat.h"

namespace quarry::llm {

enum class MaxTokensField { kMaxCompletionTokens, kMaxTokens };

struct WireOptions {
  MaxTokensField max_tokens_field = MaxTokensField::kMaxCompletionTokens;
  bool send_temperature = true;  // false for models that only accept the default
  bool send_model = true;        // Azure deployment URLs name the model in the path
};

nlohmann::json BuildChatRequestBody(const ChatRequest& request, const WireOptions& options);

// Parses a 200 response. DataLoss when the body is not the documented shape (e.g. cut off).
Result<ChatResponse> ParseChatResponse(std::string_view body);

// The "error" object of a non-2xx response; fields are empty when the body has no such object.
struct ApiError {
  std::string message;
  std::string type;
  std::string code;
  std::string param;
};
ApiError ParseApiError(std::string_view body);

}  // namespace quarry::llm
