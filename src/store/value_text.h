// Converting input text (a CSV field, a JSON string) to the KQL types, and guessing the type of a
// column that no schema declares. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "table/column.h"
#include "table/type.h"

namespace quarry::store {

// "true"/"false" (any case), "1"/"0".
std::optional<bool> ParseBoolText(std::string_view text);
// A decimal integer with optional sign; surrounding blanks allowed.
std::optional<int64_t> ParseLongText(std::string_view text);
// A decimal or exponent number, or NaN / Infinity / -Infinity.
std::optional<double> ParseRealText(std::string_view text);
// 8-4-4-4-12 hex digits, optionally in braces; returns the canonical lowercase form.
std::optional<std::string> ParseGuidText(std::string_view text);
// True when `text` starts like an ISO 8601 date (yyyy-mm-dd) and parses as a datetime.
bool LooksLikeDatetime(std::string_view text);

// The type a column holding `text` most likely has (long, real, bool, datetime, else string);
// nullopt for empty text, which says nothing.
std::optional<Type> InferTextType(std::string_view text);
// The narrowest type holding values of both inferred types: equal types stay, int/long/real
// widen to the wider number, dynamic absorbs anything, other mixes become string.
Type MergeInferredTypes(Type a, Type b);

// Appends `text` converted to the builder's type. Empty text is null (the empty string for a
// string column). Returns false, appending null, when the text is not a value of that type.
bool AppendText(ColumnBuilder& builder, std::string_view text);

}  // namespace quarry::store
