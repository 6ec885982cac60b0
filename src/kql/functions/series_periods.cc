// series_periods_detect(series, min_period, max_period, num_periods) and
// series_periods_validate(series, period1, ...), two-column series functions (see
// series_functions.h): detect gives (periods, scores), the periods found best first and padded
// with 0 to num_periods; validate gives (periods, scores), the asked periods and their scores.
// Their columns are <function>_<column>_periods and _scores, as Microsoft's parser names them
// (the docs' table for detect shows _periods_scores). The method and what a score means are in
// period_detector.h.
//
// Missing and non-numeric elements read as 0 (a series made by make-series has none). A null or
// non-array series, or a null argument, gives null; so does a num_periods outside [1, 1024]
// that is not a constant (a constant one is a bind error).
#include <fmt/core.h>

#include <cmath>

#include "kql/functions/builtin_functions.h"
#include "kql/functions/period_detector.h"
#include "kql/functions/series_elements.h"
#include "kql/functions/series_functions.h"

namespace quarry::kql::fn {
namespace {

// Kusto documents no bound on num_periods; this one keeps the output arrays a sane size.
constexpr int64_t kMaxDetectedPeriods = 1024;
// series_periods_validate accepts up to 16 periods, as Kusto documents.
constexpr size_t kMaxValidatedPeriods = 16;

std::vector<double> Values(const SeriesVector& s) {
  std::vector<double> out;
  out.reserve(s.size());
  for (const auto& e : s) out.push_back(e.valid ? e.value : 0.0);
  return out;
}

Status CheckNumberArg(std::string_view fn, std::span<const ArgInfo> args, size_t index) {
  if (IsNumeric(args[index].type) && args[index].type != Type::kDecimal) return Status::Ok();
  return ArgTypeError(fn, index, "real, int or long", args[index].type);
}

Result<ScalarBinding> BindDetect(std::span<const ArgInfo> args) {
  constexpr std::string_view kName = "series_periods_detect";
  QUARRY_RETURN_IF_ERROR(CheckArgCount(kName, args, 4, 4));
  QUARRY_RETURN_IF_ERROR(CheckSeriesArg(kName, args, 0, false));
  QUARRY_RETURN_IF_ERROR(CheckNumberArg(kName, args, 1));
  QUARRY_RETURN_IF_ERROR(CheckNumberArg(kName, args, 2));
  if (!IsIntegral(args[3].type)) return ArgTypeError(kName, 3, "int or long", args[3].type);
  if (args[3].constant && !args[3].constant->is_null()) {
    int64_t count = args[3].constant->int_value();
    if (count < 1 || count > kMaxDetectedPeriods) {
      return InvalidArgument(fmt::format(
          "series_periods_detect(): num_periods (argument 4) must be between 1 and {}, got {}",
          kMaxDetectedPeriods, count));
    }
  }
  return ScalarBinding{
      Type::kDynamic, [](std::span<const Datum> in, const EvalContext&) {
        return MapRows(
            in, Type::kDynamic, [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
              auto x = SeriesOf(v[0], i);
              if (!x || v[1].IsNull(i) || v[2].IsNull(i) || v[3].IsNull(i)) return b.AppendNull();
              int64_t count = v[3].Long(i);
              if (count < 1 || count > kMaxDetectedPeriods) return b.AppendNull();
              PeriodDetector detector(Values(*x));
              Json periods = Json::array(), scores = Json::array();
              for (const auto& p :
                   detector.Detect(v[1].Real(i), v[2].Real(i), static_cast<size_t>(count))) {
                periods.push_back(static_cast<int64_t>(p.period));
                scores.push_back(p.score);
              }
              b.AppendDynamic(std::make_shared<const Json>(
                  Json{{"periods", std::move(periods)}, {"scores", std::move(scores)}}));
            });
      }};
}

Result<ScalarBinding> BindValidate(std::span<const ArgInfo> args) {
  constexpr std::string_view kName = "series_periods_validate";
  QUARRY_RETURN_IF_ERROR(CheckArgCount(kName, args, 2, 1 + kMaxValidatedPeriods));
  QUARRY_RETURN_IF_ERROR(CheckSeriesArg(kName, args, 0, false));
  for (size_t k = 1; k < args.size(); ++k) QUARRY_RETURN_IF_ERROR(CheckNumberArg(kName, args, k));
  return ScalarBinding{
      Type::kDynamic, [](std::span<const Datum> in, const EvalContext&) {
        return MapRows(in, Type::kDynamic,
                       [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
                         auto x = SeriesOf(v[0], i);
                         if (!x) return b.AppendNull();
                         for (size_t k = 1; k < v.size(); ++k) {
                           if (v[k].IsNull(i)) return b.AppendNull();
                         }
                         PeriodDetector detector(Values(*x));
                         Json periods = Json::array(), scores = Json::array();
                         for (size_t k = 1; k < v.size(); ++k) {
                           double period = v[k].Real(i);
                           periods.push_back(period);
                           scores.push_back(detector.Score(period));
                         }
                         b.AppendDynamic(std::make_shared<const Json>(
                             Json{{"periods", std::move(periods)}, {"scores", std::move(scores)}}));
                       });
      }};
}

}  // namespace

void RegisterSeriesPeriods(FunctionRegistry& r) {
  r.AddScalar("series_periods_detect", BindDetect);
  r.AddScalar("series_periods_validate", BindValidate);
}

}  // namespace quarry::kql::fn
