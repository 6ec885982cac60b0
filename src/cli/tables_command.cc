// `quarry tables [TABLE]`: the built-in table schemas (names, or one table's columns and types).
#include <fmt/core.h>

#include <iostream>

#include "cli/command.h"
#include "schemas/builtin_schemas.h"

namespace quarry::cli {
namespace {

void Setup(CLI::App& app) {
  auto* sub = app.add_subcommand("tables", "List the built-in log table schemas");
  auto table = std::make_shared<std::string>();
  sub->add_option("table", *table, "Show this table's columns");
  sub->callback([table] {
    auto reg = BuiltinSchemas();
    if (!reg.ok()) {
      std::cerr << "quarry: " << reg.status().message() << "\n";
      SetExitCode(1);
      return;
    }
    if (table->empty()) {
      for (const auto& name : (*reg)->TableNames()) fmt::print("{}\n", name);
      return;
    }
    auto schema = (*reg)->Find(*table);
    if (!schema) {
      std::cerr << "quarry: unknown table '" << *table << "' (see `quarry tables`)\n";
      SetExitCode(2);
      return;
    }
    for (const auto& f : schema->fields()) fmt::print("{}\t{}\n", f.name, TypeName(f.type));
  });
}

}  // namespace

QUARRY_COMMAND(tables, Setup);

}  // namespace quarry::cli
