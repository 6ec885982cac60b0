// `quarry models [--tokens N | --file F] [--tier T] [--model M]`: the model catalog with input
// and TPM limits, max output and estimated cost for a request of that size.
#include <fmt/core.h>
#include <unistd.h>

#include <iostream>
#include <iterator>
#include <map>

#include "cli/command.h"
#include "common/data_path.h"
#include "llm/chat_model_factory.h"
#include "llm/llm_config.h"
#include "llm/model_table.h"
#include "llm/tokenizer/tokenizer.h"

namespace quarry::cli {
namespace {

struct ModelsFlags {
  int64_t tokens = 0;
  std::string file;
  int64_t output_tokens = 1000;
  std::string tier;
  std::string model;
  double warn_ratio = 0;
};

Result<std::string> ReadInput(const std::string& file) {
  if (file == "-") {
    return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  }
  return ReadFileToString(file);
}

int Run(const ModelsFlags& flags) {
  auto env = llm::ProcessEnv();
  auto config = llm::LoadLlmConfig(env);
  if (!config.ok()) {
    std::cerr << "quarry: " << config.status().message() << "\n";
    return 2;
  }
  auto catalog = llm::LoadCatalogForConfig(*config);
  if (!catalog.ok()) {
    std::cerr << "quarry: " << catalog.status().message() << "\n";
    return 1;
  }
  llm::ModelTableOptions options;
  options.tier = flags.tier.empty() ? config->tier : flags.tier;
  if (!llm::IsValidTier(options.tier)) {
    std::cerr << "quarry: --tier must be free, 1, 2, 3, 4 or 5\n";
    return 2;
  }
  options.current_model = flags.model.empty() ? llm::SelectedModel(*config) : flags.model;
  options.warn_ratio = flags.warn_ratio > 0 ? flags.warn_ratio : config->warn_ratio;
  options.output_tokens = flags.output_tokens;
  options.color = llm::ColorWanted(isatty(STDOUT_FILENO) != 0, env);

  std::map<std::string, int64_t> by_encoding;
  if (!flags.file.empty()) {
    auto text = ReadInput(flags.file);
    if (!text.ok()) {
      std::cerr << "quarry: " << text.status().message() << "\n";
      return 1;
    }
    for (const auto& model : catalog->models()) {
      std::string encoding = model.encoding.empty() ? "o200k_base" : model.encoding;
      if (by_encoding.count(encoding)) continue;
      auto tokenizer = llm::Tokenizer::ForEncoding(encoding);
      if (!tokenizer.ok()) {
        std::cerr << "quarry: " << tokenizer.status().message() << "\n";
        return 1;
      }
      by_encoding[encoding] = static_cast<int64_t>((*tokenizer)->Count(*text));
    }
    options.input_tokens = [by_encoding](const llm::ModelInfo& model) {
      auto it = by_encoding.find(model.encoding.empty() ? "o200k_base" : model.encoding);
      return it == by_encoding.end() ? int64_t{0} : it->second;
    };
  } else {
    int64_t tokens = flags.tokens;
    options.input_tokens = [tokens](const llm::ModelInfo&) { return tokens; };
  }

  auto rows = llm::AssessModels(*catalog, options);
  fmt::print("{}", llm::RenderModelTable(rows, options));
  for (const auto& row : rows) {
    if (row.current) fmt::print("\n{}", llm::RenderVerdict(row, options));
  }
  if (!options.current_model.empty() && catalog->Find(options.current_model) == nullptr) {
    fmt::print(
        "\nThe configured model '{}' is not in the catalog: add it under llm.models in "
        "the config file to see its limits and cost.\n",
        options.current_model);
  }
  return 0;
}

void Setup(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "models", "Model catalog: input and rate limits, max output and cost for a request size");
  auto flags = std::make_shared<ModelsFlags>();
  auto* tokens = sub->add_option("--tokens", flags->tokens, "Input tokens of the request");
  auto* file =
      sub->add_option("--file", flags->file, "Count the input tokens of this file ('-' for stdin)");
  tokens->excludes(file);
  sub->add_option("--output-tokens", flags->output_tokens,
                  "Planned output tokens per call (default 1000)");
  sub->add_option("--tier", flags->tier, "OpenAI usage tier: free, 1, 2, 3, 4, 5");
  sub->add_option("--model", flags->model, "The model to mark as current");
  sub->add_option("--warn-ratio", flags->warn_ratio,
                  "Warn at this fraction of a limit (default 0.8 or llm.warn_ratio)");
  sub->callback([flags] { SetExitCode(Run(*flags)); });
}

}  // namespace

QUARRY_COMMAND(models, Setup);

}  // namespace quarry::cli
