// Element-wise series functions: arithmetic on two series (series_add, series_subtract,
// series_multiply, series_divide, series_pow), comparisons (series_equals, series_not_equals,
// series_greater, series_greater_equals, series_less, series_less_equals) and one-series math
// (series_abs, series_sign, series_floor, series_ceiling, series_exp, series_log, series_sin,
// series_cos, series_tan, series_asin, series_acos, series_atan).
//
// Either argument of a two-series function may be one number, applied to every element. The
// result is as long as the longer series; a missing or non-numeric element on either side gives
// a null element. Integer inputs stay integers where Kusto keeps them (add, subtract, multiply,
// abs, sign); everything else is real.
#include <algorithm>
#include <cmath>
#include <functional>
#include <string>

#include "kql/functions/builtin_functions.h"
#include "kql/functions/series_elements.h"

namespace quarry::kql::fn {
namespace {

// Both elements are valid when called.
using BinaryOp = std::function<Json(const SeriesElement&, const SeriesElement&)>;

void AddBinary(FunctionRegistry& r, const std::string& name, BinaryOp op) {
  r.AddScalar(name, [=](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 2, 2));
    QUARRY_RETURN_IF_ERROR(CheckSeriesArg(name, args, 0, true));
    QUARRY_RETURN_IF_ERROR(CheckSeriesArg(name, args, 1, true));
    return ScalarBinding{Type::kDynamic, [op](std::span<const Datum> in, const EvalContext&) {
                           return MapRows(
                               in, Type::kDynamic,
                               [&op](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
                                 bool s1 = false, s2 = false;
                                 auto a = SeriesOrNumber(v[0], i, &s1);
                                 auto c = SeriesOrNumber(v[1], i, &s2);
                                 if (!a || !c || (s1 && s2)) return b.AppendNull();
                                 size_t n = std::max(s1 ? 0 : a->size(), s2 ? 0 : c->size());
                                 auto at = [](const SeriesVector& s, bool scalar, size_t k) {
                                   if (scalar) return s[0];
                                   return k < s.size() ? s[k] : SeriesElement{};
                                 };
                                 Json out = Json::array();
                                 for (size_t k = 0; k < n; ++k) {
                                   SeriesElement x = at(*a, s1, k), y = at(*c, s2, k);
                                   out.push_back(x.valid && y.valid ? op(x, y) : Json());
                                 }
                                 b.AppendDynamic(std::make_shared<const Json>(std::move(out)));
                               });
                         }};
  });
}

// An arithmetic result that stays an integer when both inputs were.
BinaryOp Arithmetic(double (*f)(double, double), bool keeps_integers) {
  return [=](const SeriesElement& x, const SeriesElement& y) {
    return ElementJson({true, keeps_integers && x.integral && y.integral, f(x.value, y.value)});
  };
}

BinaryOp Comparison(bool (*f)(double, double)) {
  return [=](const SeriesElement& x, const SeriesElement& y) { return Json(f(x.value, y.value)); };
}

void AddUnary(FunctionRegistry& r, const std::string& name, bool keeps_integers,
              double (*f)(double)) {
  r.AddScalar(name, [=](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 1, 1));
    QUARRY_RETURN_IF_ERROR(CheckSeriesArg(name, args, 0, false));
    return ScalarBinding{
        Type::kDynamic, [=](std::span<const Datum> in, const EvalContext&) {
          return MapRows(
              in, Type::kDynamic, [=](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
                auto s = SeriesOf(v[0], i);
                if (!s) return b.AppendNull();
                Json out = Json::array();
                for (const auto& e : *s) {
                  if (!e.valid) {
                    out.push_back(Json());
                    continue;
                  }
                  out.push_back(ElementJson({true, keeps_integers && e.integral, f(e.value)}));
                }
                b.AppendDynamic(std::make_shared<const Json>(std::move(out)));
              });
        }};
  });
}

}  // namespace

void RegisterSeriesMath(FunctionRegistry& r) {
  AddBinary(r, "series_add", Arithmetic([](double a, double b) { return a + b; }, true));
  AddBinary(r, "series_subtract", Arithmetic([](double a, double b) { return a - b; }, true));
  AddBinary(r, "series_multiply", Arithmetic([](double a, double b) { return a * b; }, true));
  AddBinary(r, "series_divide", Arithmetic([](double a, double b) { return a / b; }, false));
  AddBinary(r, "series_pow", Arithmetic([](double a, double b) { return std::pow(a, b); }, false));
  AddBinary(r, "series_equals", Comparison([](double a, double b) { return a == b; }));
  AddBinary(r, "series_not_equals", Comparison([](double a, double b) { return a != b; }));
  AddBinary(r, "series_greater", Comparison([](double a, double b) { return a > b; }));
  AddBinary(r, "series_greater_equals", Comparison([](double a, double b) { return a >= b; }));
  AddBinary(r, "series_less", Comparison([](double a, double b) { return a < b; }));
  AddBinary(r, "series_less_equals", Comparison([](double a, double b) { return a <= b; }));
  AddUnary(r, "series_abs", true, [](double x) { return std::fabs(x); });
  AddUnary(r, "series_sign", true, [](double x) { return x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0; });
  AddUnary(r, "series_floor", false, [](double x) { return std::floor(x); });
  AddUnary(r, "series_ceiling", false, [](double x) { return std::ceil(x); });
  AddUnary(r, "series_exp", false, [](double x) { return std::exp(x); });
  AddUnary(r, "series_log", false, [](double x) { return std::log(x); });
  AddUnary(r, "series_sin", false, [](double x) { return std::sin(x); });
  AddUnary(r, "series_cos", false, [](double x) { return std::cos(x); });
  AddUnary(r, "series_tan", false, [](double x) { return std::tan(x); });
  AddUnary(r, "series_asin", false, [](double x) { return std::asin(x); });
  AddUnary(r, "series_acos", false, [](double x) { return std::acos(x); });
  AddUnary(r, "series_atan", false, [](double x) { return std::atan(x); });
}

}  // namespace quarry::kql::fn
