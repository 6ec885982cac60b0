// `quarry hunt` as a function, so `quarry demo` can run the same hunt.
#pragma once

#include <string>

namespace quarry::cli {

struct HuntFlags {
  std::string request;
  std::string workspace;
  std::string now;
  std::string model;
  std::string report;
  std::string export_format;  // "json", "csv" or "navigator"
  std::string policy;
  // Where the hunt's KQL runs (sources/source_factory.h); empty: $QUARRY_SOURCE, else local.
  std::string source, workspace_id, cluster, database;
  bool offline = false;
  bool yes = false;
  bool json = false;
  bool dry_run = false;
  bool explain = false;
  int max_rounds = 3;
  double budget_usd = 1.0;
  // --budget was on the command line; otherwise the config's budget.per_hunt_usd applies.
  bool budget_given = false;
  size_t token_budget = 12'000;
};

// Runs the hunt and prints it; returns the exit code (0 even when nothing is found).
int RunHuntCli(const HuntFlags& flags);

}  // namespace quarry::cli
