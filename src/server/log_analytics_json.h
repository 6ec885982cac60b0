// The Log Analytics query API's JSON, written by `quarry serve`:
//   {"tables":[{"name":"PrimaryResult","columns":[{"name":..,"type":..}],"rows":[[..],..]}]}
// with values as the service writes them: numbers for int/long/real, true/false for bool,
// ISO 8601 text for datetime ("2024-05-01T10:20:30.1234567Z"), "[-][d.]hh:mm:ss[.fffffff]" for
// timespan, text for guid and decimal, the JSON text of dynamic values, "NaN" / "Infinity" /
// "-Infinity" for non-finite reals, and null for nulls. Errors use the OneAPI shape
//   {"error":{"code":..,"message":..,"correlationId":..,"innererror":{"code":..,"message":..}}}.
// Pure functions; thread-safe.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "table/table.h"

namespace quarry::server {

nlohmann::ordered_json TableToLogAnalyticsJson(const Table& table,
                                               const std::string& name = "PrimaryResult");

nlohmann::ordered_json LogAnalyticsError(const std::string& code, const std::string& message,
                                         const std::string& correlation_id,
                                         const std::string& inner_code = "",
                                         const std::string& inner_message = "");

}  // namespace quarry::server
