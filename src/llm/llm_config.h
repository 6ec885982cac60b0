// Where Quarry's model settings come from: a YAML config file and environment variables.
//
// File: $QUARRY_CONFIG, else $XDG_CONFIG_HOME/quarry/config.yaml, else
// ~/.config/quarry/config.yaml (docs/MODELS.md shows every key). Because it may hold an API key,
// a file readable or writable by group or others is refused with a message saying how to fix it
// (chmod 600). Environment variables override the file: OPENAI_API_KEY, OPENAI_BASE_URL,
// AZURE_OPENAI_API_KEY, AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_DEPLOYMENT, OPENAI_API_VERSION,
// QUARRY_MODEL, QUARRY_TIER. The key is kept only in EndpointConfig::api_key and is never part
// of an error message. Thread-safety: pure functions of their inputs (the environment is read
// through the injected lookup).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "llm/budget_guard.h"
#include "llm/model_catalog.h"
#include "llm/openai_client.h"

namespace quarry::llm {

using EnvLookup = std::function<std::optional<std::string>(const char* name)>;

// Reads the process environment (empty values count as unset).
EnvLookup ProcessEnv();

struct LlmConfig {
  EndpointConfig endpoint;
  bool service_configured = false;  // a key, an endpoint or a provider was given somewhere
  std::string model;                // the model (or Azure deployment's model) to use
  std::string tier = "1";
  double warn_ratio = 0.8;
  BudgetLimits budget;
  std::string ledger_path;  // empty: ResolveLedgerPath's default
  int max_attempts = 5;
  std::vector<ModelInfo> extra_models;
  std::string config_file;  // the file that was read, or "" when none
};

// The config file path the lookup rules select (the file may not exist).
std::string DefaultConfigPath(const EnvLookup& env);

// OK when only the owner may read or write `path`; FailedPrecondition otherwise.
Status CheckOwnerOnly(const std::string& path);

// Parses the YAML text into `config` (fields absent from the text are left unchanged).
Status ApplyConfigYaml(std::string_view text, const std::string& origin, LlmConfig* config);

// Environment overrides on top of `config`.
void ApplyEnvironment(const EnvLookup& env, LlmConfig* config);

// The whole lookup: defaults, then the config file if it exists (permission-checked), then the
// environment.
Result<LlmConfig> LoadLlmConfig(const EnvLookup& env);

// The shipped catalog plus the models from the config.
Result<ModelCatalog> LoadCatalogForConfig(const LlmConfig& config);

}  // namespace quarry::llm
