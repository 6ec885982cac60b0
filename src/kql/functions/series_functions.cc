// series_fit_line / series_fit_line_dynamic (least squares over x = 1..n, variances with n - 1
// as in Kusto's documented example), series_decompose and series_decompose_anomalies.
//
// Decomposition, in Kusto's documented order: the seasonal component (medians by phase of the
// period: seasonality -1, the default, detects it when it scores at least seasonality_threshold,
// default 0.6; 0 or below: none), then the trend of the series minus it ('avg', the default as
// Kusto documents, 'linefit' or 'none'), baseline = seasonal + trend, residual = series -
// baseline. The last test_points values are left out of the learning (period, medians, trend,
// fences) and get the learnt seasonal pattern and the trend extended over them.
// Anomalies: Tukey's fences on the residual (ad_method 'tukey': quartiles; 'ctukey', the
// default: 10th and 90th percentiles), score = distance beyond the fence in units of the
// inter-fence range, flag +1/-1 where |score| exceeds the threshold (default 1.5).
#include "kql/functions/series_functions.h"

#include <algorithm>
#include <cmath>

#include "kql/functions/builtin_functions.h"
#include "kql/functions/kernel_util.h"
#include "kql/functions/seasonal_component.h"

namespace quarry::kql::fn {
namespace {

const std::vector<SeriesOutput> kFitLine = {
    {"rsquare", Type::kReal},   {"slope", Type::kReal},        {"variance", Type::kReal},
    {"rvariance", Type::kReal}, {"interception", Type::kReal}, {"line_fit", Type::kDynamic}};
const std::vector<SeriesOutput> kDecompose = {{"baseline", Type::kDynamic},
                                              {"seasonal", Type::kDynamic},
                                              {"trend", Type::kDynamic},
                                              {"residual", Type::kDynamic}};
const std::vector<SeriesOutput> kStats = {
    {"min", Type::kReal}, {"min_idx", Type::kLong}, {"max", Type::kReal}, {"max_idx", Type::kLong},
    {"avg", Type::kReal}, {"stdev", Type::kReal},   {"variance", Type::kReal}};
// Detect and validate name their columns alike, as Microsoft's parser does (the docs' table
// for detect shows periods_scores).
const std::vector<SeriesOutput> kPeriods = {{"periods", Type::kDynamic},
                                            {"scores", Type::kDynamic}};
const std::vector<SeriesOutput> kAnomalies = {
    {"ad_flag", Type::kDynamic}, {"ad_score", Type::kDynamic}, {"baseline", Type::kDynamic}};

// The series as numbers; null and non-numeric elements count as 0.
std::optional<std::vector<double>> SeriesAt(const ArgView& v, size_t i) {
  if (v.type() != Type::kDynamic) return std::nullopt;
  const Json* j = v.Dyn(i);
  if (!j || !j->is_array()) return std::nullopt;
  std::vector<double> out;
  out.reserve(j->size());
  for (const auto& e : *j) out.push_back(e.is_number() ? e.get<double>() : 0.0);
  return out;
}

struct LineFit {
  double rsquare = 0, slope = 0, variance = 0, rvariance = 0, interception = 0;
  std::vector<double> line;
};

LineFit FitLine(const std::vector<double>& y) {
  LineFit f;
  size_t n = y.size();
  if (n == 0) return f;
  double mx = (n + 1) / 2.0, my = 0;
  for (double v : y) my += v;
  my /= static_cast<double>(n);
  double sxy = 0, sxx = 0, sst = 0;
  for (size_t k = 0; k < n; ++k) {
    double dx = static_cast<double>(k + 1) - mx;
    sxy += dx * (y[k] - my);
    sxx += dx * dx;
    sst += (y[k] - my) * (y[k] - my);
  }
  f.slope = sxx > 0 ? sxy / sxx : 0;
  f.interception = my - f.slope * mx;
  double ssr = 0;
  for (size_t k = 0; k < n; ++k) {
    double fit = f.interception + f.slope * static_cast<double>(k + 1);
    f.line.push_back(fit);
    ssr += (y[k] - fit) * (y[k] - fit);
  }
  f.rsquare = sst > 0 ? 1 - ssr / sst : 1;
  double dof = n > 1 ? static_cast<double>(n - 1) : 1;
  f.variance = sst / dof;
  f.rvariance = ssr / dof;
  return f;
}

Json FitLineBag(const std::vector<double>& y) {
  LineFit f = FitLine(y);
  return Json{{"rsquare", f.rsquare},     {"slope", f.slope},
              {"variance", f.variance},   {"rvariance", f.rvariance},
              {"interception", f.interception}, {"line_fit", f.line}};
}

// The trend learnt from `y`, over `n` positions (x = 1..n; n >= y.size()).
std::vector<double> Trend(const std::vector<double>& y, const std::string& kind, size_t n) {
  if (kind == "none" || y.empty()) return std::vector<double>(n, 0.0);
  if (kind == "avg") {
    double sum = 0;
    for (double v : y) sum += v;
    return std::vector<double>(n, sum / static_cast<double>(y.size()));
  }
  LineFit f = FitLine(y);
  std::vector<double> out;
  out.reserve(n);
  for (size_t k = 0; k < n; ++k) {
    out.push_back(f.interception + f.slope * static_cast<double>(k + 1));
  }
  return out;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  double pos = p / 100.0 * static_cast<double>(v.size() - 1);
  auto lo = static_cast<size_t>(std::floor(pos));
  size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
}

struct Decomposition {
  std::vector<double> baseline, seasonal, trend, residual;
  size_t learn = 0;  // the leading values learnt from (all but the test points)
};

struct DecomposeOptions {
  int64_t seasonality = -1;  // -1: detect; 0 or below: none; else the period in bins
  std::string trend = "avg";
  int64_t test_points = 0;
  double seasonality_threshold = 0.6;
};

Decomposition Decompose(const std::vector<double>& y, const DecomposeOptions& o) {
  Decomposition d;
  size_t n = y.size();
  d.learn = n - std::min<size_t>(n, static_cast<size_t>(std::max<int64_t>(o.test_points, 0)));
  std::vector<double> learnt(y.begin(), y.begin() + static_cast<std::ptrdiff_t>(d.learn));
  int64_t period =
      o.seasonality == -1 ? DetectSeasonalPeriod(learnt, o.seasonality_threshold) : o.seasonality;
  d.seasonal = SeasonalComponent(y, period, d.learn);
  for (size_t k = 0; k < d.learn; ++k) learnt[k] -= d.seasonal[k];
  d.trend = Trend(learnt, o.trend, n);
  for (size_t k = 0; k < n; ++k) {
    d.baseline.push_back(d.seasonal[k] + d.trend[k]);
    d.residual.push_back(y[k] - d.baseline[k]);
  }
  return d;
}

std::string TextArg(const std::vector<ArgView>& v, size_t index, size_t i, std::string fallback) {
  if (v.size() <= index || v[index].IsNull(i) || !IsStringLike(v[index].type())) return fallback;
  std::string s(v[index].Str(i));
  return s.empty() ? fallback : s;
}

double RealArg(const std::vector<ArgView>& v, size_t index, size_t i, double fallback) {
  if (v.size() <= index || v[index].IsNull(i) || !IsNumeric(v[index].type())) return fallback;
  return v[index].Real(i);
}

// The decomposition arguments from `first` on: seasonality, trend, test_points and then, at
// `threshold_index`, seasonality_threshold.
DecomposeOptions OptionsAt(const std::vector<ArgView>& v, size_t i, size_t first,
                           size_t threshold_index) {
  DecomposeOptions o;
  o.seasonality = static_cast<int64_t>(RealArg(v, first, i, -1));
  o.trend = TextArg(v, first + 1, i, "avg");
  o.test_points = static_cast<int64_t>(RealArg(v, first + 2, i, 0));
  o.seasonality_threshold = RealArg(v, threshold_index, i, 0.6);
  return o;
}

void AddSeries(FunctionRegistry& r, const std::string& name, size_t max,
               std::function<Json(const std::vector<double>&, const std::vector<ArgView>&,
                                  size_t)> compute) {
  r.AddScalar(name, [=](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 1, max));
    if (args[0].type != Type::kDynamic) return ArgTypeError(name, 0, "dynamic", args[0].type);
    return ScalarBinding{
        Type::kDynamic, [compute](std::span<const Datum> in, const EvalContext&) {
          return MapRows(in, Type::kDynamic,
                         [&compute](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
                           auto y = SeriesAt(v[0], i);
                           if (!y) return b.AppendNull();
                           b.AppendDynamic(std::make_shared<const Json>(compute(*y, v, i)));
                         });
        }};
  });
}

}  // namespace

