// Prompt-token accounting for a whole Chat Completions request, before it is sent.
//
// Counts what the service will bill as prompt_tokens for a ChatRequest, following OpenAI's
// published accounting (openai-cookbook "How to count tokens with tiktoken" and "How to format
// inputs to ChatGPT models"): every message costs a fixed overhead plus the tokens of its role
// and content (and name / tool calls), the reply is primed with a fixed number of tokens, tool
// definitions are rendered into the system prompt in OpenAI's TypeScript-like function format,
// and a JSON schema for structured output is counted the same way. The formula and its
// constants are documented in docs/TOKENS.md; tests compare it with recorded request/usage
// pairs. It is an estimate for tools and schemas (OpenAI does not publish the exact rendering);
// the ledger records estimate vs actual so the constants can be corrected.
//
// Thread-safety: pure functions of their inputs; safe to call concurrently.
#pragma once

#include <cstdint>

#include "common/status.h"
#include "llm/chat.h"
#include "llm/tokenizer/tokenizer.h"

namespace quarry::llm {

struct RequestTokens {
  int64_t messages = 0;  // message content, roles, names and per-message overhead
  int64_t tools = 0;     // tool definitions (0 when the request has none)
  int64_t response_format = 0;  // structured-output schema (0 when none)
  int64_t reply_priming = 0;    // tokens that prime the assistant's reply
  int64_t total() const { return messages + tools + response_format + reply_priming; }
};

// Counts the prompt tokens of `request` with `tokenizer`.
RequestTokens CountRequestTokens(const ChatRequest& request, const Tokenizer& tokenizer);

// Same, choosing the tokenizer from request.model (Tokenizer::ForModel); NotFound for a model
// whose encoding is unknown.
Result<RequestTokens> CountRequestTokens(const ChatRequest& request);

}  // namespace quarry::llm
