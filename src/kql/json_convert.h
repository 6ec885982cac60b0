// Conversions between dynamic (JSON) elements and typed Values, as mv-expand `to typeof()`,
// bag_unpack, make-series and the `in (subquery)` lists need them. Pure functions; thread-safe.
#pragma once

#include "table/value.h"

namespace quarry::kql {

// The element as a value of `type`; null when it can't be converted.
Value JsonToValue(const Json& j, Type type);

// A value as a JSON element (datetimes and timespans as their canonical text).
Json ValueToJson(const Value& v);

// The narrowest column type holding every element: long, real, bool, string, else dynamic.
Type InferJsonType(const std::vector<const Json*>& elements);

}  // namespace quarry::kql
