// The built-in schemas of the supported log tables (SigninLogs, DeviceProcessEvents, ...),
// loaded from data/schemas/tables.tsv (column names and Kusto types read from Microsoft's public
// documentation; the file names its source per column). Data, not code.
//
// Thread-safe: the registry is loaded once and then read-only.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "table/table.h"

namespace quarry {

struct ColumnDoc {
  std::string description;
  std::string source;
};

class SchemaRegistry {
 public:
  // Parses the TSV text (header: table, column, type, description, source). Errors name the line.
  static Result<SchemaRegistry> Parse(std::string_view tsv);

  // The table's schema, matched case-sensitively first, then case-insensitively; nullopt if unknown.
  std::optional<Schema> Find(std::string_view table) const;
  // The canonical spelling of a table name (case-insensitive lookup), or nullopt.
  std::optional<std::string> CanonicalName(std::string_view table) const;
  std::vector<std::string> TableNames() const;
  const ColumnDoc* Doc(std::string_view table, std::string_view column) const;

  // Name of the table's time column: TimeGenerated when present, else Timestamp, else nullopt.
  std::optional<std::string> TimeColumn(std::string_view table) const;

 private:
  std::map<std::string, Schema, std::less<>> schemas_;
  std::map<std::string, ColumnDoc, std::less<>> docs_;  // "Table.Column"
};

// The registry from data/schemas/tables.tsv (located with FindDataPath), loaded on first use.
// Returns the load error if the file is missing or malformed.
Result<const SchemaRegistry*> BuiltinSchemas();

}  // namespace quarry
