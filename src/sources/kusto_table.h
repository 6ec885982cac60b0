// Converting the tables that Kusto services send as JSON (Log Analytics query API and Azure Data
// Explorer REST v2) into Quarry's typed Table, exactly: every Kusto type, nulls, dynamic values.
//
// Cells arrive as JSON: numbers for int/long/real, true/false for bool, strings for datetime
// (ISO 8601), timespan ("[-][d.]hh:mm:ss[.fffffff]"), guid and decimal, "NaN" / "Infinity" /
// "-Infinity" for those reals, and for dynamic either the JSON value itself (Azure Data Explorer)
// or its JSON text in a string (Log Analytics). JSON null is null in every type. A cell that is
// not a value of its column's type is an error naming the row and column — the service broke its
// contract and nothing is dropped silently. Pure functions; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "table/table.h"
#include "table/value.h"

namespace quarry::sources {

struct KustoColumn {
  std::string name;
  std::string type;  // Kusto's name ("long", "datetime", ...; aliases and any case accepted)
};

// The table with `columns`, from `rows` (a JSON array of JSON arrays, one cell per column).
// `where` names the source in error messages ("Log Analytics table PrimaryResult").
Result<TablePtr> KustoRowsToTable(const std::vector<KustoColumn>& columns, const Json& rows,
                                  const std::string& where);

}  // namespace quarry::sources
