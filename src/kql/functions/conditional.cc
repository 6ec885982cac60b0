// Conditional and null-test functions: iff / iif, case, coalesce, isnull, isnotnull, isempty,
// isnotempty / notempty, and assert (a constant condition checked before the query runs). A null
// condition counts as false. Kusto strings are never null, so
// isnull("") is false and coalesce skips empty strings.
#include <fmt/core.h>

#include "kql/functions/builtin_functions.h"
#include "kql/functions/kernel_util.h"

namespace quarry::kql::fn {
namespace {

bool CondTrue(const ArgView& v, size_t i) { return !v.IsNull(i) && v.Long(i) != 0; }

Result<Type> BranchType(std::string_view name, const std::vector<Type>& types) {
  auto t = CommonType(types);
  if (!t) {
    std::string list;
    for (Type u : types) list += (list.empty() ? "" : ", ") + std::string(TypeName(u));
    return InvalidArgument(fmt::format("{}(): the result values must have one type, got {}", name,
                                       list));
  }
  return *t;
}

std::vector<Datum> CoerceAll(std::span<const Datum> in, Type t, size_t first, size_t step) {
  std::vector<Datum> out(in.begin(), in.end());
  for (size_t k = first; k < out.size(); k += step) out[k] = CoerceDatum(out[k], t);
  return out;
}

Status CheckCondition(std::string_view name, std::span<const ArgInfo> args, size_t k) {
  Type t = args[k].type;
  if (t != Type::kBool && t != Type::kDynamic) return ArgTypeError(name, k, "bool", t);
  return Status::Ok();
}

Result<ScalarBinding> BindIff(std::string_view name, std::span<const ArgInfo> args) {
  QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 3, 3));
  QUARRY_RETURN_IF_ERROR(CheckCondition(name, args, 0));
  QUARRY_ASSIGN_OR_RETURN(Type t, BranchType(name, {args[1].type, args[2].type}));
  return ScalarBinding{t, [t](std::span<const Datum> in, const EvalContext&) -> Result<Datum> {
                         std::vector<Datum> c = CoerceAll(in, t, 1, 1);
                         c[0] = CoerceDatum(c[0], Type::kBool);
                         return MapRows(c, t, [](const std::vector<ArgView>& v, size_t i,
                                                 ColumnBuilder& b) {
                           AppendArg(CondTrue(v[0], i) ? v[1] : v[2], i, b);
                         });
                       }};
}

Result<ScalarBinding> BindCase(std::span<const ArgInfo> args) {
  if (args.size() < 3 || args.size() % 2 == 0) {
    return InvalidArgument(fmt::format(
        "case(): expects predicate, value pairs followed by an else value (an odd number of at "
        "least 3 arguments), got {}",
        args.size()));
  }
  std::vector<Type> types;
  for (size_t k = 0; k + 1 < args.size(); k += 2) {
    QUARRY_RETURN_IF_ERROR(CheckCondition("case", args, k));
    types.push_back(args[k + 1].type);
  }
  types.push_back(args.back().type);
  QUARRY_ASSIGN_OR_RETURN(Type t, BranchType("case", types));
  return ScalarBinding{t, [t](std::span<const Datum> in, const EvalContext&) -> Result<Datum> {
                         std::vector<Datum> c = CoerceAll(in, t, 1, 2);
                         c.back() = CoerceDatum(c.back(), t);
                         for (size_t k = 0; k + 1 < c.size(); k += 2) {
                           c[k] = CoerceDatum(c[k], Type::kBool);
                         }
                         return MapRows(c, t, [](const std::vector<ArgView>& v, size_t i,
                                                 ColumnBuilder& b) {
                           for (size_t k = 0; k + 1 < v.size(); k += 2) {
                             if (CondTrue(v[k], i)) {
                               AppendArg(v[k + 1], i, b);
                               return;
                             }
                           }
                           AppendArg(v.back(), i, b);
                         });
                       }};
}

