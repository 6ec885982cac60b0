#include "llm/request_adjustment.h"

#include <fmt/core.h>

#include <cctype>
#include <string_view>

namespace quarry::llm {
namespace {

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// The first integer after `marker` in `text` (commas allowed), or nullopt.
std::optional<int64_t> NumberAfter(std::string_view text, std::string_view marker) {
  size_t pos = text.find(marker);
  if (pos == std::string_view::npos) return std::nullopt;
  pos += marker.size();
  while (pos < text.size() && !std::isdigit(static_cast<unsigned char>(text[pos]))) {
    if (text[pos] == '.' || text[pos] == '(') return std::nullopt;
    ++pos;
  }
  int64_t value = 0;
  bool any = false;
  while (pos < text.size() &&
         (std::isdigit(static_cast<unsigned char>(text[pos])) || text[pos] == ',')) {
    if (text[pos] != ',') {
      value = value * 10 + (text[pos] - '0');
      any = true;
    }
    ++pos;
  }
  return any ? std::optional<int64_t>(value) : std::nullopt;
}

// The integer immediately before `marker` ("1234 in the messages").
std::optional<int64_t> NumberBefore(std::string_view text, std::string_view marker) {
  size_t pos = text.find(marker);
  if (pos == std::string_view::npos || pos == 0) return std::nullopt;
  size_t end = pos;
  while (end > 0 && text[end - 1] == ' ') --end;
  size_t start = end;
  while (start > 0 &&
         (std::isdigit(static_cast<unsigned char>(text[start - 1])) || text[start - 1] == ',')) {
    --start;
  }
  if (start == end) return std::nullopt;
  int64_t value = 0;
  for (size_t i = start; i < end; ++i) {
    if (text[i] != ',') value = value * 10 + (text[i] - '0');
  }
  return value;
}

bool IsUnsupported(const ApiError& error, std::string_view param) {
  std::string quoted = fmt::format("'{}'", param);
  if (error.param == param &&
      (error.code == "unsupported_parameter" || error.code == "unsupported_value")) {
    return true;
  }
  return Contains(error.message, quoted) &&
         (Contains(error.message, "Unsupported") || Contains(error.message, "not supported") ||
          Contains(error.message, "does not support") || Contains(error.message, "unsupported"));
}

}  // namespace

std::optional<RequestAdjustment> AdjustmentForBadRequest(const ApiError& error,
                                                         const ChatRequest& request,
                                                         const WireOptions& options) {
  RequestAdjustment adjustment{options, std::nullopt, ""};
  if (request.max_output_tokens && options.max_tokens_field == MaxTokensField::kMaxTokens &&
      IsUnsupported(error, "max_tokens")) {
    adjustment.options.max_tokens_field = MaxTokensField::kMaxCompletionTokens;
    adjustment.what = "the service wants max_completion_tokens instead of max_tokens";
    return adjustment;
  }
  if (request.max_output_tokens &&
      options.max_tokens_field == MaxTokensField::kMaxCompletionTokens &&
      IsUnsupported(error, "max_completion_tokens")) {
    adjustment.options.max_tokens_field = MaxTokensField::kMaxTokens;
    adjustment.what = "the service wants max_tokens instead of max_completion_tokens";
    return adjustment;
  }
  if (request.temperature && options.send_temperature && IsUnsupported(error, "temperature")) {
    adjustment.options.send_temperature = false;
    adjustment.what = "the model only accepts the default temperature";
    return adjustment;
  }
  if (error.code == "context_length_exceeded" ||
      Contains(error.message, "maximum context length")) {
    auto window = NumberAfter(error.message, "maximum context length is");
    auto prompt = NumberBefore(error.message, "in the messages");
    if (!window || !prompt || *prompt >= *window) return std::nullopt;
    int64_t room = *window - *prompt;
    if (request.max_output_tokens && *request.max_output_tokens <= room) return std::nullopt;
    adjustment.max_output_tokens = static_cast<int>(std::min<int64_t>(room, INT32_MAX));
    adjustment.what =
        fmt::format("output cap lowered to {} tokens to fit the {}-token window", room, *window);
    return adjustment;
  }
  return std::nullopt;
}

}  // namespace quarry::llm
