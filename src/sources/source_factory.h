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

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "common/status.h"
#include "kql/catalog.h"
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

// A source with the catalogs our own engine uses for it. Local: the workspace's catalog for both.
// Remote: SourceCatalogs (source_catalog.h) over the source — built-in schemas, rows fetched
// from the service within each scan's time window; `_ItemId` from Log Analytics, and on ADX
// (which has none) a null one for the rules and none at all for binding queries sent there.
struct OpenedSource {
  std::unique_ptr<LogSource> source;
  std::unique_ptr<kql::Catalog> remote_catalog, remote_query_catalog;  // null for a local source
  const kql::Catalog* catalog = nullptr;        // what the offline analyst's rules read
  const kql::Catalog* query_catalog = nullptr;  // what a query sent to the source is bound against
  std::string kind;                             // "local", "loganalytics" or "adx"
};

// As MakeLogSource; `now_ticks` is what now()/ago() mean in a remote catalog's scans.
Result<OpenedSource> OpenLogSource(const SourceFlags& flags, std::optional<int64_t> now_ticks);

}  // namespace quarry::sources
