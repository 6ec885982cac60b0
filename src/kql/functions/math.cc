// Math functions: round, abs, sign, ceiling, sqrt, exp, exp2, exp10, log, log2, log10, pow,
// isnan, isinf, isfinite, max_of, min_of, pi. Results are real unless the function keeps its
// argument's type (abs, round of a long with no digits, max_of / min_of).
#include <fmt/core.h>

#include <cmath>
#include <numbers>

#include "kql/functions/builtin_functions.h"
#include "kql/functions/kernel_util.h"

namespace quarry::kql::fn {
namespace {

Status CheckNumeric(std::string_view fn, std::span<const ArgInfo> args) {
  for (size_t k = 0; k < args.size(); ++k) {
    Type t = args[k].type;
    if (!IsNumeric(t) && t != Type::kDynamic && t != Type::kBool) {
      return ArgTypeError(fn, k, "a number", t);
    }
  }
  return Status::Ok();
}

// A function of one or two reals returning real (null in, null out).
void AddReal(FunctionRegistry& r, const std::string& name, size_t min, size_t max,
             std::function<double(double, double)> f) {
  r.AddScalar(name, [=](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, min, max));
    QUARRY_RETURN_IF_ERROR(CheckNumeric(name, args));
    return ScalarBinding{Type::kReal, [f](std::span<const Datum> in, const EvalContext&) {
                           std::vector<Datum> c;
                           for (const auto& d : in) c.push_back(CoerceDatum(d, Type::kReal));
                           return MapRows(c, Type::kReal, [&f](const std::vector<ArgView>& v,
                                                               size_t i, ColumnBuilder& b) {
                             for (const auto& a : v) {
                               if (a.IsNull(i)) {
                                 b.AppendNull();
                                 return;
                               }
                             }
                             b.AppendReal(f(v[0].Real(i), v.size() > 1 ? v[1].Real(i) : 0));
                           });
                         }};
  });
}

void AddPredicate(FunctionRegistry& r, const std::string& name, bool (*f)(double)) {
  r.AddScalar(name, [=](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 1, 1));
    QUARRY_RETURN_IF_ERROR(CheckNumeric(name, args));
    return ScalarBinding{Type::kBool, [f](std::span<const Datum> in, const EvalContext&) {
                           std::vector<Datum> c{CoerceDatum(in[0], Type::kReal)};
                           return MapRows(c, Type::kBool, [f](const std::vector<ArgView>& v,
                                                              size_t i, ColumnBuilder& b) {
                             if (v[0].IsNull(i)) {
                               b.AppendNull();
                             } else {
                               b.AppendBool(f(v[0].Real(i)));
                             }
                           });
                         }};
  });
}

// round(x [, digits]): half away from zero, as .NET's MidpointRounding.AwayFromZero.
double RoundTo(double x, double digits) {
  double scale = std::pow(10.0, digits);
  return std::round(x * scale) / scale;
}

Result<ScalarBinding> BindKeepType(std::string_view name, std::span<const ArgInfo> args,
                                   bool is_abs) {
  QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 1, is_abs ? 1 : 2));
  Type t = args[0].type;
  if (!IsNumeric(t) && !(is_abs && t == Type::kTimespan)) return ArgTypeError(name, 0, "a number", t);
  if (!is_abs && (args.size() > 1 || !IsIntegral(t))) {
    return ScalarBinding{t == Type::kDecimal ? t : Type::kReal,
                         [t](std::span<const Datum> in, const EvalContext&) {
                           Type out = t == Type::kDecimal ? t : Type::kReal;
                           std::vector<Datum> c{CoerceDatum(in[0], out)};
                           if (in.size() > 1) c.push_back(CoerceDatum(in[1], Type::kLong));
                           return MapRows(c, out, [](const std::vector<ArgView>& v, size_t i,
                                                     ColumnBuilder& b) {
                             if (v[0].IsNull(i) || (v.size() > 1 && v[1].IsNull(i))) {
                               b.AppendNull();
                             } else {
                               double digits = v.size() > 1 ? static_cast<double>(v[1].Long(i)) : 0;
                               b.AppendReal(RoundTo(v[0].Real(i), digits));
                             }
                           });
                         }};
  }
  return ScalarBinding{t, [t, is_abs](std::span<const Datum> in, const EvalContext&) {
                         return MapRows(in, t, [t, is_abs](const std::vector<ArgView>& v, size_t i,
                                                           ColumnBuilder& b) {
                           if (v[0].IsNull(i)) {
                             b.AppendNull();
                           } else if (t == Type::kReal || t == Type::kDecimal) {
                             b.AppendReal(std::fabs(v[0].Real(i)));
                           } else if (t == Type::kInt) {
                             b.AppendInt(static_cast<int32_t>(std::llabs(v[0].Long(i))));
                           } else {
                             int64_t x = v[0].Long(i);
                             b.AppendLong(is_abs && x < 0 ? -x : x);
                           }
                         });
                       }};
}

