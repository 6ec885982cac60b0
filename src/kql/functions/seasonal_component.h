// The seasonal component of a series, shared by series_seasonal and series_decompose(_anomalies):
// every position takes the median of the values at the same phase of the period, and the
// period may be detected (PeriodDetector's best period in [4, n/2], used when its score reaches
// a threshold: 0.7 for series_seasonal, 0.6 by default for series_decompose, as Kusto
// documents).
//
// Pure functions: thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace quarry::kql::fn {

// The best period of `x` in [4, n/2] when it scores at least `threshold`, else 0.
int64_t DetectSeasonalPeriod(const std::vector<double>& x, double threshold);

// Medians by phase of `period` over the first `learn` values (all of them when learn >= n),
// repeated over all n positions. All zeros when period < 1 or nothing is learnt.
std::vector<double> SeasonalComponent(const std::vector<double>& x, int64_t period, size_t learn);

}  // namespace quarry::kql::fn
