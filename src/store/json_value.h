// Converting simdjson DOM values to KQL column values (internal to the store's readers).
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>

#include <simdjson.h>

#include "table/column.h"
#include "table/type.h"
#include "table/value.h"

namespace quarry::store {

// The type a column holding `e` most likely has; nullopt for JSON null.
std::optional<Type> InferJsonType(simdjson::dom::element e);
// The value as an (insertion-ordered) JSON value.
Json ToJson(simdjson::dom::element e);
// The value's JSON text, minified; for a string, its unquoted content.
std::string JsonValueText(simdjson::dom::element e);
// Appends `e` converted to the builder's type (JSON null is null; an object or array in a string
// column is kept as its JSON text; a string holding JSON in a dynamic column is parsed). Returns
// false, appending null, when `e` is not a value of that type.
bool AppendJson(ColumnBuilder& builder, simdjson::dom::element e);

}  // namespace quarry::store
