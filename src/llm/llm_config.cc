#include "llm/llm_config.h"

#include <fmt/core.h>
#include <sys/stat.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>

#include "common/data_path.h"

namespace quarry::llm {
namespace {

using nlohmann::json;

// YAML -> JSON for model entries: scalars become integers, numbers, booleans or strings.
json YamlToJson(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      json out = json::object();
      for (const auto& item : node) out[item.first.as<std::string>()] = YamlToJson(item.second);
      return out;
    }
    case YAML::NodeType::Sequence: {
      json out = json::array();
      for (const auto& item : node) out.push_back(YamlToJson(item));
      return out;
    }
    case YAML::NodeType::Scalar: {
      const std::string& text = node.Scalar();
      if (node.Tag() == "!") return text;  // quoted in the file
      int64_t i = 0;
      double d = 0;
      bool b = false;
      if (YAML::convert<int64_t>::decode(node, i)) return i;
      if (YAML::convert<double>::decode(node, d)) return d;
      if (YAML::convert<bool>::decode(node, b)) return b;
      return text;
    }
    default:
      return nullptr;
  }
}

std::string Scalar(const YAML::Node& node) {
  return node && node.IsScalar() ? node.Scalar() : "";
}

Result<Provider> ParseProvider(const std::string& text, const std::string& origin) {
  if (text == "openai") return Provider::kOpenAI;
  if (text == "azure") return Provider::kAzure;
  if (text == "compatible" || text == "ollama" || text == "vllm" || text == "llamacpp" ||
      text == "lmstudio") {
    return Provider::kCompatible;
  }
  return InvalidArgument(fmt::format(
      "{}: llm.provider '{}' is not known (use openai, azure or compatible)", origin, text));
}

bool IsOpenAiHost(const std::string& url) {
  return url.find("://api.openai.com") != std::string::npos;
}

}  // namespace

EnvLookup ProcessEnv() {
  return [](const char* name) -> std::optional<std::string> {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string(value);
  };
}

std::string DefaultConfigPath(const EnvLookup& env) {
  if (auto path = env("QUARRY_CONFIG")) return *path;
  if (auto xdg = env("XDG_CONFIG_HOME")) return *xdg + "/quarry/config.yaml";
  if (auto home = env("HOME")) return *home + "/.config/quarry/config.yaml";
  return ".quarry-config.yaml";
}

Status CheckOwnerOnly(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    return NotFound(fmt::format("config file {} cannot be read", path));
  }
  if ((info.st_mode & 077) != 0) {
    return FailedPrecondition(fmt::format(
        "config file {} can be read or changed by other users (mode {:04o}); it may hold an API "
        "key, so Quarry refuses to use it. Fix with: chmod 600 {}",
        path, info.st_mode & 07777, path));
  }
  return Status::Ok();
}

