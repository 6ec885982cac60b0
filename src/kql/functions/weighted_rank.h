// Nearest-rank percentiles and ranks over weighted values, shared by the weighted percentile
// aggregations (aggregates_weighted.cc) and the exact t-digest sketches (aggregates_tdigest.cc).
//
// Internal to the function library. Pure functions: thread-safe.
#pragma once

#include <optional>
#include <utility>
#include <vector>

namespace quarry::kql::fn {

// (value, weight) pairs.
using WeightedValues = std::vector<std::pair<double, double>>;

// Sorts by value and merges equal values (adding their weights); drops weights <= 0.
void NormalizeWeighted(WeightedValues& v);

// The smallest value whose cumulative weight reaches p percent of the total (p in [0, 100];
// p = 0 gives the smallest value). REQUIRES: normalized. nullopt when empty.
std::optional<double> WeightedPercentile(const WeightedValues& sorted, double p);

// The total weight of the values <= x. REQUIRES: normalized.
double WeightedRank(const WeightedValues& sorted, double x);

}  // namespace quarry::kql::fn
