// Logical operators and, or, not with Kusto's three-valued logic: false and null = false,
// true or null = true, otherwise a null operand makes the result null; not(null) = null.
#include <fmt/core.h>

#include "kql/functions/builtin_functions.h"
#include "kql/functions/kernel_util.h"
#include "kql/functions/numeric_access.h"

namespace quarry::kql::fn {
namespace {

Status CheckBoolArgs(std::string_view name, std::span<const ArgInfo> args) {
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].type != Type::kBool && args[i].type != Type::kDynamic) {
      return ArgTypeError(name, i, "bool", args[i].type);
    }
  }
  return Status::Ok();
}

Result<Datum> AndOr(bool is_and, std::span<const Datum> in) {
  Datum a = CoerceDatum(in[0], Type::kBool), b = CoerceDatum(in[1], Type::kBool);
  bool all_scalar = a.is_scalar() && b.is_scalar();
  size_t n = a.is_scalar() ? (b.is_scalar() ? 1 : b.column->size()) : a.column->size();
  ColumnBuilder out(Type::kBool);
  out.Reserve(n);
  if (!HasNulls(a) && !HasNulls(b)) {
    std::visit(
        [&](auto x, auto y) {
          if (is_and) {
            for (size_t i = 0; i < n; ++i) out.AppendBool((x(i) & y(i)) != 0);
          } else {
            for (size_t i = 0; i < n; ++i) out.AppendBool((x(i) | y(i)) != 0);
          }
        },
        IntegralAccessOf(a), IntegralAccessOf(b));
    return ResultOf(out.Finish(), all_scalar);
  }
  ArgView x(a), y(b);
  for (size_t i = 0; i < n; ++i) {
    bool xn = x.IsNull(i), yn = y.IsNull(i);
    bool xv = !xn && x.Long(i) != 0, yv = !yn && y.Long(i) != 0;
    if (is_and) {
      if ((!xn && !xv) || (!yn && !yv)) {
        out.AppendBool(false);
      } else if (xn || yn) {
        out.AppendNull();
      } else {
        out.AppendBool(true);
      }
    } else {
      if (xv || yv) {
        out.AppendBool(true);
      } else if (xn || yn) {
        out.AppendNull();
      } else {
        out.AppendBool(false);
      }
    }
  }
  return ResultOf(out.Finish(), all_scalar);
}

ScalarBinder MakeAndOr(std::string name, bool is_and) {
  return [name, is_and](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 2, 2));
    QUARRY_RETURN_IF_ERROR(CheckBoolArgs(name, args));
    return ScalarBinding{Type::kBool,
                         [is_and](std::span<const Datum> in, const EvalContext&) {
                           return AndOr(is_and, in);
                         }};
  };
}

Result<ScalarBinding> BindNot(std::span<const ArgInfo> args) {
  QUARRY_RETURN_IF_ERROR(CheckArgCount("not", args, 1, 1));
  QUARRY_RETURN_IF_ERROR(CheckBoolArgs("not", args));
  return ScalarBinding{
      Type::kBool, [](std::span<const Datum> in, const EvalContext&) -> Result<Datum> {
        Datum a = CoerceDatum(in[0], Type::kBool);
        std::span<const Datum> one(&a, 1);
        return MapRows(one, Type::kBool,
                       [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
                         if (v[0].IsNull(i)) {
                           b.AppendNull();
                         } else {
                           b.AppendBool(v[0].Long(i) == 0);
                         }
                       });
      }};
}

}  // namespace

void RegisterLogical(FunctionRegistry& r) {
  r.AddScalar("and", MakeAndOr("and", true));
  r.AddScalar("or", MakeAndOr("or", false));
  r.AddScalar("not", BindNot);
}

}  // namespace quarry::kql::fn