Status ApplyConfigYaml(std::string_view text, const std::string& origin, LlmConfig* config) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return InvalidArgument(
        fmt::format("{}: not valid YAML at line {}: {}", origin, e.mark.line + 1, e.msg));
  }
  if (!root || root.IsNull()) return Status::Ok();
  YAML::Node llm = root["llm"];
  if (!llm) return Status::Ok();
  if (!llm.IsMap()) return InvalidArgument(origin + ": 'llm' must be a mapping");
  try {
    if (auto provider = Scalar(llm["provider"]); !provider.empty()) {
      QUARRY_ASSIGN_OR_RETURN(config->endpoint.provider, ParseProvider(provider, origin));
      config->service_configured = true;
    }
    if (auto url = Scalar(llm["base_url"]); !url.empty()) {
      config->endpoint.base_url = url;
      config->service_configured = true;
    }
    if (auto key = Scalar(llm["api_key"]); !key.empty()) {
      config->endpoint.api_key = key;
      config->service_configured = true;
    }
    if (auto model = Scalar(llm["model"]); !model.empty()) config->model = model;
    if (YAML::Node azure = llm["azure"]; azure && azure.IsMap()) {
      if (auto endpoint = Scalar(azure["endpoint"]); !endpoint.empty()) {
        config->endpoint.base_url = endpoint;
      }
      config->endpoint.azure_deployment = Scalar(azure["deployment"]);
      if (auto version = Scalar(azure["api_version"]); !version.empty()) {
        config->endpoint.azure_api_version = version;
      }
    }
    if (auto tier = Scalar(llm["tier"]); !tier.empty()) {
      if (!IsValidTier(tier)) {
        return InvalidArgument(fmt::format(
            "{}: llm.tier '{}' is not a usage tier (use free, 1, 2, 3, 4 or 5)", origin, tier));
      }
      config->tier = tier;
    }
    if (llm["warn_ratio"]) {
      double ratio = llm["warn_ratio"].as<double>();
      if (ratio <= 0 || ratio > 1) {
        return InvalidArgument(origin + ": llm.warn_ratio must be between 0 and 1 (e.g. 0.8)");
      }
      config->warn_ratio = ratio;
    }
    if (YAML::Node budget = llm["budget"]; budget && budget.IsMap()) {
      if (budget["per_hunt_usd"]) config->budget.per_hunt_usd = budget["per_hunt_usd"].as<double>();
      if (budget["daily_usd"]) config->budget.daily_usd = budget["daily_usd"].as<double>();
    }
    if (auto ledger = Scalar(llm["ledger"]); !ledger.empty()) config->ledger_path = ledger;
    if (YAML::Node timeouts = llm["timeouts"]; timeouts && timeouts.IsMap()) {
      if (timeouts["connect_seconds"]) {
        config->endpoint.connect_timeout = std::chrono::milliseconds(
            static_cast<int64_t>(timeouts["connect_seconds"].as<double>() * 1000));
      }
      if (timeouts["total_seconds"]) {
        config->endpoint.total_timeout = std::chrono::milliseconds(
            static_cast<int64_t>(timeouts["total_seconds"].as<double>() * 1000));
      }
    }
    if (llm["max_attempts"]) config->max_attempts = std::max(1, llm["max_attempts"].as<int>());
    if (YAML::Node models = llm["models"]; models) {
      if (!models.IsSequence()) return InvalidArgument(origin + ": llm.models must be a list");
      for (const auto& entry : models) {
        QUARRY_ASSIGN_OR_RETURN(ModelInfo model,
                                ModelCatalog::ParseModel(YamlToJson(entry), origin));
        config->extra_models.push_back(std::move(model));
      }
    }
  } catch (const YAML::Exception& e) {
    return InvalidArgument(fmt::format("{}: a value at line {} has the wrong type: {}", origin,
                                       e.mark.line + 1, e.msg));
  }
  return Status::Ok();
}

void ApplyEnvironment(const EnvLookup& env, LlmConfig* config) {
  auto azure_key = env("AZURE_OPENAI_API_KEY");
  auto azure_endpoint = env("AZURE_OPENAI_ENDPOINT");
  if (azure_key || azure_endpoint) {
    config->endpoint.provider = Provider::kAzure;
    config->service_configured = true;
    if (azure_key) config->endpoint.api_key = *azure_key;
    if (azure_endpoint) config->endpoint.base_url = *azure_endpoint;
    if (auto deployment = env("AZURE_OPENAI_DEPLOYMENT")) {
      config->endpoint.azure_deployment = *deployment;
    }
    if (auto version = env("OPENAI_API_VERSION")) config->endpoint.azure_api_version = *version;
  } else {
    if (auto base = env("OPENAI_BASE_URL")) {
      config->endpoint.base_url = *base;
      config->service_configured = true;
      if (config->endpoint.provider == Provider::kOpenAI && !IsOpenAiHost(*base)) {
        config->endpoint.provider = Provider::kCompatible;
      }
    }
    if (auto key = env("OPENAI_API_KEY")) {
      config->service_configured = true;
      if (config->endpoint.provider != Provider::kAzure) config->endpoint.api_key = *key;
    }
  }
  if (auto model = env("QUARRY_MODEL")) config->model = *model;
  if (auto tier = env("QUARRY_TIER"); tier && IsValidTier(*tier)) config->tier = *tier;
}

Result<LlmConfig> LoadLlmConfig(const EnvLookup& env) {
  LlmConfig config;
  std::string path = DefaultConfigPath(env);
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    QUARRY_RETURN_IF_ERROR(CheckOwnerOnly(path));
    QUARRY_ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
    QUARRY_RETURN_IF_ERROR(ApplyConfigYaml(text, path, &config));
    config.config_file = path;
  } else if (env("QUARRY_CONFIG")) {
    return NotFound(fmt::format("QUARRY_CONFIG names {}, which does not exist", path));
  }
  ApplyEnvironment(env, &config);
  return config;
}

Result<ModelCatalog> LoadCatalogForConfig(const LlmConfig& config) {
  QUARRY_ASSIGN_OR_RETURN(ModelCatalog catalog, ModelCatalog::LoadDefault());
  for (const auto& model : config.extra_models) catalog.Upsert(model);
  return catalog;
}

}  // namespace quarry::llm
