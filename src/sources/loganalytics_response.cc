#include "sources/loganalytics_response.h"

#include <fmt/core.h>

#include "sources/kusto_table.h"

namespace quarry::sources {
namespace {

Result<std::vector<KustoColumn>> ReadColumns(const Json& table, const std::string& where) {
  auto columns = table.find("columns");
  if (columns == table.end() || !columns->is_array()) {
    return InvalidArgument(fmt::format("{} has no 'columns' array", where));
  }
  std::vector<KustoColumn> out;
  for (const auto& column : *columns) {
    if (!column.is_object() || !column.contains("name") || !column["name"].is_string()) {
      return InvalidArgument(fmt::format("{} has a column without a name", where));
    }
    std::string type = column.value("type", "");
    out.push_back({column["name"].get<std::string>(), type});
  }
  return out;
}

}  // namespace

Result<KustoResult> ParseLogAnalyticsResponse(std::string_view body) {
  Json parsed = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return InvalidArgument("the Log Analytics answer is not a JSON object");
  }
  auto tables = parsed.find("tables");
  if (tables == parsed.end() || !tables->is_array() || tables->empty()) {
    return InvalidArgument("the Log Analytics answer has no result tables");
  }
  const Json* primary = &(*tables)[0];
  for (const auto& table : *tables) {
    if (table.is_object() && table.value("name", "") == "PrimaryResult") {
      primary = &table;
      break;
    }
  }
  const std::string name = primary->is_object() ? primary->value("name", "") : "";
  const std::string where = fmt::format("Log Analytics table {}", name.empty() ? "#1" : name);
  if (!primary->is_object()) return InvalidArgument(where + " is not an object");
  QUARRY_ASSIGN_OR_RETURN(std::vector<KustoColumn> columns, ReadColumns(*primary, where));
  auto rows = primary->find("rows");
  if (rows == primary->end()) return InvalidArgument(where + " has no 'rows'");

  KustoResult result;
  QUARRY_ASSIGN_OR_RETURN(result.primary, KustoRowsToTable(columns, *rows, where));
  if (tables->size() > 1) {
    result.warnings.push_back(
        fmt::format("Log Analytics returned {} tables; only {} is shown", tables->size(), where));
  }
  if (auto error = parsed.find("error"); error != parsed.end() && error->is_object()) {
    KustoServiceError described = DescribeOneApiError(*error);
    result.truncated = IsResultLimitMessage(error->dump());
    result.warnings.push_back(
        fmt::format("Log Analytics reported a partial error ({}): {}", described.code,
                    described.message.empty() ? "no details given" : described.message));
  }
  return result;
}

KustoServiceError ParseLogAnalyticsError(std::string_view body) {
  Json parsed = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) return {};
  auto error = parsed.find("error");
  if (error == parsed.end()) return {};
  return DescribeOneApiError(*error);
}

}  // namespace quarry::sources
