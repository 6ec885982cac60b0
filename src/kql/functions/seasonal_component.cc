#include "kql/functions/seasonal_component.h"

#include <algorithm>

#include "kql/functions/period_detector.h"

namespace quarry::kql::fn {
namespace {

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

}  // namespace

int64_t DetectSeasonalPeriod(const std::vector<double>& x, double threshold) {
  auto best =
      PeriodDetector(x).Detect(PeriodDetector::kMinPeriod, static_cast<double>(x.size()) / 2, 1);
  return best[0].period > 0 && best[0].score >= threshold ? static_cast<int64_t>(best[0].period)
                                                          : 0;
}

std::vector<double> SeasonalComponent(const std::vector<double>& x, int64_t period, size_t learn) {
  std::vector<double> out(x.size(), 0.0);
  learn = std::min(learn, x.size());
  if (period <= 0 || learn == 0) return out;
  auto p = static_cast<uint64_t>(period);
  // Phases at or past `learn` (a period longer than what is learnt) have no values: 0.
  size_t phases = static_cast<size_t>(std::min<uint64_t>(p, learn));
  std::vector<double> phase_median(phases, 0.0);
  for (size_t ph = 0; ph < phases; ++ph) {
    std::vector<double> same;
    for (uint64_t k = ph; k < learn; k += p) same.push_back(x[k]);
    phase_median[ph] = Median(std::move(same));
  }
  for (size_t k = 0; k < x.size(); ++k) {
    uint64_t ph = k % p;
    if (ph < phases) out[k] = phase_median[ph];
  }
  return out;
}

}  // namespace quarry::kql::fn
