// series_fit_line / series_fit_line_dynamic (least squares over x = 1..n, variances with n - 1
// as in Kusto's documented example), series_decompose and series_decompose_anomalies.
//
// Decomposition: trend 'linefit' (default), 'avg' or 'none'; seasonality detection is not
// implemented, so the seasonal component is 0 (Kusto's result whenever it finds no period).
// Anomalies: Tukey's fences on the residual (ad_method 'tukey': quartiles; 'ctukey', the
// default: 10th and 90th percentiles), score = distance beyond the fence in units of the
// inter-fence range, flag +1/-1 where |score| exceeds the threshold (default 1.5).
#include "kql/functions/series_functions.h"

#include <algorithm>
#include <cmath>

#include "kql/functions/builtin_functions.h"
#include "kql/functions/kernel_util.h"

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
const std::vector<SeriesOutput> kPeriodsDetect = {{"periods", Type::kDynamic},
                                                  {"periods_scores", Type::kDynamic}};
const std::vector<SeriesOutput> kPeriodsValidate = {{"periods", Type::kDynamic},
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

std::vector<double> Trend(const std::vector<double>& y, const std::string& kind) {
  if (kind == "none") return std::vector<double>(y.size(), 0.0);
  if (kind == "avg") {
    double sum = 0;
    for (double v : y) sum += v;
    return std::vector<double>(y.size(), y.empty() ? 0.0 : sum / static_cast<double>(y.size()));
  }
  return FitLine(y).line;
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
};

Decomposition Decompose(const std::vector<double>& y, const std::string& trend_kind) {
  Decomposition d;
  d.trend = Trend(y, trend_kind);
  d.seasonal.assign(y.size(), 0.0);
  d.baseline = d.trend;
  for (size_t k = 0; k < y.size(); ++k) d.residual.push_back(y[k] - d.baseline[k]);
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
  if (name == "series_periods_detect") return &kPeriodsDetect;  // series_periods.cc
  if (name == "series_periods_validate") return &kPeriodsValidate;
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
              Decomposition d = Decompose(y, TextArg(v, 2, i, "linefit"));
              return Json{{"baseline", d.baseline},
                          {"seasonal", d.seasonal},
                          {"trend", d.trend},
                          {"residual", d.residual}};
            });
  AddSeries(r, "series_decompose_anomalies", 7,
            [](const std::vector<double>& y, const std::vector<ArgView>& v, size_t i) {
              double threshold = RealArg(v, 1, i, 1.5);
              Decomposition d = Decompose(y, TextArg(v, 3, i, "linefit"));
              bool tukey = TextArg(v, 5, i, "ctukey") == "tukey";
              double lo = Percentile(d.residual, tukey ? 25 : 10);
              double hi = Percentile(d.residual, tukey ? 75 : 90);
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
