// Filters over a whole series: series_iir(x, numerators, denominators), the infinite impulse
// response filter y[n] = (sum_k b[k] x[n-k] - sum_{k>=1} a[k] y[n-k]) / a[0], and
// series_seasonal(x, period), the seasonal component: every position takes the median of the
// values at the same phase of the period.
//
// Missing and non-numeric elements read as 0. series_seasonal's period -1 (the default) detects
// the period as Kusto documents: the best period series_periods_detect finds in [4, n/2], used
// when its score reaches 0.7 (else no seasonality). Any other period below 1 means no
// seasonality: all zeros.
#include <algorithm>

#include "kql/functions/builtin_functions.h"
#include "kql/functions/seasonal_component.h"
#include "kql/functions/series_elements.h"

namespace quarry::kql::fn {
namespace {

std::vector<double> Values(const SeriesVector& s) {
  std::vector<double> out;
  out.reserve(s.size());
  for (const auto& e : s) out.push_back(e.valid ? e.value : 0.0);
  return out;
}

std::optional<Json> Iir(const std::vector<double>& x, const std::vector<double>& b,
                        const std::vector<double>& a) {
  if (a.empty() || a[0] == 0 || b.empty()) return std::nullopt;
  std::vector<double> y(x.size(), 0.0);
  for (size_t n = 0; n < x.size(); ++n) {
    double acc = 0;
    for (size_t k = 0; k < b.size() && k <= n; ++k) acc += b[k] * x[n - k];
    for (size_t k = 1; k < a.size() && k <= n; ++k) acc -= a[k] * y[n - k];
    y[n] = acc / a[0];
  }
  return Json(y);
}

// The score series_seasonal needs from series_periods_detect to use a detected period.
constexpr double kSeasonalDetectionThreshold = 0.7;
constexpr int64_t kDetectPeriod = -1;

Json Seasonal(const std::vector<double>& x, int64_t period) {
  if (period == kDetectPeriod) period = DetectSeasonalPeriod(x, kSeasonalDetectionThreshold);
  return Json(SeasonalComponent(x, period, x.size()));
}

Result<ScalarBinding> BindIir(std::span<const ArgInfo> args) {
  QUARRY_RETURN_IF_ERROR(CheckArgCount("series_iir", args, 3, 3));
  for (size_t k = 0; k < 3; ++k)
    QUARRY_RETURN_IF_ERROR(CheckSeriesArg("series_iir", args, k, false));
  return ScalarBinding{
      Type::kDynamic, [](std::span<const Datum> in, const EvalContext&) {
        return MapRows(
            in, Type::kDynamic, [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
              auto x = SeriesOf(v[0], i), num = SeriesOf(v[1], i), den = SeriesOf(v[2], i);
              std::optional<Json> y;
              if (x && num && den) y = Iir(Values(*x), Values(*num), Values(*den));
              if (!y) return b.AppendNull();
              b.AppendDynamic(std::make_shared<const Json>(std::move(*y)));
            });
      }};
}

Result<ScalarBinding> BindSeasonal(std::span<const ArgInfo> args) {
  QUARRY_RETURN_IF_ERROR(CheckArgCount("series_seasonal", args, 1, 2));
  QUARRY_RETURN_IF_ERROR(CheckSeriesArg("series_seasonal", args, 0, false));
  if (args.size() > 1 && !IsIntegral(args[1].type))
    return ArgTypeError("series_seasonal", 1, "int or long", args[1].type);
  return ScalarBinding{
      Type::kDynamic, [](std::span<const Datum> in, const EvalContext&) {
        return MapRows(
            in, Type::kDynamic, [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
              auto x = SeriesOf(v[0], i);
              bool auto_period = v.size() < 2;
              if (!x || (!auto_period && v[1].IsNull(i))) return b.AppendNull();
              int64_t period = auto_period ? kDetectPeriod : v[1].Long(i);
              b.AppendDynamic(std::make_shared<const Json>(Seasonal(Values(*x), period)));
            });
      }};
}

}  // namespace

void RegisterSeriesFilters(FunctionRegistry& r) {
  r.AddScalar("series_iir", BindIir);
  r.AddScalar("series_seasonal", BindSeasonal);
}

}  // namespace quarry::kql::fn
