// Locating Quarry's data files (schemas, ATT&CK catalog, tokenizer ranks, model catalog, rules).
//
// Search order: $QUARRY_HOME/<relative>, then <dir of the running executable>/../share/quarry/,
// then the source tree the binary was built from (QUARRY_SOURCE_ROOT). Thread-safe.
#pragma once

#include <string>

#include "common/status.h"

namespace quarry {

// Returns the absolute path of `relative` (e.g. "data/schemas/tables.tsv", "rules"), or NotFound
// naming every place that was searched.
Result<std::string> FindDataPath(const std::string& relative);

// Reads a whole file into a string; NotFound / Unavailable with the path in the message.
Result<std::string> ReadFileToString(const std::string& path);

}  // namespace quarry
