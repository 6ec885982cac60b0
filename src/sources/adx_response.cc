#include "sources/adx_response.h"

#include <fmt/core.h>

#include "sources/kusto_table.h"
#include "common/json_text.h"

namespace quarry::sources {
namespace {

void AddOneApiErrors(const Json& errors, KustoResult& result) {
  if (!errors.is_array()) return;
  for (const auto& entry : errors) {
    const Json& error = entry.is_object() && entry.contains("error") ? entry["error"] : entry;
    KustoServiceError described = DescribeOneApiError(error);
    if (IsResultLimitMessage(JsonText(error)) || described.code == "LimitsExceeded") {
      result.truncated = true;
    }
    result.warnings.push_back(fmt::format(
        "Azure Data Explorer reported an error while answering ({}): {}", described.code,
        described.message.empty() ? "no details given" : described.message));
  }
}

}  // namespace

Result<KustoResult> ParseAdxV2Response(std::string_view body) {
  Json frames = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (frames.is_discarded() || !frames.is_array()) {
    return InvalidArgument("the Azure Data Explorer answer is not a JSON array of frames");
  }
  KustoResult result;
  bool completed = false;
  for (const auto& frame : frames) {
    if (!frame.is_object()) return InvalidArgument("an Azure Data Explorer frame is not an object");
    const std::string type = frame.value("FrameType", "");
    if (type == "DataSetHeader" && frame.value("IsProgressive", false)) {
      return Unimplemented(
          "Azure Data Explorer sent a progressive answer, which Quarry does not read");
    }
    if (type == "TableHeader" || type == "TableFragment") {
      return Unimplemented(
          "Azure Data Explorer sent a fragmented table, which Quarry does not read");
    }
    if (type == "DataSetCompletion") {
      completed = true;
      if (frame.value("Cancelled", false)) {
        result.warnings.push_back("Azure Data Explorer says the query was cancelled");
      }
      if (frame.value("HasErrors", false)) {
        if (auto errors = frame.find("OneApiErrors"); errors != frame.end()) {
          AddOneApiErrors(*errors, result);
        } else {
          result.warnings.push_back("Azure Data Explorer says the query had errors");
        }
      }
      continue;
    }
    if (type != "DataTable" || frame.value("TableKind", "") != "PrimaryResult" || result.primary) {
      continue;
    }
    const std::string where =
        fmt::format("Azure Data Explorer table {}", frame.value("TableName", "PrimaryResult"));
    auto columns_json = frame.find("Columns");
    auto rows_json = frame.find("Rows");
    if (columns_json == frame.end() || !columns_json->is_array() || rows_json == frame.end() ||
        !rows_json->is_array()) {
      return InvalidArgument(where + " lacks Columns or Rows");
    }
    std::vector<KustoColumn> columns;
    for (const auto& column : *columns_json) {
      if (!column.is_object() || !column.contains("ColumnName")) {
        return InvalidArgument(where + " has a column without a ColumnName");
      }
      columns.push_back({column.value("ColumnName", ""), column.value("ColumnType", "")});
    }
    Json rows = Json::array();
    for (const auto& row : *rows_json) {
      if (row.is_object()) {  // an error reported in place of a row
        AddOneApiErrors(row.value("OneApiErrors", Json::array()), result);
        continue;
      }
      rows.push_back(row);
    }
    QUARRY_ASSIGN_OR_RETURN(result.primary, KustoRowsToTable(columns, rows, where));
  }
  if (!result.primary) {
    return InvalidArgument("the Azure Data Explorer answer has no PrimaryResult table");
  }
  if (!completed) {
    result.warnings.push_back(
        "the Azure Data Explorer answer ended without a DataSetCompletion frame; it may be "
        "incomplete");
  }
  return result;
}

KustoServiceError ParseAdxError(std::string_view body) {
  Json parsed = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) return {};
  auto error = parsed.find("error");
  if (error == parsed.end()) return {};
  return DescribeOneApiError(*error);
}

}  // namespace quarry::sources
