// Functions about the caller's identity and the database cursor, with the values a local engine
// has: Quarry runs queries on this machine without an identity provider, so
// current_principal() is "quarry=local", current_principal_details() a bag saying so,
// current_principal_is_member_of(...) false for every group or user, and cursor_current() ""
// (the workspace has no ingestion cursors).
#include "kql/functions/builtin_functions.h"
#include "kql/functions/kernel_util.h"

namespace quarry::kql::fn {
namespace {

constexpr const char* kLocalPrincipal = "quarry=local";

void AddConstant(FunctionRegistry& r, const std::string& name, size_t min, size_t max, Value v) {
  r.AddScalar(name, [=](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, min, max));
    for (size_t k = 0; k < args.size(); ++k) {
      if (!IsStringLike(args[k].type) && args[k].type != Type::kDynamic) {
        return ArgTypeError(name, k, "string or dynamic array", args[k].type);
      }
    }
    return ScalarBinding{v.type(),
                         [v](std::span<const Datum>, const EvalContext&) -> Result<Datum> {
                           return Datum::Scalar(v);
                         }};
  });
}

}  // namespace

void RegisterSessionInfo(FunctionRegistry& r) {
  AddConstant(r, "current_principal", 0, 0, Value::String(kLocalPrincipal));
  Json details = {{"Type", "Local"}, {"FQN", kLocalPrincipal}, {"DisplayName", "Quarry (local)"}};
  AddConstant(r, "current_principal_details", 0, 0, Value::Dynamic(details));
  AddConstant(r, "current_principal_is_member_of", 1, 64, Value::Bool(false));
  AddConstant(r, "cursor_current", 0, 0, Value::String(""));
}

}  // namespace quarry::kql::fn
