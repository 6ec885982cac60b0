// `quarry tokens [--model M | --encoding E] [FILE|-]`: the exact token count of a file or of
// standard input, as a bare integer. Text is counted as plain text: special-token strings in
// logs are ordinary text.
#include <fmt/core.h>

#include <cstdlib>
#include <iostream>
#include <iterator>
#include <memory>

#include "cli/command.h"
#include "common/data_path.h"
#include "llm/tokenizer/tokenizer.h"

namespace quarry::cli {
namespace {

constexpr const char* kDefaultModel = "gpt-4.1-mini";

struct TokensOptions {
  std::string model;
  std::string encoding;
  std::string file = "-";
};

void Run(const TokensOptions& opts) {
  Result<const llm::Tokenizer*> tokenizer = llm::Tokenizer::ForEncoding(opts.encoding);
  if (opts.encoding.empty()) {
    std::string model = opts.model;
    if (model.empty()) {
      const char* env = std::getenv("QUARRY_MODEL");
      model = env != nullptr && *env != '\0' ? env : kDefaultModel;
    }
    tokenizer = llm::Tokenizer::ForModel(model);
  }
  if (!tokenizer.ok()) {
    std::cerr << "quarry tokens: " << tokenizer.status().message() << "\n";
    SetExitCode(tokenizer.status().code() == StatusCode::kNotFound ? 2 : 1);
    return;
  }
  std::string text;
  if (opts.file == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    if (std::cin.bad()) {
      std::cerr << "quarry tokens: error reading standard input\n";
      SetExitCode(1);
      return;
    }
  } else {
    auto read = ReadFileToString(opts.file);
    if (!read.ok()) {
      std::cerr << "quarry tokens: " << read.status().message() << "\n";
      SetExitCode(1);
      return;
    }
    text = std::move(read).value();
  }
  fmt::print("{}\n", (*tokenizer)->Count(text));
}

void Setup(CLI::App& app) {
  auto opts = std::make_shared<TokensOptions>();
  auto* sub = app.add_subcommand(
      "tokens", "Count the tokens of a file or of standard input exactly, for a model's tokenizer");
  auto* model = sub->add_option(
      "--model,-m", opts->model,
      fmt::format("Model whose tokenizer to use (default: $QUARRY_MODEL or {})", kDefaultModel));
  auto* encoding =
      sub->add_option("--encoding,-e", opts->encoding, "Encoding: o200k_base or cl100k_base");
  model->excludes(encoding);
  sub->add_option("file", opts->file, "File to count, or - for standard input (default)");
  sub->callback([opts] { Run(*opts); });
}

}  // namespace

QUARRY_COMMAND(tokens, Setup);

}  // namespace quarry::cli
