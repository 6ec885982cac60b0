#include "llm/openai_wire.h"

#include <fmt/core.h>

namespace quarry::llm {
namespace {

using nlohmann::json;

json MessageToJson(const ChatMessage& message) {
  json out = {{"role", message.role}};
  if (!message.tool_calls.empty()) {
    out["content"] = message.content.empty() ? json(nullptr) : json(message.content);
    json calls = json::array();
    for (const auto& call : message.tool_calls) {
      calls.push_back({{"id", call.id},
                       {"type", "function"},
                       {"function", {{"name", call.name}, {"arguments", call.arguments}}}});
    }
    out["tool_calls"] = std::move(calls);
  } else {
    out["content"] = message.content;
  }
  if (message.role == "tool") out["tool_call_id"] = message.tool_call_id;
  if (!message.name.empty()) out["name"] = message.name;
  return out;
}

std::string StringOr(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

int64_t IntOr(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number_integer()) return 0;
  return it->get<int64_t>();
}

}  // namespace

json BuildChatRequestBody(const ChatRequest& request, const WireOptions& options) {
  json body = json::object();
  if (options.send_model) body["model"] = request.model;
  json messages = json::array();
  for (const auto& message : request.messages) messages.push_back(MessageToJson(message));
  body["messages"] = std::move(messages);
  if (!request.tools.empty()) {
    json tools = json::array();
    for (const auto& tool : request.tools) {
      json function = {{"name", tool.name}, {"parameters", tool.parameters}};
      if (!tool.description.empty()) function["description"] = tool.description;
      if (tool.strict) function["strict"] = true;
      tools.push_back({{"type", "function"}, {"function", std::move(function)}});
    }
    body["tools"] = std::move(tools);
  }
  if (request.tool_choice) {
    const std::string& choice = *request.tool_choice;
    if (choice == "auto" || choice == "none" || choice == "required") {
      body["tool_choice"] = choice;
    } else {
      body["tool_choice"] = {{"type", "function"}, {"function", {{"name", choice}}}};
    }
  }
  if (request.response_schema) {
    body["response_format"] = {{"type", "json_schema"},
                               {"json_schema",
                                {{"name", request.response_schema_name},
                                 {"schema", *request.response_schema},
                                 {"strict", true}}}};
  }
  if (request.max_output_tokens) {
    const char* field = options.max_tokens_field == MaxTokensField::kMaxCompletionTokens
                            ? "max_completion_tokens"
                            : "max_tokens";
    body[field] = *request.max_output_tokens;
  }
  if (request.temperature && options.send_temperature) body["temperature"] = *request.temperature;
  if (request.seed) body["seed"] = *request.seed;
  return body;
}

Result<ChatResponse> ParseChatResponse(std::string_view body) {
  json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return DataLoss(fmt::format(
        "the model service sent a response that is not valid JSON ({} bytes; it may have been "
        "cut off)",
        body.size()));
  }
  if (!parsed.is_object()) return DataLoss("the model service's response is not a JSON object");
  auto choices = parsed.find("choices");
  if (choices == parsed.end() || !choices->is_array() || choices->empty() ||
      !(*choices)[0].is_object()) {
    return DataLoss("the model service's response has no choices");
  }
  const json& choice = (*choices)[0];
  auto message_it = choice.find("message");
  if (message_it == choice.end() || !message_it->is_object()) {
    return DataLoss("the model service's response has a choice without a message");
  }
  const json& message = *message_it;
  ChatResponse response;
  response.model = StringOr(parsed, "model");
  response.finish_reason = StringOr(choice, "finish_reason");
  response.message.role = StringOr(message, "role");
  if (response.message.role.empty()) response.message.role = "assistant";
  response.message.content = StringOr(message, "content");
  if (std::string refusal = StringOr(message, "refusal"); !refusal.empty()) {
    response.message.content = std::move(refusal);
    response.finish_reason = "refusal";
  }
  if (auto calls = message.find("tool_calls"); calls != message.end() && calls->is_array()) {
    for (const json& call : *calls) {
      if (!call.is_object()) continue;
      ToolCall tool_call;
      tool_call.id = StringOr(call, "id");
      if (auto fn = call.find("function"); fn != call.end() && fn->is_object()) {
        tool_call.name = StringOr(*fn, "name");
        auto args = fn->find("arguments");
        if (args != fn->end())
          tool_call.arguments = args->is_string() ? args->get<std::string>() : args->dump();
      }
      response.message.tool_calls.push_back(std::move(tool_call));
    }
  }
  if (auto usage = parsed.find("usage"); usage != parsed.end() && usage->is_object()) {
    response.usage.prompt_tokens = IntOr(*usage, "prompt_tokens");
    response.usage.completion_tokens = IntOr(*usage, "completion_tokens");
    if (auto d = usage->find("prompt_tokens_details"); d != usage->end() && d->is_object()) {
      response.usage.cached_tokens = IntOr(*d, "cached_tokens");
    }
    if (auto d = usage->find("completion_tokens_details"); d != usage->end() && d->is_object()) {
      response.usage.reasoning_tokens = IntOr(*d, "reasoning_tokens");
    }
  }
  return response;
}

ApiError ParseApiError(std::string_view body) {
  ApiError error;
  json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) return error;
  auto it = parsed.find("error");
  if (it == parsed.end()) return error;
  if (it->is_string()) {  // some compatible servers send {"error": "text"}
    error.message = it->get<std::string>();
    return error;
  }
  if (!it->is_object()) return error;
  error.message = StringOr(*it, "message");
  error.type = StringOr(*it, "type");
  error.param = StringOr(*it, "param");
  auto code = it->find("code");
  if (code != it->end()) {
    error.code =
        code->is_string() ? code->get<std::string>() : (code->is_null() ? "" : code->dump());
  }
  return error;
}

}  // namespace quarry::llm
