#include <algorithm>
#include <cstdlib>
#include <iostream>

#include "cli/command.h"

namespace quarry::cli {

std::vector<CommandEntry>& CommandRegistry() {
  static std::vector<CommandEntry> registry;
  return registry;
}

namespace {
int g_exit_code = 0;
}  // namespace

void SetExitCode(int code) { g_exit_code = code; }
int ExitCode() { return g_exit_code; }

std::string ResolveWorkspaceDir(const std::string& flag_value) {
  if (!flag_value.empty()) return flag_value;
  if (const char* env = std::getenv("QUARRY_DATA"); env != nullptr && *env != '\0') return env;
  return "./quarry-data";
}

}  // namespace quarry::cli

int main(int argc, char** argv) {
  CLI::App app{"Quarry — an AI threat hunter over KQL: hunt, query, ingest, demo."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "quarry 0.1.0");
  auto& registry = quarry::cli::CommandRegistry();
  std::sort(registry.begin(), registry.end(),
            [](const auto& a, const auto& b) { return std::string(a.name) < b.name; });
  for (const auto& entry : registry) entry.setup(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return quarry::cli::ExitCode();
}
