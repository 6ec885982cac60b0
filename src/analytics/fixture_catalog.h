// FixtureCatalog: a rule's test fixture as a kql::Catalog. Every built-in table is present
// (empty unless the fixture gives rows), with its built-in schema; fixture rows name only the
// columns they need, the rest are null. Each row gets a hidden `_ItemId` ("<fixture>-<Table>-<n>",
// or the row's own `_ItemId` value), as the workspace gives stored rows.
//
// Thread-safety: immutable after Build(); safe to read from many threads.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "analytics/rule.h"
#include "common/status.h"
#include "kql/catalog.h"
#include "schemas/builtin_schemas.h"

namespace quarry::analytics {


class FixtureCatalog : public kql::Catalog {
 public:
  // Errors name the table, the row (1-based) and the column: an unknown table or column, or a
  // value that does not convert to the column's type.
  static Result<std::unique_ptr<FixtureCatalog>> Build(const Fixture& fixture,
                                                       const SchemaRegistry& schemas,
                                                       const std::string& id_prefix);

  std::optional<Schema> GetSchema(std::string_view table) const override;
  std::vector<Field> HiddenColumns(std::string_view table) const override;
  std::vector<std::string> TableNames() const override;
  Result<TablePtr> Scan(const kql::ScanRequest& request, kql::ScanStats* stats) const override;

 private:
  struct Entry {
    Schema schema;  // visible columns
    TablePtr data;  // visible columns followed by _ItemId
  };
  std::map<std::string, Entry, std::less<>> tables_;
};

// Converts a fixture value (as written in YAML) to a KQL value of `type`; nullopt when it can't.
std::optional<Value> FixtureValue(const Json& v, Type type);

}  // namespace quarry::analytics
