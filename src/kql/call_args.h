// Matching the arguments of a call to a user-defined function (`let f = (a:long, b:string =
// "x") {...}`) with its parameters. Kusto's rule: positional arguments in order, `name = value`
// arguments in any order, each naming a parameter once; a positional argument after named ones
// takes the next parameter not yet given; a parameter given no argument takes its default. Pure: used by the binder (scalar calls) and the executor
// (tabular calls).
#pragma once

#include <string>
#include <vector>

#include "kql/ast.h"

namespace quarry::kql {

// For each parameter from `first_param` on, the argument given for it or nullptr (the
// `name = ` wrapper removed). On a bad call returns false with `error` saying what is wrong
// (too many arguments, an unknown or repeated name).
bool MatchCallArgs(const std::vector<ExprPtr>& args, const std::vector<Param>& params,
                   size_t first_param, const std::string& function_name,
                   std::vector<const Expr*>* matched, std::string* error);

}  // namespace quarry::kql