// max_of / min_of: the extreme non-null argument, in the arguments' common type.
Result<ScalarBinding> BindExtremeOf(std::string name, bool is_max, std::span<const ArgInfo> args) {
  QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 2, 64));
  std::vector<Type> types;
  for (const auto& a : args) types.push_back(a.type);
  auto t = CommonType(types);
  if (!t || *t == Type::kDynamic || *t == Type::kBool) {
    return InvalidArgument(fmt::format("{}(): the arguments must share one orderable type", name));
  }
  Type out = *t;
  return ScalarBinding{out, [out, is_max](std::span<const Datum> in, const EvalContext&) {
                         std::vector<Datum> c;
                         for (const auto& d : in) c.push_back(CoerceDatum(d, out));
                         return MapRows(c, out, [out, is_max](const std::vector<ArgView>& v,
                                                              size_t i, ColumnBuilder& b) {
                           const ArgView* best = nullptr;
                           for (const auto& a : v) {
                             if (a.IsNull(i) && !IsStringLike(out)) continue;
                             if (!best) {
                               best = &a;
                               continue;
                             }
                             bool better;
                             if (IsStringLike(out)) {
                               better = is_max ? a.Str(i) > best->Str(i) : a.Str(i) < best->Str(i);
                             } else if (out == Type::kReal || out == Type::kDecimal) {
                               better = is_max ? a.Real(i) > best->Real(i) : a.Real(i) < best->Real(i);
                             } else {
                               better = is_max ? a.Long(i) > best->Long(i) : a.Long(i) < best->Long(i);
                             }
                             if (better) best = &a;
                           }
                           if (!best) {
                             b.AppendNull();
                           } else {
                             AppendArg(*best, i, b);
                           }
                         });
                       }};
}

}  // namespace

void RegisterMath(FunctionRegistry& r) {
  r.AddScalar("abs", [](std::span<const ArgInfo> a) { return BindKeepType("abs", a, true); });
  r.AddScalar("round", [](std::span<const ArgInfo> a) { return BindKeepType("round", a, false); });
  r.AddScalar("max_of", [](std::span<const ArgInfo> a) { return BindExtremeOf("max_of", true, a); });
  r.AddScalar("min_of", [](std::span<const ArgInfo> a) { return BindExtremeOf("min_of", false, a); });
  AddReal(r, "sqrt", 1, 1, [](double x, double) { return x < 0 ? std::nan("") : std::sqrt(x); });
  AddReal(r, "exp", 1, 1, [](double x, double) { return std::exp(x); });
  AddReal(r, "exp2", 1, 1, [](double x, double) { return std::exp2(x); });
  AddReal(r, "exp10", 1, 1, [](double x, double) { return std::pow(10.0, x); });
  AddReal(r, "log", 1, 1, [](double x, double) { return x < 0 ? std::nan("") : std::log(x); });
  AddReal(r, "log2", 1, 1, [](double x, double) { return x < 0 ? std::nan("") : std::log2(x); });
  AddReal(r, "log10", 1, 1, [](double x, double) { return x < 0 ? std::nan("") : std::log10(x); });
  AddReal(r, "pow", 2, 2, [](double x, double y) { return std::pow(x, y); });
  AddReal(r, "ceiling", 1, 1, [](double x, double) { return std::ceil(x); });
  AddReal(r, "sign", 1, 1, [](double x, double) { return x > 0 ? 1.0 : (x < 0 ? -1.0 : 0.0); });
  AddReal(r, "degrees", 1, 1, [](double x, double) { return x * 180.0 / std::numbers::pi; });
  AddReal(r, "radians", 1, 1, [](double x, double) { return x * std::numbers::pi / 180.0; });
  AddPredicate(r, "isnan", [](double x) { return std::isnan(x); });
  AddPredicate(r, "isinf", [](double x) { return std::isinf(x); });
  AddPredicate(r, "isfinite", [](double x) { return std::isfinite(x); });
  r.AddScalar("pi", [](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount("pi", args, 0, 0));
    return ScalarBinding{Type::kReal, [](std::span<const Datum>, const EvalContext&) -> Result<Datum> {
                           return Datum::Scalar(Value::Real(std::numbers::pi));
                         }};
  });
}

}  // namespace quarry::kql::fn
