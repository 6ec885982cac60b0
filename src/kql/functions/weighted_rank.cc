#include "kql/functions/weighted_rank.h"

#include <algorithm>

namespace quarry::kql::fn {

void NormalizeWeighted(WeightedValues& v) {
  std::erase_if(v, [](const auto& e) { return !(e.second > 0); });
  std::sort(v.begin(), v.end());
  size_t out = 0;
  for (size_t k = 0; k < v.size(); ++k) {
    if (out > 0 && v[out - 1].first == v[k].first) {
      v[out - 1].second += v[k].second;
    } else {
      v[out++] = v[k];
    }
  }
  v.resize(out);
}

std::optional<double> WeightedPercentile(const WeightedValues& sorted, double p) {
  if (sorted.empty()) return std::nullopt;
  double total = 0;
  for (const auto& e : sorted) total += e.second;
  double target = p / 100.0 * total;
  double cumulative = 0;
  for (const auto& e : sorted) {
    cumulative += e.second;
    if (cumulative >= target) return e.first;
  }
  return sorted.back().first;
}

double WeightedRank(const WeightedValues& sorted, double x) {
  double rank = 0;
  for (const auto& e : sorted) {
    if (e.first > x) break;
    rank += e.second;
  }
  return rank;
}

}  // namespace quarry::kql::fn
