#include "server/log_analytics_json.h"

#include <cmath>

#include "common/time.h"

namespace quarry::server {
namespace {

using nlohmann::ordered_json;

ordered_json CellJson(const Column& column, size_t row) {
  if (column.IsNull(row)) return nullptr;
  switch (column.type()) {
    case Type::kBool:
      return column.bools()[row] != 0;
    case Type::kInt:
      return column.ints()[row];
    case Type::kLong:
      return column.longs()[row];
    case Type::kReal: {
      double d = column.reals()[row];
      if (std::isfinite(d)) return d;
      return std::isnan(d) ? "NaN" : (d > 0 ? "Infinity" : "-Infinity");
    }
    case Type::kDecimal:
      return FormatReal(column.reals()[row]);
    case Type::kDatetime:
      return FormatDatetime(column.longs()[row]);
    case Type::kTimespan:
      return FormatTimespan(column.longs()[row]);
    case Type::kString:
    case Type::kGuid:
      return std::string(column.str(row));
    case Type::kDynamic: {
      const DynamicPtr& value = column.dynamic(row);
      if (!value || value->is_null()) return nullptr;
      return value->dump(-1, ' ', false, ordered_json::error_handler_t::replace);
    }
  }
  return nullptr;
}

}  // namespace

ordered_json TableToLogAnalyticsJson(const Table& table, const std::string& name) {
  ordered_json columns = ordered_json::array();
  for (const auto& field : table.schema().fields()) {
    columns.push_back({{"name", field.name}, {"type", std::string(TypeName(field.type))}});
  }
  ordered_json rows = ordered_json::array();
  for (size_t r = 0; r < table.num_rows(); ++r) {
    ordered_json row = ordered_json::array();
    for (size_t c = 0; c < table.num_columns(); ++c) row.push_back(CellJson(*table.column(c), r));
    rows.push_back(std::move(row));
  }
  return {{"tables",
           ordered_json::array(
               {{{"name", name}, {"columns", std::move(columns)}, {"rows", std::move(rows)}}})}};
}

ordered_json LogAnalyticsError(const std::string& code, const std::string& message,
                               const std::string& correlation_id, const std::string& inner_code,
                               const std::string& inner_message) {
  ordered_json error = {{"code", code}, {"message", message}, {"correlationId", correlation_id}};
  if (!inner_code.empty() || !inner_message.empty()) {
    error["innererror"] = {{"code", inner_code}, {"message", inner_message}};
  }
  return {{"error", std::move(error)}};
}

}  // namespace quarry::server
