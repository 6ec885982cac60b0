// WorkloadFile: the benchmark workload, a text file of named KQL queries.
//
//   == q1 what the query measures
//   DeviceProcessEvents | where ProcessCommandLine contains "-enc" | count
//
// A line starting with "==" opens a query: its first word is the name (used in result file
// names), the rest a description. Following lines up to the next "==" are the KQL text. Lines
// before the first "==" and lines starting with "#" are comments. `{iocs}` in a query is replaced
// by the IOC list (quoted, comma-separated) read from a file of one term per line.
//
// Pure functions over text; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace quarry::bench {

struct WorkloadQuery {
  std::string name;
  std::string description;
  std::string kql;
};

// Parses workload text; `source` names the file in error messages.
Result<std::vector<WorkloadQuery>> ParseWorkload(std::string_view text, std::string_view source);

// Reads one term per line (blank lines and "#" comments skipped) and returns them as a KQL list
// body: "t1", "t2", ... Terms with quotes or backslashes are rejected.
Result<std::string> IocListFromText(std::string_view text, std::string_view source);

// Replaces every "{iocs}" in each query with `iocs`.
void SubstituteIocs(std::vector<WorkloadQuery>& queries, const std::string& iocs);

}  // namespace quarry::bench
