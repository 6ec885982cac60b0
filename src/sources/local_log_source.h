// LocalLogSource: runs KQL with the embedded engine over a local workspace. Before each query it
// picks up commits made since the last one (e.g. an ingest in another process).
//
// Thread-safe: queries may run concurrently; each reads one committed snapshot per table scan.
#pragma once

#include <memory>
#include <string>

#include "schemas/builtin_schemas.h"
#include "sources/log_source.h"
#include "sources/workspace_catalog.h"
#include "store/workspace.h"

namespace quarry::sources {

class LocalLogSource : public LogSource {
 public:
  // `builtins` may be null; it must outlive this object.
  LocalLogSource(std::unique_ptr<store::Workspace> workspace, const SchemaRegistry* builtins);

  // Opens the workspace at `dir` (NotFound when missing) with the built-in schemas.
  static Result<std::unique_ptr<LocalLogSource>> Open(const std::string& dir);

  std::string Describe() const override;
  Result<TablePtr> Query(std::string_view kql, const QueryOptions& options,
                         QueryStats* stats = nullptr) override;

  const store::Workspace& workspace() const { return *workspace_; }
  const kql::Catalog& catalog() const { return catalog_; }

 private:
  std::unique_ptr<store::Workspace> workspace_;
  WorkspaceCatalog catalog_;
};

}  // namespace quarry::sources
