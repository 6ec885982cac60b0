#include "kql/call_args.h"

namespace quarry::kql {

bool MatchCallArgs(const std::vector<ExprPtr>& args, const std::vector<Param>& params,
                   size_t first_param, const std::string& function_name,
                   std::vector<const Expr*>* matched, std::string* error) {
  matched->assign(params.size(), nullptr);
  size_t next = first_param;
  for (const ExprPtr& arg : args) {
    if (!arg) continue;
    if (arg->kind == ExprKind::kNamedArg && !arg->args.empty()) {
      size_t p = first_param;
      while (p < params.size() && params[p].name != arg->name) ++p;
      if (p == params.size()) {
        *error = function_name + "() has no parameter named '" + arg->name + "'";
        return false;
      }
      if ((*matched)[p]) {
        *error = function_name + "() is given '" + arg->name + "' twice";
        return false;
      }
      (*matched)[p] = arg->args[0].get();
      continue;
    }
    // After named arguments a positional one takes the next parameter not yet given
    // (Kusto's assert() example calls checkLength(len=3, input)).
    while (next < params.size() && (*matched)[next]) ++next;
    if (next >= params.size()) {
      *error = function_name + "() takes " + std::to_string(params.size() - first_param) +
               " argument(s), got " + std::to_string(args.size());
      return false;
    }
    (*matched)[next++] = arg.get();
  }
  return true;
}

}  // namespace quarry::kql