const std::vector<SeriesOutput>* SeriesFunctionOutputs(std::string_view name) {
  if (name == "series_fit_line") return &kFitLine;
  if (name == "series_decompose") return &kDecompose;
  if (name == "series_decompose_anomalies") return &kAnomalies;
  if (name == "series_stats") return &kStats;  // computed in series_reduce.cc
  if (name == "series_periods_detect") return &kPeriods;  // series_periods.cc
  if (name == "series_periods_validate") return &kPeriods;
  return nullptr;
}

void RegisterSeriesFunctions(FunctionRegistry& r) {
  RegisterSeriesPeriods(r);
  auto fit = [](const std::vector<double>& y, const std::vector<ArgView>&, size_t) {
    return FitLineBag(y);
  };
  AddSeries(r, "series_fit_line", 1, fit);
  AddSeries(r, "series_fit_line_dynamic", 1, fit);
  AddSeries(r, "series_decompose", 5,
            [](const std::vector<double>& y, const std::vector<ArgView>& v, size_t i) {
              Decomposition d = Decompose(y, OptionsAt(v, i, 1, 4));
              return Json{{"baseline", d.baseline},
                          {"seasonal", d.seasonal},
                          {"trend", d.trend},
                          {"residual", d.residual}};
            });
  AddSeries(r, "series_decompose_anomalies", 7,
            [](const std::vector<double>& y, const std::vector<ArgView>& v, size_t i) {
              double threshold = RealArg(v, 1, i, 1.5);
              Decomposition d = Decompose(y, OptionsAt(v, i, 2, 6));
              bool tukey = TextArg(v, 5, i, "ctukey") == "tukey";
              std::vector<double> learnt(d.residual.begin(),
                                         d.residual.begin() + static_cast<std::ptrdiff_t>(d.learn));
              double lo = Percentile(learnt, tukey ? 25 : 10);
              double hi = Percentile(learnt, tukey ? 75 : 90);
              double range = hi - lo;
              Json flags = Json::array(), scores = Json::array();
              for (double res : d.residual) {
                double score = 0;
                if (range > 0 && res > hi) score = (res - hi) / range;
                if (range > 0 && res < lo) score = (res - lo) / range;
                scores.push_back(score);
                flags.push_back(score > threshold ? 1 : score < -threshold ? -1 : 0);
              }
              return Json{{"ad_flag", flags}, {"ad_score", scores}, {"baseline", d.baseline}};
            });
}

}  // namespace quarry::kql::fn
