// `quarry functions [NAME]`: the KQL functions and operators Quarry knows (name, kind, signature),
// or one function's signature, description and example. From data/kql/functions.tsv.
#include <fmt/core.h>

#include <iostream>

#include "cli/command.h"
#include "kql/function_registry.h"

namespace quarry::cli {
namespace {

void Setup(CLI::App& app) {
  auto* sub = app.add_subcommand("functions", "List the KQL functions and operators");
  auto name = std::make_shared<std::string>();
  sub->add_option("name", *name, "Show this function's signature, description and example");
  sub->callback([name] {
    const auto& infos = kql::FunctionRegistry::Get().Infos();
    if (infos.empty()) {
      std::cerr << "quarry: the function catalogue data/kql/functions.tsv was not found "
                   "(set QUARRY_HOME to the Quarry directory)\n";
      SetExitCode(1);
      return;
    }
    if (name->empty()) {
      for (const auto& f : infos) fmt::print("{}\t{}\t{}\n", f.name, f.kind, f.signature);
      return;
    }
    for (const auto& f : infos) {
      if (f.name == *name) {
        fmt::print("{}\n\n{}\n\nkind: {}\nexample: {}\n", f.signature, f.description, f.kind,
                   f.example);
        return;
      }
    }
    std::cerr << "quarry: unknown function '" << *name << "' (see `quarry functions`)\n";
    SetExitCode(2);
  });
}

}  // namespace

QUARRY_COMMAND(functions, Setup);

}  // namespace quarry::cli
