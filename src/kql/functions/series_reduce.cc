// Series functions that reduce series to numbers: series_sum, series_product,
// series_magnitude, series_dot_product, series_cosine_similarity, series_pearson_correlation,
// series_stats (seven columns, split by extend/project; see series_functions.h) and
// series_stats_dynamic (the same as one bag, plus sum and len).
//
// Missing and non-numeric elements are skipped (they add nothing to sums); the statistics of
// series_stats use the sample variance (n - 1), as Kusto's documented example shows.
#include <cmath>
#include <limits>
#include <string>

#include "kql/functions/builtin_functions.h"
#include "kql/functions/series_elements.h"

namespace quarry::kql::fn {
namespace {

// A reduction of row i's arguments to one real, or nullopt for null.
using Reduce = std::function<std::optional<double>(const std::vector<ArgView>&, size_t)>;

void AddReduce(FunctionRegistry& r, const std::string& name, size_t min, size_t max,
               size_t series_args, Reduce f) {
  r.AddScalar(name, [=](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, min, max));
    for (size_t k = 0; k < series_args; ++k) {
      QUARRY_RETURN_IF_ERROR(CheckSeriesArg(name, args, k, name == "series_dot_product"));
    }
    return ScalarBinding{Type::kReal, [f](std::span<const Datum> in, const EvalContext&) {
                           return MapRows(
                               in, Type::kReal,
                               [&f](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
                                 auto x = f(v, i);
                                 if (x) {
                                   b.AppendReal(*x);
                                 } else {
                                   b.AppendNull();
                                 }
                               });
                         }};
  });
}

// Pairs of elements of two series (either may be one number) of the longer length; positions
// where either is missing are skipped.
template <typename Fn>
bool ForPairs(const std::vector<ArgView>& v, size_t i, Fn fn) {
  bool s1 = false, s2 = false;
  auto a = SeriesOrNumber(v[0], i, &s1);
  auto c = SeriesOrNumber(v[1], i, &s2);
  if (!a || !c || (s1 && s2)) return false;
  size_t n = std::max(s1 ? 0 : a->size(), s2 ? 0 : c->size());
  for (size_t k = 0; k < n; ++k) {
    const SeriesElement* x = s1 ? &(*a)[0] : k < a->size() ? &(*a)[k] : nullptr;
    const SeriesElement* y = s2 ? &(*c)[0] : k < c->size() ? &(*c)[k] : nullptr;
    if (x && y && x->valid && y->valid) fn(x->value, y->value);
  }
  return true;
}

struct Stats {
  double min = 0, max = 0, avg = 0, stdev = 0, variance = 0, sum = 0;
  int64_t min_idx = -1, max_idx = -1, len = 0;
};

// nullopt when a value is missing or not finite and `ignore_nonfinite` is false.
std::optional<Stats> ComputeStats(const SeriesVector& s, bool ignore_nonfinite) {
  Stats st;
  int64_t n = 0;
  for (size_t k = 0; k < s.size(); ++k) {
    const auto& e = s[k];
    if (!e.valid || !std::isfinite(e.value)) {
      if (!ignore_nonfinite) return std::nullopt;
      continue;
    }
    if (n == 0 || e.value < st.min) {
      st.min = e.value;
      st.min_idx = static_cast<int64_t>(k);
    }
    if (n == 0 || e.value > st.max) {
      st.max = e.value;
      st.max_idx = static_cast<int64_t>(k);
    }
    st.sum += e.value;
    ++n;
  }
  st.len = n;
  if (n == 0) return std::nullopt;
  st.avg = st.sum / static_cast<double>(n);
  // Squared deviations in extended precision, so the variance rounds like an exact one.
  long double ss = 0;
  for (const auto& e : s) {
    if (!e.valid || !std::isfinite(e.value)) continue;
    long double d = static_cast<long double>(e.value) - st.avg;
    ss += d * d;
  }
  st.variance = n > 1 ? static_cast<double>(ss / static_cast<long double>(n - 1)) : 0;
  st.stdev = std::sqrt(st.variance);
  return st;
}

