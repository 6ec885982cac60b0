// Trigonometric, special and interval functions: sin, cos, tan, cot, asin, acos, atan, atan2(y, x),
// gamma, loggamma (log of |gamma|), erf, erfc, and the beta distribution: beta_pdf(x, a, b),
// beta_cdf(x, a, b) (the regularized incomplete beta function) and beta_inv(p, a, b) (its
// inverse in x); and around(value, center, delta), true when value lies within delta of center
// (numbers, or datetimes / timespans with a timespan delta; ends included).
//
// Null in, null out. Outside their domain the beta functions give NaN (x outside [0, 1], a
// shape parameter <= 0), except beta_inv with p outside [0, 1], which gives null, as Kusto's
// documentation shows.
#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <string>

#include "kql/functions/builtin_functions.h"
#include "kql/functions/kernel_util.h"

namespace quarry::kql::fn {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A function of reals returning a real, or nullopt for null.
using RealFn = std::function<std::optional<double>(const double* args)>;

void AddRealFn(FunctionRegistry& r, const std::string& name, size_t arity, RealFn f) {
  r.AddScalar(name, [=](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, arity, arity));
    for (size_t k = 0; k < args.size(); ++k) {
      Type t = args[k].type;
      if (!IsNumeric(t) && t != Type::kBool && t != Type::kDynamic) {
        return ArgTypeError(name, k, "a number", t);
      }
    }
    return ScalarBinding{Type::kReal, [f](std::span<const Datum> in, const EvalContext&) {
                           std::vector<Datum> c;
                           for (const auto& d : in) c.push_back(CoerceDatum(d, Type::kReal));
                           return MapRows(
                               c, Type::kReal,
                               [&f](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
                                 double x[3] = {0, 0, 0};
                                 for (size_t k = 0; k < v.size(); ++k) {
                                   if (v[k].IsNull(i)) return b.AppendNull();
                                   x[k] = v[k].Real(i);
                                 }
                                 auto y = f(x);
                                 if (y) {
                                   b.AppendReal(*y);
                                 } else {
                                   b.AppendNull();
                                 }
                               });
                         }};
  });
}

void AddUnary(FunctionRegistry& r, const std::string& name, double (*f)(double)) {
  AddRealFn(r, name, 1, [f](const double* x) -> std::optional<double> { return f(x[0]); });
}

double LogBeta(double a, double b) {
  return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b);
}

// The continued fraction of the incomplete beta function, evaluated with the modified Lentz
// method. Converges quickly for x < (a + 1) / (a + b + 2).
double BetaContinuedFraction(double x, double a, double b) {
  constexpr double kTiny = 1e-300;
  double c = 1, d = 1 - (a + b) * x / (a + 1);
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1 / d;
  double h = d;
  for (int m = 1; m <= 300; ++m) {
    double dm = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
    for (int step = 0; step < 2; ++step) {
      d = 1 + dm * d;
      if (std::fabs(d) < kTiny) d = kTiny;
      c = 1 + dm / c;
      if (std::fabs(c) < kTiny) c = kTiny;
      d = 1 / d;
      double delta = c * d;
      h *= delta;
      if (step == 1 && std::fabs(delta - 1) < 1e-16) return h;
      dm = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
    }
  }
  return h;
}

double BetaCdf(double x, double a, double b) {
  if (std::isnan(x) || x < 0 || x > 1 || !(a > 0) || !(b > 0)) return kNaN;
  if (x == 0 || x == 1) return x;
  double front = std::exp(a * std::log(x) + b * std::log1p(-x) - LogBeta(a, b));
  if (x < (a + 1) / (a + b + 2)) return front * BetaContinuedFraction(x, a, b) / a;
  return 1 - front * BetaContinuedFraction(1 - x, b, a) / b;
}

double BetaPdf(double x, double a, double b) {
  if (std::isnan(x) || x < 0 || x > 1 || !(a > 0) || !(b > 0)) return kNaN;
  return std::exp((a - 1) * std::log(x) + (b - 1) * std::log1p(-x) - LogBeta(a, b));
}

std::optional<double> BetaInv(double p, double a, double b) {
  if (std::isnan(p) || p < 0 || p > 1) return std::nullopt;
  if (!(a > 0) || !(b > 0)) return kNaN;
  double lo = 0, hi = 1;
  for (int k = 0; k < 200 && hi - lo > 1e-17; ++k) {
    double mid = (lo + hi) / 2;
    if (BetaCdf(mid, a, b) < p) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return (lo + hi) / 2;
}

Result<ScalarBinding> BindAround(std::span<const ArgInfo> args) {
  QUARRY_RETURN_IF_ERROR(CheckArgCount("around", args, 3, 3));
  Type t = args[0].type;
  bool time = t == Type::kDatetime || t == Type::kTimespan;
  if (!IsNumeric(t) && !time) return ArgTypeError("around", 0, "a number, datetime or timespan", t);
  if (time ? args[1].type != t : !IsNumeric(args[1].type)) {
    return ArgTypeError("around", 1, time ? TypeName(t) : "a number", args[1].type);
  }
  if (time ? args[2].type != Type::kTimespan : !IsNumeric(args[2].type)) {
    return ArgTypeError("around", 2, time ? "timespan" : "a number", args[2].type);
  }
  return ScalarBinding{
      Type::kBool, [time](std::span<const Datum> in, const EvalContext&) {
        std::vector<Datum> c;
        for (const auto& d : in) c.push_back(time ? d : CoerceDatum(d, Type::kReal));
        return MapRows(c, Type::kBool,
                       [time](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
                         for (const auto& a : v) {
                           if (a.IsNull(i)) return b.AppendNull();
                         }
                         if (time) {
                           int64_t x = v[0].Long(i), center = v[1].Long(i), delta = v[2].Long(i);
                           return b.AppendBool(x >= center - delta && x <= center + delta);
                         }
                         double x = v[0].Real(i), center = v[1].Real(i), delta = v[2].Real(i);
                         b.AppendBool(x >= center - delta && x <= center + delta);
                       });
      }};
}

}  // namespace

void RegisterMathSpecial(FunctionRegistry& r) {
  AddUnary(r, "sin", [](double x) { return std::sin(x); });
  AddUnary(r, "cos", [](double x) { return std::cos(x); });
  AddUnary(r, "tan", [](double x) { return std::tan(x); });
  AddUnary(r, "cot", [](double x) { return 1 / std::tan(x); });
  AddUnary(r, "asin", [](double x) { return std::asin(x); });
  AddUnary(r, "acos", [](double x) { return std::acos(x); });
  AddUnary(r, "atan", [](double x) { return std::atan(x); });
  AddUnary(r, "gamma", [](double x) { return std::tgamma(x); });
  AddUnary(r, "loggamma", [](double x) { return std::lgamma(x); });
  AddUnary(r, "erf", [](double x) { return std::erf(x); });
  AddUnary(r, "erfc", [](double x) { return std::erfc(x); });
  AddRealFn(r, "atan2", 2,
            [](const double* x) -> std::optional<double> { return std::atan2(x[0], x[1]); });
  AddRealFn(r, "beta_cdf", 3,
            [](const double* x) -> std::optional<double> { return BetaCdf(x[0], x[1], x[2]); });
  AddRealFn(r, "beta_pdf", 3,
            [](const double* x) -> std::optional<double> { return BetaPdf(x[0], x[1], x[2]); });
  AddRealFn(r, "beta_inv", 3, [](const double* x) { return BetaInv(x[0], x[1], x[2]); });
  r.AddScalar("around", BindAround);
}

}  // namespace quarry::kql::fn
