#include "sources/local_log_source.h"

#include "kql/engine.h"

namespace quarry::sources {

LocalLogSource::LocalLogSource(std::unique_ptr<store::Workspace> workspace,
                               const SchemaRegistry* builtins)
    : workspace_(std::move(workspace)), catalog_(*workspace_, builtins) {}

Result<std::unique_ptr<LocalLogSource>> LocalLogSource::Open(const std::string& dir) {
  QUARRY_ASSIGN_OR_RETURN(const SchemaRegistry* builtins, BuiltinSchemas());
  QUARRY_ASSIGN_OR_RETURN(auto ws, store::Workspace::Open(dir, /*create=*/false));
  return std::make_unique<LocalLogSource>(std::move(ws), builtins);
}

std::string LocalLogSource::Describe() const { return "local workspace " + workspace_->dir(); }

Result<TablePtr> LocalLogSource::Query(std::string_view kql, const QueryOptions& options,
                                       QueryStats* stats) {
  QUARRY_RETURN_IF_ERROR(workspace_->Refresh());
  kql::Engine engine(catalog_);
  kql::QueryOptions run;
  run.now_ticks = options.now_ticks;
  run.max_result_rows = options.max_rows;
  QUARRY_ASSIGN_OR_RETURN(kql::QueryResult result, engine.Run(kql, run));
  if (stats) {
    stats->partitions_total += result.stats.partitions_total;
    stats->partitions_read += result.stats.partitions_read;
    stats->rows_read += result.stats.rows_read;
    for (auto& n : result.notes) stats->notes.push_back(std::move(n));
  }
  return result.table;
}

}  // namespace quarry::sources