void AddStats(FunctionRegistry& r, const std::string& name, bool with_sum_len) {
  r.AddScalar(name, [=](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 1, 2));
    QUARRY_RETURN_IF_ERROR(CheckSeriesArg(name, args, 0, false));
    if (args.size() > 1 && args[1].type != Type::kBool) {
      return ArgTypeError(name, 1, "bool", args[1].type);
    }
    return ScalarBinding{Type::kDynamic, [=](std::span<const Datum> in, const EvalContext&) {
                           return MapRows(
                               in, Type::kDynamic,
                               [=](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
                                 auto s = SeriesOf(v[0], i);
                                 if (!s) return b.AppendNull();
                                 bool ignore = v.size() > 1 && !v[1].IsNull(i) && v[1].Long(i) != 0;
                                 auto st = ComputeStats(*s, ignore);
                                 Json bag = Json::object();
                                 auto put = [&](const char* key, Json value) {
                                   bag[key] = st ? std::move(value) : Json();
                                 };
                                 put("min", st ? st->min : 0);
                                 put("min_idx", st ? st->min_idx : 0);
                                 put("max", st ? st->max : 0);
                                 put("max_idx", st ? st->max_idx : 0);
                                 put("avg", st ? st->avg : 0);
                                 put("stdev", st ? st->stdev : 0);
                                 put("variance", st ? st->variance : 0);
                                 if (with_sum_len) {
                                   put("sum", st ? st->sum : 0);
                                   put("len", st ? st->len : 0);
                                 }
                                 b.AppendDynamic(std::make_shared<const Json>(std::move(bag)));
                               });
                         }};
  });
}

std::optional<double> SumOf(const std::vector<ArgView>& v, size_t i, double start,
                            double (*fold)(double, double)) {
  auto s = SeriesOf(v[0], i);
  if (!s) return std::nullopt;
  double acc = start;
  for (const auto& e : *s) {
    if (e.valid) acc = fold(acc, e.value);
  }
  return acc;
}

}  // namespace

void RegisterSeriesReduce(FunctionRegistry& r) {
  AddReduce(r, "series_sum", 1, 1, 1, [](const std::vector<ArgView>& v, size_t i) {
    return SumOf(v, i, 0, [](double acc, double x) { return acc + x; });
  });
  AddReduce(r, "series_product", 1, 1, 1, [](const std::vector<ArgView>& v, size_t i) {
    return SumOf(v, i, 1, [](double acc, double x) { return acc * x; });
  });
  AddReduce(r, "series_magnitude", 1, 1, 1,
            [](const std::vector<ArgView>& v, size_t i) -> std::optional<double> {
              auto sq = SumOf(v, i, 0, [](double acc, double x) { return acc + x * x; });
              if (!sq) return std::nullopt;
              return std::sqrt(*sq);
            });
  AddReduce(r, "series_dot_product", 2, 2, 2,
            [](const std::vector<ArgView>& v, size_t i) -> std::optional<double> {
              double dot = 0;
              if (!ForPairs(v, i, [&](double x, double y) { dot += x * y; })) return std::nullopt;
              return dot;
            });
  // series_cosine_similarity(s1, s2 [, magnitude1, magnitude2]): the magnitudes, when given,
  // replace the ones computed from the series.
  AddReduce(r, "series_cosine_similarity", 2, 4, 2,
            [](const std::vector<ArgView>& v, size_t i) -> std::optional<double> {
              double dot = 0, n1 = 0, n2 = 0;
              bool ok = ForPairs(v, i, [&](double x, double y) {
                dot += x * y;
                n1 += x * x;
                n2 += y * y;
              });
              if (!ok) return std::nullopt;
              double m1 = OptionalReal(v, 2, i, std::sqrt(n1));
              double m2 = OptionalReal(v, 3, i, std::sqrt(n2));
              if (m1 == 0 || m2 == 0) return std::nullopt;
              return dot / (m1 * m2);
            });
  AddReduce(r, "series_pearson_correlation", 2, 2, 2,
            [](const std::vector<ArgView>& v, size_t i) -> std::optional<double> {
              double n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
              bool ok = ForPairs(v, i, [&](double x, double y) {
                n += 1;
                sx += x;
                sy += y;
                sxx += x * x;
                syy += y * y;
                sxy += x * y;
              });
              if (!ok || n == 0) return std::nullopt;
              double cov = sxy - sx * sy / n;
              double vx = sxx - sx * sx / n, vy = syy - sy * sy / n;
              if (vx <= 0 || vy <= 0) return std::numeric_limits<double>::quiet_NaN();
              return cov / std::sqrt(vx * vy);
            });
  AddStats(r, "series_stats", false);
  AddStats(r, "series_stats_dynamic", true);
}

}  // namespace quarry::kql::fn
