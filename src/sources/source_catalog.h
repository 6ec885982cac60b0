// SourceCatalog: a LogSource's tables as a kql::Catalog, so work that runs on our own engine —
// the offline analyst's rules, the parse + bind check of every hunt query — runs the same way on
// Log Analytics or Azure Data Explorer as on the local workspace.
//
// Schemas are the built-in ones (schemas/builtin_schemas.h); `_ItemId` is a hidden column as
// ItemIds says (Log Analytics keeps one, ADX tables usually do not). A Scan becomes one
// guarded query to the source —
//   Table | where T >= datetime(min) and T <= datetime(max) | project <columns> | take cap+1
// — its time window taken from the ScanRequest (a scan without one is refused: a remote table
// is never read whole) and a result above `max_rows` refused rather than cut silently. Columns
// the source lacks come back null; a column of another type is converted when the conversion
// loses nothing (int <-> long, number -> real, anything -> string), else the scan fails naming it.
// Results are cached per (table, columns, window): several rules over one table fetch it once.
//
// Thread-safe: Scan() may run from several threads (the LogSource must allow it, as all do).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "kql/catalog.h"
#include "schemas/builtin_schemas.h"
#include "sources/log_source.h"

namespace quarry::sources {

// Whether tables show the hidden `_ItemId` (the stable id of a stored row that findings cite).
enum class ItemIds {
  kFromSource,  // the service keeps it (Log Analytics): asked for like any column
  kNull,        // the service has none (ADX): declared, never asked for, always null — so rules
                // that cite rows still run, their findings citing log lines only
  kNone,        // not declared: what the service itself can bind (queries sent to ADX)
};

struct SourceCatalogOptions {
  ItemIds item_ids = ItemIds::kFromSource;
  size_t max_rows = 200'000;   // per scan; a larger result is ResourceExhausted
  std::optional<int64_t> now_ticks;
};

class SourceCatalog : public kql::Catalog {
 public:
  // REQUIRES: `source` and `schemas` outlive the catalog.
  SourceCatalog(LogSource& source, const SchemaRegistry& schemas, SourceCatalogOptions options)
      : source_(source), schemas_(schemas), options_(options) {}

  std::optional<Schema> GetSchema(std::string_view table) const override;
  std::optional<std::string> CanonicalName(std::string_view table) const override;
  std::vector<Field> HiddenColumns(std::string_view table) const override;
  std::vector<std::string> TableNames() const override;
  Result<TablePtr> Scan(const kql::ScanRequest& request, kql::ScanStats* stats) const override;

  // The query a scan sends (exposed for tests and --explain). Errors as Scan.
  Result<std::string> ScanQuery(const kql::ScanRequest& request) const;

 private:
  using CacheKey = std::tuple<std::string, std::vector<std::string>, int64_t, int64_t>;

  LogSource& source_;
  const SchemaRegistry& schemas_;
  SourceCatalogOptions options_;
  mutable std::mutex mutex_;
  mutable std::map<CacheKey, TablePtr> cache_;
};

}  // namespace quarry::sources
