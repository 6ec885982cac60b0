// Subcommand registration for the quarry executable.
//
// Each command lives in its own <name>_command.cc and registers a setup function with
// QUARRY_COMMAND; main() creates the CLI11 app, lets every command add its subcommand, parses
// and runs. A command's callback reports its exit code through SetExitCode(). Commands only wire
// modules together: logic worth testing lives in the modules.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace quarry::cli {

using CommandSetup = void (*)(CLI::App& app);

struct CommandEntry {
  const char* name;
  CommandSetup setup;
};

std::vector<CommandEntry>& CommandRegistry();

struct CommandRegistrar {
  CommandRegistrar(const char* name, CommandSetup setup) {
    CommandRegistry().push_back({name, setup});
  }
};

void SetExitCode(int code);
int ExitCode();

// The workspace directory: the --workspace flag if given, else $QUARRY_DATA, else ./quarry-data.
std::string ResolveWorkspaceDir(const std::string& flag_value);

}  // namespace quarry::cli

#define QUARRY_COMMAND(name, setup) \
  static const ::quarry::cli::CommandRegistrar quarry_command_registrar_##name(#name, setup)
