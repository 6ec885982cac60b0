// CSV fields as RFC 4180 writes them: a value holding a comma, a double quote, CR or LF is
// enclosed in double quotes with its quotes doubled; any other value is written as it is. Every
// CSV Quarry writes (query output, the condenser's CSV baseline, findings exports) goes through
// here.
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace quarry {

// `value` as one CSV field, exactly (it reads back as the same text).
std::string CsvField(std::string_view value);

// `value` as one CSV field of a file meant for a spreadsheet: a value starting with '=', '+', '-'
// or '@' is prefixed with a single quote first, so log text in a finding cannot become a
// formula when the file is opened (CSV injection). Not exact by design: use CsvField for data.
std::string SpreadsheetCsvField(std::string_view value);

}  // namespace quarry
