#include "llm/accounting/request_tokens.h"
#include "common/json_text.h"

#include <fmt/core.h>

namespace quarry::llm {
namespace {

int64_t Tokens(const Tokenizer& t, std::string_view text) {
  return static_cast<int64_t>(t.Count(text));
}

std::string_view DropOneTrailingPeriod(std::string_view s) {
  if (!s.empty() && s.back() == '.') s.remove_suffix(1);
  return s;
}

std::string StringOrJson(const nlohmann::json& v) {
  return v.is_string() ? v.get<std::string>() : JsonText(v);
}

// The type as the function format renders it: "string", or "string | null" for a type list.
std::string TypeText(const nlohmann::json& property) {
  auto it = property.find("type");
  if (it == property.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (!it->is_array()) return it->dump();
  std::string out;
  for (const auto& t : *it) {
    if (!out.empty()) out += " | ";
    out += StringOrJson(t);
  }
  return out;
}

int64_t PropertyTokens(const Tokenizer& t, const AccountingConstants& c, const std::string& key,
                       const nlohmann::json& property) {
  int64_t n = c.prop_key;
  if (!property.is_object()) return n + Tokens(t, key + "::");
  if (auto e = property.find("enum"); e != property.end() && e->is_array()) {
    n += c.enum_init;
    for (const auto& item : *e) n += c.enum_item + Tokens(t, StringOrJson(item));
  }
  std::string description;
  if (auto d = property.find("description"); d != property.end() && d->is_string()) {
    description = d->get<std::string>();
  }
  n += Tokens(t, fmt::format("{}:{}:{}", key, TypeText(property), DropOneTrailingPeriod(description)));
  for (const char* nested : {"properties", "items", "anyOf", "oneOf", "allOf", "$defs"}) {
    if (auto s = property.find(nested); s != property.end()) n += Tokens(t, s->dump());
  }
  return n;
}

int64_t FunctionTokens(const Tokenizer& t, const AccountingConstants& c, std::string_view name,
                       std::string_view description, const nlohmann::json& parameters) {
  int64_t n = c.func_init + Tokens(t, fmt::format("{}:{}", name, DropOneTrailingPeriod(description)));
  if (!parameters.is_object()) return n;
  auto props = parameters.find("properties");
  if (props == parameters.end() || !props->is_object() || props->empty()) return n;
  n += c.prop_init;
  for (const auto& [key, property] : props->items()) n += PropertyTokens(t, c, key, property);
  return n;
}

int64_t ResponseFormatTokens(const Tokenizer& t, const AccountingConstants& c,
                             std::string_view name, const nlohmann::json& schema) {
  return c.response_format + Tokens(t, name) + Tokens(t, JsonText(schema));
}

int64_t ToolCallTokens(const Tokenizer& t, const AccountingConstants& c, std::string_view name,
                       std::string_view arguments) {
  return c.tool_call + Tokens(t, name) + Tokens(t, arguments);
}

}  // namespace

AccountingConstants AccountingConstantsFor(std::string_view model) {
  AccountingConstants c;
  auto encoding = Tokenizer::EncodingForModel(model);
  if (encoding.ok() && *encoding == "cl100k_base") c.func_init = 10;
  return c;
}

RequestTokens CountRequestTokens(const ChatRequest& request, const Tokenizer& tokenizer) {
  const AccountingConstants c = AccountingConstantsFor(request.model);
  RequestTokens out;
  for (const ChatMessage& m : request.messages) {
    out.messages += c.per_message + Tokens(tokenizer, m.role) + Tokens(tokenizer, m.content);
    if (!m.name.empty()) out.messages += Tokens(tokenizer, m.name) + c.per_name;
    for (const ToolCall& call : m.tool_calls) {
      out.messages += ToolCallTokens(tokenizer, c, call.name, call.arguments);
    }
  }
  out.reply_priming = c.reply_priming;
  for (const ToolSpec& tool : request.tools) {
    out.tools += FunctionTokens(tokenizer, c, tool.name, tool.description, tool.parameters);
  }
  if (!request.tools.empty()) out.tools += c.func_end;
  if (request.response_schema) {
    out.response_format =
        ResponseFormatTokens(tokenizer, c, request.response_schema_name, *request.response_schema);
  }
  return out;
}

Result<RequestTokens> CountRequestTokens(const ChatRequest& request) {
  QUARRY_ASSIGN_OR_RETURN(const Tokenizer* tokenizer, Tokenizer::ForModel(request.model));
  return CountRequestTokens(request, *tokenizer);
}

namespace {

// Throws nlohmann::json::exception on wrongly typed fields.
Result<RequestTokens> CountWireRequestTokensOrThrow(const nlohmann::json& body,
                                                    const Tokenizer& tokenizer) {
  if (!body.is_object() || !body.contains("messages") || !body["messages"].is_array()) {
    return InvalidArgument("chat request body has no \"messages\" array");
  }
  const std::string model = body.value("model", "");
  const AccountingConstants c = AccountingConstantsFor(model);
  RequestTokens out;
  size_t index = 0;
  for (const auto& m : body["messages"]) {
    if (!m.is_object()) {
      return InvalidArgument(fmt::format("chat request message {} is not an object", index));
    }
    out.messages += c.per_message;
    for (const auto& [key, value] : m.items()) {
      if (key == "tool_calls" && value.is_array()) {
        for (const auto& call : value) {
          const auto fn = call.value("function", nlohmann::json::object());
          out.messages += ToolCallTokens(tokenizer, c, fn.value("name", ""),
                                         fn.value("arguments", ""));
        }
        continue;
      }
      if (key == "tool_call_id") continue;  // not rendered into the prompt (estimate)
      if (!value.is_string()) {
        if (!value.is_null()) out.messages += Tokens(tokenizer, JsonText(value));
        continue;
      }
      out.messages += Tokens(tokenizer, value.get_ref<const std::string&>());
      if (key == "name") out.messages += c.per_name;
    }
    ++index;
  }
  out.reply_priming = c.reply_priming;
  if (auto tools = body.find("tools"); tools != body.end() && tools->is_array() && !tools->empty()) {
    for (const auto& tool : *tools) {
      const auto fn = tool.value("function", nlohmann::json::object());
      out.tools += FunctionTokens(tokenizer, c, fn.value("name", ""), fn.value("description", ""),
                                  fn.value("parameters", nlohmann::json::object()));
    }
    out.tools += c.func_end;
  }
  if (auto rf = body.find("response_format"); rf != body.end() && rf->is_object()) {
    if (auto js = rf->find("json_schema"); js != rf->end() && js->is_object()) {
      out.response_format = ResponseFormatTokens(tokenizer, c, js->value("name", ""),
                                                 js->value("schema", nlohmann::json::object()));
    }
  }
  return out;
}

}  // namespace

Result<RequestTokens> CountWireRequestTokens(const nlohmann::json& body,
                                             const Tokenizer& tokenizer) {
  try {
    return CountWireRequestTokensOrThrow(body, tokenizer);
  } catch (const nlohmann::json::exception& e) {
    return InvalidArgument(fmt::format("chat request body is malformed: {}", e.what()));
  }
}

}  // namespace quarry::llm
