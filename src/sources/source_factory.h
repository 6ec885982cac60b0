// Building the LogSource a command asked for, from its flags and the environment — the one hook
// `quarry query` and `quarry hunt` need to run on every backend:
//   --source local        (default) the workspace directory
//   --source loganalytics --workspace-id ID           (or QUARRY_LA_WORKSPACE_ID)
//   --source adx --cluster URL --database DB          (or QUARRY_ADX_CLUSTER / QUARRY_ADX_DATABASE)
// QUARRY_SOURCE chooses the default source; --timespan (ISO 8601) bounds remote queries.
// Azure sources sign in with the DefaultAzureCredential chain (net/auth), over libcurl, with
// retries and Ctrl-C cancellation.
//
// Thread-compatible; the returned source is thread-safe.
#pragma once

#include <memory>
#include <string>

#include "common/status.h"
#include "sources/log_source.h"

namespace quarry::sources {

struct SourceFlags {
  std::string source;         // "local", "loganalytics", "adx"; empty: $QUARRY_SOURCE or local
  std::string workspace_dir;  // local: the resolved workspace directory
  std::string workspace_id;   // loganalytics
  std::string cluster;        // adx
  std::string database;       // adx
  std::string timespan;       // remote: "P1D" or "start/end"; empty: none
};

// InvalidArgument naming the missing flag or the unknown source.
Result<std::unique_ptr<LogSource>> MakeLogSource(const SourceFlags& flags);

}  // namespace quarry::sources
