// Deciding how to fix a request the service rejected with 400, so it can be retried once.
//
// Recognised: "Unsupported parameter: 'max_tokens'" (use max_completion_tokens), the reverse for
// servers that only know max_tokens, a temperature the model does not accept
// ("unsupported_value" / "unsupported_parameter" on 'temperature': send none), and
// context_length_exceeded where the message gives the window and the prompt size ("maximum
// context length is N tokens ... (M in the messages, K in the completion)": lower the output
// cap to N - M). Anything else: no adjustment. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "llm/chat.h"
#include "llm/openai_wire.h"

namespace quarry::llm {

struct RequestAdjustment {
  WireOptions options;                   // the options to retry with
  std::optional<int> max_output_tokens;  // set when the output cap must change
  std::string what;                      // for the debug log: "switched to max_tokens"
};

std::optional<RequestAdjustment> AdjustmentForBadRequest(const ApiError& error,
                                                         const ChatRequest& request,
                                                         const WireOptions& options);

}  // namespace quarry::llm
