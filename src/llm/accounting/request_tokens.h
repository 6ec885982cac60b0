// Prompt-token accounting for a whole Chat Completions request, before it is sent.
//
// Counts what the service will bill as prompt_tokens, following OpenAI's published accounting
// (openai-cookbook, "How to count tokens with tiktoken", sections 6 and 7):
//   - every message costs `per_message` tokens (3) plus the tokens of each of its fields' values
//     (role, content, name); a name costs `per_name` (1) more;
//   - the reply is primed with 3 tokens (<|start|>assistant<|message|>);
//   - tool definitions: per function `func_init` + tokens("name:description", one trailing '.'
//     dropped); if it has properties, `prop_init` once, then per property `prop_key` +
//     tokens("key:type:description") and, for an enum, `enum_init` + per item `enum_item` +
//     tokens(item); then `func_end` once for all tools. gpt-4o-family constants: 7,3,3,-3,3,12;
//     gpt-4 / gpt-3.5-turbo: 10,3,3,-3,3,12.
// OpenAI publishes nothing for the rest, so these are Quarry's estimates (docs/TOKENS.md):
// nested object/array properties add the tokens of their compact JSON subschema; an assistant's
// tool calls add tokens(name) + tokens(arguments) + 3 each; a structured-output JSON schema adds
// tokens(name) + tokens(compact JSON of the schema) + 8. The usage ledger records estimate vs
// actual so these constants can be corrected.
//
// Thread-safety: pure functions of their inputs; safe to call concurrently.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "llm/chat.h"
#include "llm/tokenizer/tokenizer.h"

namespace quarry::llm {

struct RequestTokens {
  int64_t messages = 0;         // message fields and per-message overhead
  int64_t tools = 0;            // tool definitions (0 when the request has none)
  int64_t response_format = 0;  // structured-output schema (0 when none)
  int64_t reply_priming = 0;    // tokens that prime the assistant's reply
  int64_t total() const { return messages + tools + response_format + reply_priming; }
};

// The constants of the formula for one model family.
struct AccountingConstants {
  int per_message = 3;
  int per_name = 1;
  int reply_priming = 3;
  int func_init = 7;
  int prop_init = 3;
  int prop_key = 3;
  int enum_init = -3;
  int enum_item = 3;
  int func_end = 12;
  int tool_call = 3;         // estimate
  int response_format = 8;   // estimate
};

// gpt-4 / gpt-3.5-turbo (cl100k_base chat models) use func_init 10; every other model the
// gpt-4o-family constants.
AccountingConstants AccountingConstantsFor(std::string_view model);

// Counts the prompt tokens of `request` with `tokenizer`.
RequestTokens CountRequestTokens(const ChatRequest& request, const Tokenizer& tokenizer);

// Same, choosing the tokenizer from request.model (Tokenizer::ForModel); NotFound for a model
// whose encoding is unknown.
Result<RequestTokens> CountRequestTokens(const ChatRequest& request);

// Counts a request body exactly as sent on the wire (the JSON of POST /chat/completions:
// "model", "messages" with optional "name" and "tool_calls", "tools", "response_format").
// InvalidArgument when the body is not shaped like a Chat Completions request.
Result<RequestTokens> CountWireRequestTokens(const nlohmann::json& body,
                                             const Tokenizer& tokenizer);

}  // namespace quarry::llm
