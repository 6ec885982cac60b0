// MakeChatModelFromConfig: the one place that turns settings into a working ChatModel.
//
// Returns FailedPrecondition, with a reason an analyst can act on, when no model service is
// configured (no key, endpoint or provider anywhere) or the configuration is incomplete (Azure
// without an endpoint, OpenAI without a key, no model name for a local server); the hunt then
// runs with the offline analyst. For OpenAI without a model name the default is
// kDefaultOpenAiModel. Thread-safety: the returned model is safe to share between threads.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"
#include "llm/chat.h"
#include "llm/llm_config.h"
#include "llm/model_catalog.h"
#include "net/clock.h"
#include "net/http_types.h"

namespace quarry::llm {

inline constexpr char kDefaultOpenAiModel[] = "gpt-4.1-mini";

struct ChatModelFactoryOptions {
  net::Clock* clock = nullptr;                      // default: net::SystemClock()
  std::shared_ptr<net::HttpTransport> transport;    // default: net::CurlTransport
  std::function<void(std::string_view)> debug_log;  // redacted lines; may be empty
  // Installs net::InstallSigintHandler() so Ctrl-C cancels a model call cleanly.
  bool install_sigint_handler = true;
};

// The model name the configuration selects ("" when none can be chosen).
std::string SelectedModel(const LlmConfig& config);

Result<std::unique_ptr<ChatModel>> MakeChatModelFromConfig(const LlmConfig& config,
                                                           const ModelCatalog& catalog,
                                                           ChatModelFactoryOptions options = {});

}  // namespace quarry::llm
