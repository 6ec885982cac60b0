#include "common/csv.h"

namespace quarry {

std::string CsvField(std::string_view value) {
  if (value.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string SpreadsheetCsvField(std::string_view value) {
  if (!value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@')) {
    std::string quoted = "'";  // (built by appending: GCC 12's "'" + string warns -Wrestrict)
    quoted += value;
    return CsvField(quoted);
  }
  return CsvField(value);
}

}  // namespace quarry
