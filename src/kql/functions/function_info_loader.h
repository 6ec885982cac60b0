// Reads the function catalogue data/kql/functions.tsv: one function per line, tab-separated
// name, kind (scalar | aggregate | operator), signature, description, example; '#' lines are
// comments. Pure parsing plus one file read; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "kql/function_registry.h"

namespace quarry::kql::fn {

// Parses the text of functions.tsv; InvalidArgument naming the line when a row is malformed.
Result<std::vector<FunctionInfo>> ParseFunctionInfos(std::string_view text);
Result<std::vector<FunctionInfo>> LoadFunctionInfos(const std::string& path);

}  // namespace quarry::kql::fn
