// Parsers for the Azure Data Explorer REST API v2 query endpoint (POST {cluster}/v2/rest/query).
//
// Success (HTTP 200) is a JSON array of frames, as documented in "Query V2 HTTP response":
//   [{"FrameType":"DataSetHeader","IsProgressive":false,"Version":"v2.0",...},
//    {"FrameType":"DataTable","TableId":0,"TableKind":"QueryProperties",...},
//    {"FrameType":"DataTable","TableId":1,"TableKind":"PrimaryResult","TableName":"PrimaryResult",
//     "Columns":[{"ColumnName":"Timestamp","ColumnType":"datetime"},...],"Rows":[[...],...]},
//    {"FrameType":"DataTable","TableKind":"QueryCompletionInformation",...},
//    {"FrameType":"DataSetCompletion","HasErrors":false,"Cancelled":false}]
// Errors met while streaming appear as an object {"OneApiErrors":[{"error":{...}}]} in place of
// a row, and in DataSetCompletion's "OneApiErrors" when HasErrors is true; they become warnings
// (a result-size limit sets `truncated`). A failed request answers 4xx/5xx with
// {"error":{"code","message","@type","@message",...}}.
//
// Pure functions; thread-safe.
#pragma once

#include <string_view>

#include "common/status.h"
#include "sources/kusto_response.h"

namespace quarry::sources {

// The first PrimaryResult table, typed. InvalidArgument for a body that is not a v2 answer;
// Unimplemented for progressive (fragmented) answers, which Quarry never asks for.
Result<KustoResult> ParseAdxV2Response(std::string_view body);

// The error object of a failed request's body.
KustoServiceError ParseAdxError(std::string_view body);

}  // namespace quarry::sources
