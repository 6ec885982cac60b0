#include "llm/llm_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "llm/chat_model_factory.h"

namespace quarry::llm {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

EnvLookup Env(std::map<std::string, std::string> vars) {
  return [vars](const char* name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

class ConfigFile {
 public:
  ConfigFile(const std::string& text, mode_t mode) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "quarry-config-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    path_ = dir_ + "/config.yaml";
    std::ofstream(path_) << text;
    chmod(path_.c_str(), mode);
  }
  ~ConfigFile() { std::filesystem::remove_all(dir_); }
  const std::string& path() const { return path_; }

 private:
  std::string dir_, path_;
};

constexpr char kYaml[] = R"(llm:
  provider: compatible
  base_url: http://localhost:11434/v1
  model: llama3.1:8b
  api_key: sk-config-SECRET-987
  tier: "3"
  warn_ratio: 0.9
  budget:
    per_hunt_usd: 0.5
    daily_usd: 5
  timeouts:
    connect_seconds: 5
    total_seconds: 60
  models:
    - name: llama3.1:8b
      encoding: cl100k_base
      context_window: 131072
      max_output: 8192
      price_per_1m: {input: 0, output: 0}
      max_tokens_parameter: max_tokens
)";

TEST(LlmConfigTest, ReadsOwnerOnlyFile) {
  ConfigFile file(kYaml, 0600);
  auto config = LoadLlmConfig(Env({{"QUARRY_CONFIG", file.path()}}));
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_TRUE(config->service_configured);
  EXPECT_EQ(config->endpoint.provider, Provider::kCompatible);
  EXPECT_EQ(config->endpoint.base_url, "http://localhost:11434/v1");
  EXPECT_EQ(config->endpoint.api_key, "sk-config-SECRET-987");
  EXPECT_EQ(config->model, "llama3.1:8b");
  EXPECT_EQ(config->tier, "3");
  EXPECT_DOUBLE_EQ(config->warn_ratio, 0.9);
  EXPECT_EQ(config->budget.per_hunt_usd, 0.5);
  EXPECT_EQ(config->budget.daily_usd, 5.0);
  EXPECT_EQ(config->endpoint.connect_timeout, std::chrono::milliseconds(5000));
  EXPECT_EQ(config->endpoint.total_timeout, std::chrono::milliseconds(60000));
  ASSERT_EQ(config->extra_models.size(), 1u);
  EXPECT_EQ(config->extra_models[0].context_window, 131072);
  EXPECT_EQ(config->extra_models[0].max_tokens_field, MaxTokensField::kMaxTokens);
  EXPECT_DOUBLE_EQ(config->extra_models[0].input_per_1m, 0.0);
}

// Models from the config join the shipped catalog (a local model at zero price) and replace a
// shipped entry of the same name.
TEST(LlmConfigTest, ConfigModelsJoinTheShippedCatalog) {
  LlmConfig config;
  ASSERT_TRUE(ApplyConfigYaml(kYaml, "c.yaml", &config).ok());
  auto shipped = ModelCatalog::LoadDefault();
  ASSERT_TRUE(shipped.ok()) << shipped.status().message();
  ModelInfo cheaper = *shipped->Find("gpt-4.1");
  cheaper.input_per_1m = 0.01;
  config.extra_models.push_back(cheaper);

  auto catalog = LoadCatalogForConfig(config);
  ASSERT_TRUE(catalog.ok()) << catalog.status().message();
  EXPECT_EQ(catalog->models().size(), shipped->models().size() + 1);
  const ModelInfo* local = catalog->Find("llama3.1:8b");
  ASSERT_NE(local, nullptr);
  EXPECT_EQ(local->encoding, "cl100k_base");
  EXPECT_EQ(local->max_output, 8192);
  EXPECT_DOUBLE_EQ(local->output_per_1m, 0.0);
  ASSERT_NE(catalog->Find("gpt-4.1"), nullptr);
  EXPECT_DOUBLE_EQ(catalog->Find("gpt-4.1")->input_per_1m, 0.01);
  EXPECT_NE(catalog->Find("gpt-5-mini"), nullptr);
}

TEST(LlmConfigTest, RefusesGroupOrWorldReadableFile) {
  ConfigFile file(kYaml, 0644);
  auto config = LoadLlmConfig(Env({{"QUARRY_CONFIG", file.path()}}));
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(config.status().message(), HasSubstr("chmod 600 " + file.path()));
  EXPECT_THAT(config.status().message(), HasSubstr("mode 0644"));
  EXPECT_THAT(config.status().message(), Not(HasSubstr("SECRET")));
}

TEST(LlmConfigTest, BadValuesAreExplained) {
  LlmConfig config;
  Status tier = ApplyConfigYaml("llm:\n  tier: 9\n", "c.yaml", &config);
  EXPECT_THAT(tier.message(), HasSubstr("llm.tier '9' is not a usage tier"));
  Status provider = ApplyConfigYaml("llm:\n  provider: bard\n", "c.yaml", &config);
  EXPECT_THAT(provider.message(), HasSubstr("llm.provider 'bard' is not known"));
  Status yaml = ApplyConfigYaml("llm: [unclosed\n", "c.yaml", &config);
  EXPECT_EQ(yaml.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(yaml.message(), HasSubstr("c.yaml: not valid YAML"));
}

TEST(LlmConfigTest, EnvironmentSelectsProvider) {
  auto openai = LoadLlmConfig(Env({{"QUARRY_CONFIG", "/nonexistent/none.yaml"}}));
  EXPECT_EQ(openai.status().code(), StatusCode::kNotFound);

  LlmConfig config;
  ApplyEnvironment(Env({{"OPENAI_API_KEY", "sk-env"}}), &config);
  EXPECT_EQ(config.endpoint.provider, Provider::kOpenAI);
  EXPECT_EQ(config.endpoint.api_key, "sk-env");

  LlmConfig local;
  ApplyEnvironment(
      Env({{"OPENAI_BASE_URL", "http://127.0.0.1:8080/v1"}, {"QUARRY_MODEL", "qwen2.5"}}), &local);
  EXPECT_EQ(local.endpoint.provider, Provider::kCompatible);
  EXPECT_EQ(local.model, "qwen2.5");

  LlmConfig azure;
  ApplyEnvironment(Env({{"AZURE_OPENAI_API_KEY", "az"},
                        {"AZURE_OPENAI_ENDPOINT", "https://r.openai.azure.com"},
                        {"AZURE_OPENAI_DEPLOYMENT", "dep"},
                        {"OPENAI_API_VERSION", "2025-01-01"}}),
                   &azure);
  EXPECT_EQ(azure.endpoint.provider, Provider::kAzure);
  EXPECT_EQ(azure.endpoint.azure_deployment, "dep");
  EXPECT_EQ(azure.endpoint.azure_api_version, "2025-01-01");
  EXPECT_EQ(ChatCompletionsUrl(azure.endpoint),
            "https://r.openai.azure.com/openai/deployments/dep/chat/completions"
            "?api-version=2025-01-01");
}

TEST(ChatModelFactoryTest, NothingConfiguredMeansOffline) {
  LlmConfig config;
  auto model = MakeChatModelFromConfig(config, ModelCatalog());
  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(model.status().message(), HasSubstr("no language model is configured"));
}

TEST(ChatModelFactoryTest, IncompleteConfigurationsAreExplained) {
  LlmConfig azure;
  azure.service_configured = true;
  azure.endpoint.provider = Provider::kAzure;
  azure.endpoint.api_key = "k";
  auto missing_endpoint = MakeChatModelFromConfig(azure, ModelCatalog());
  ASSERT_FALSE(missing_endpoint.ok());
  EXPECT_THAT(missing_endpoint.status().message(), HasSubstr("AZURE_OPENAI_ENDPOINT"));

  LlmConfig local;
  local.service_configured = true;
  local.endpoint.provider = Provider::kCompatible;
  local.endpoint.base_url = "http://localhost:11434/v1";
  auto missing_model = MakeChatModelFromConfig(local, ModelCatalog());
  ASSERT_FALSE(missing_model.ok());
  EXPECT_THAT(missing_model.status().message(), HasSubstr("QUARRY_MODEL"));

  local.model = "llama3.1:8b";
  EXPECT_TRUE(MakeChatModelFromConfig(local, ModelCatalog()).ok());

  LlmConfig openai;
  openai.service_configured = true;
  auto missing_key = MakeChatModelFromConfig(openai, ModelCatalog());
  ASSERT_FALSE(missing_key.ok());
  EXPECT_THAT(missing_key.status().message(), HasSubstr("OPENAI_API_KEY"));
  openai.endpoint.api_key = "sk-x";
  EXPECT_EQ(SelectedModel(openai), "gpt-4.1-mini");
}

}  // namespace
}  // namespace quarry::llm