bool IsEmptyAt(const ArgView& v, size_t i) {
  if (IsStringLike(v.type())) return v.Str(i).empty();
  if (v.IsNull(i)) return true;
  if (v.type() == Type::kDynamic) {
    const Json* j = v.Dyn(i);
    return j == nullptr || j->is_null() || (j->is_string() && j->get_ref<const std::string&>().empty());
  }
  return false;
}

Result<ScalarBinding> BindCoalesce(std::span<const ArgInfo> args) {
  QUARRY_RETURN_IF_ERROR(CheckArgCount("coalesce", args, 1, SIZE_MAX));
  std::vector<Type> types;
  for (const auto& a : args) types.push_back(a.type);
  QUARRY_ASSIGN_OR_RETURN(Type t, BranchType("coalesce", types));
  return ScalarBinding{t, [t](std::span<const Datum> in, const EvalContext&) -> Result<Datum> {
                         std::vector<Datum> c = CoerceAll(in, t, 0, 1);
                         return MapRows(c, t, [](const std::vector<ArgView>& v, size_t i,
                                                 ColumnBuilder& b) {
                           for (const auto& a : v) {
                             if (!IsEmptyAt(a, i)) {
                               AppendArg(a, i, b);
                               return;
                             }
                           }
                           AppendArg(v.back(), i, b);
                         });
                       }};
}

// isnull / isnotnull / isempty / isnotempty.
ScalarBinder MakeNullTest(std::string name, bool empty_test, bool negate) {
  return [name, empty_test, negate](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 1, 1));
    return ScalarBinding{
        Type::kBool, [empty_test, negate](std::span<const Datum> in, const EvalContext&) {
          return MapRows(in, Type::kBool,
                         [empty_test, negate](const std::vector<ArgView>& v, size_t i,
                                              ColumnBuilder& b) {
                           bool r;
                           if (empty_test) {
                             r = IsEmptyAt(v[0], i);
                           } else if (IsStringLike(v[0].type())) {
                             r = false;
                           } else {
                             r = v[0].IsNull(i);
                           }
                           b.AppendBool(r != negate);
                         });
        }};
  };
}

// assert(condition, message): true, or the query fails with the message. As in Kusto the
// condition must be known before the query runs (a constant, or built from let values and
// function arguments).
Result<ScalarBinding> BindAssert(std::span<const ArgInfo> args) {
  QUARRY_RETURN_IF_ERROR(CheckArgCount("assert", args, 2, 2));
  if (args[0].type != Type::kBool) return ArgTypeError("assert", 0, "a bool", args[0].type);
  if (!IsStringLike(args[1].type) || !args[1].constant) {
    return InvalidArgument("assert(): the message must be a constant string");
  }
  if (!args[0].constant) {
    return InvalidArgument("assert(): the condition must be a constant, known before the query "
                           "runs");
  }
  if (args[0].constant->is_null() || !args[0].constant->bool_value()) {
    return InvalidArgument("assert() failed: " + args[1].constant->ToString());
  }
  return ScalarBinding{Type::kBool, [](std::span<const Datum>, const EvalContext&) -> Result<Datum> {
                         return Datum::Scalar(Value::Bool(true));
                       }};
}

}  // namespace

void RegisterConditional(FunctionRegistry& r) {
  r.AddScalar("iff", [](std::span<const ArgInfo> a) { return BindIff("iff", a); });
  r.AddScalar("iif", [](std::span<const ArgInfo> a) { return BindIff("iif", a); });
  r.AddScalar("case", BindCase);
  r.AddScalar("coalesce", BindCoalesce);
  r.AddScalar("isnull", MakeNullTest("isnull", false, false));
  r.AddScalar("isnotnull", MakeNullTest("isnotnull", false, true));
  r.AddScalar("notnull", MakeNullTest("notnull", false, true));
  r.AddScalar("isempty", MakeNullTest("isempty", true, false));
  r.AddScalar("isnotempty", MakeNullTest("isnotempty", true, true));
  r.AddScalar("notempty", MakeNullTest("notempty", true, true));
  r.AddScalar("assert", BindAssert);
}

}  // namespace quarry::kql::fn
