// WorkspaceCatalog: the KQL engine's view of a local workspace (store::Workspace).
//
// Tables are the workspace's plus every built-in table (a built-in table with no data is empty,
// so hunts can name it). A stored built-in table's schema is the built-in one with the
// workspace's extra (custom) columns after it; columns without stored data read as null. Every
// table has the hidden column `_ItemId` (string), the stable id of a stored row. Scans honour the
// request's columns and its time bounds on the table's time column (segments outside are
// skipped and counted in ScanStats). Names are matched exactly, then case-insensitively.
//
// Thread-safe: reads go through the workspace's committed snapshot.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kql/catalog.h"
#include "schemas/builtin_schemas.h"
#include "store/workspace.h"

namespace quarry::sources {

class WorkspaceCatalog : public kql::Catalog {
 public:
  // `builtins` may be null (then only the workspace's tables exist). Both must outlive this.
  WorkspaceCatalog(const store::Workspace& workspace, const SchemaRegistry* builtins)
      : workspace_(workspace), builtins_(builtins) {}

  std::optional<Schema> GetSchema(std::string_view table) const override;
  std::optional<std::string> CanonicalName(std::string_view table) const override;
  std::vector<Field> HiddenColumns(std::string_view table) const override;
  std::vector<std::string> TableNames() const override;
  Result<TablePtr> Scan(const kql::ScanRequest& request, kql::ScanStats* stats) const override;

 private:
  const store::Workspace& workspace_;
  const SchemaRegistry* builtins_;
};

}  // namespace quarry::sources
