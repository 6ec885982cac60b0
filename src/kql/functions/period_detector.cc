#include "kql/functions/period_detector.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace quarry::kql::fn {
namespace {

constexpr double kSignificance = 0.05;  // Fisher's g test level for a candidate frequency

// The series minus its least-squares line over x = 0..n-1.
std::vector<double> Detrend(std::vector<double> y) {
  size_t n = y.size();
  if (n == 0) return y;
  double mx = static_cast<double>(n - 1) / 2, my = 0;
  for (double v : y) my += v;
  my /= static_cast<double>(n);
  double sxy = 0, sxx = 0;
  for (size_t t = 0; t < n; ++t) {
    double dx = static_cast<double>(t) - mx;
    sxy += dx * (y[t] - my);
    sxx += dx * dx;
  }
  double slope = sxx > 0 ? sxy / sxx : 0;
  for (size_t t = 0; t < n; ++t) y[t] -= my + slope * (static_cast<double>(t) - mx);
  return y;
}

}  // namespace

PeriodDetector::PeriodDetector(std::vector<double> series) {
  double raw_energy = 0;
  for (double v : series) raw_energy += v * v;
  detrended_ = Detrend(std::move(series));
  size_t n = detrended_.size();
  frequencies_ = n >= 1 ? (n - 1) / 2 : 0;
  double energy = 0, alternating = 0;
  for (size_t t = 0; t < n; ++t) {
    energy += detrended_[t] * detrended_[t];
    alternating += t % 2 ? -detrended_[t] : detrended_[t];
  }
  // What is left of a constant or straight series is rounding; it has no periods.
  if (frequencies_ < 2 || !(energy > raw_energy * 1e-20)) return;
  // Parseval: the n DFT ordinates sum to n * energy; the mean is 0, the frequencies k and n-k
  // mirror each other, and an even n has one Nyquist ordinate (the alternating sum squared).
  double nyquist = n % 2 == 0 ? alternating * alternating : 0;
  total_power_ = (static_cast<double>(n) * energy - nyquist) / 2;
  auto m = static_cast<double>(frequencies_);
  critical_share_ = 1 - std::pow(kSignificance / m, 1 / (m - 1));
  // One table of the n roots of unity serves every frequency: the angle of k at t is that of
  // (k * t) mod n, so no angle grows large enough to lose precision.
  cos_.resize(n);
  sin_.resize(n);
  for (size_t j = 0; j < n; ++j) {
    double angle = 2 * std::numbers::pi * static_cast<double>(j) / static_cast<double>(n);
    cos_[j] = std::cos(angle);
    sin_[j] = std::sin(angle);
  }
}

bool PeriodDetector::Significant(size_t k) const {
  if (k == 0 || k > frequencies_ || !(total_power_ > 0)) return false;
  size_t n = detrended_.size();
  double re = 0, im = 0;
  for (size_t t = 0, phase = 0; t < n; ++t) {
    re += detrended_[t] * cos_[phase];
    im -= detrended_[t] * sin_[phase];
    phase += k;  // (k * t) mod n; k <= n / 2, so one subtraction wraps it
    if (phase >= n) phase -= n;
  }
  return (re * re + im * im) / total_power_ >= critical_share_;
}

double PeriodDetector::Correlation(size_t lag) const {
  size_t n = detrended_.size();
  if (lag + 2 > n) return 0;
  size_t pairs = n - lag;
  double ma = 0, mb = 0;
  for (size_t t = 0; t < pairs; ++t) {
    ma += detrended_[t];
    mb += detrended_[t + lag];
  }
  ma /= static_cast<double>(pairs);
  mb /= static_cast<double>(pairs);
  double sab = 0, saa = 0, sbb = 0;
  for (size_t t = 0; t < pairs; ++t) {
    double a = detrended_[t] - ma, b = detrended_[t + lag] - mb;
    sab += a * b;
    saa += a * a;
    sbb += b * b;
  }
  if (!(saa > 0 && sbb > 0)) return 0;
  return std::clamp(sab / std::sqrt(saa * sbb), -1.0, 1.0);
}

std::vector<DetectedPeriod> PeriodDetector::Detect(double min_period, double max_period,
                                                   size_t count) const {
  std::vector<DetectedPeriod> found;
  size_t n = detrended_.size();
  double lo = std::max(kMinPeriod, min_period);
  double hi = std::min(static_cast<double>(n) / 2, max_period);
  if (total_power_ > 0 && lo <= hi) {
    auto first = static_cast<size_t>(std::ceil(lo)), last = static_cast<size_t>(std::floor(hi));
    for (size_t k = 1; k <= frequencies_; ++k) {
      // The whole periods frequency k stands for: |k - n/L| < 1, i.e. n/(k+1) < L < n/(k-1).
      size_t from = std::max(first, n / (k + 1) + 1);
      size_t to = k == 1 ? last : std::min(last, (n - 1) / (k - 1));
      if (from > to || !Significant(k)) continue;
      size_t best = from;
      double best_r = Correlation(from);
      for (size_t lag = from + 1; lag <= to; ++lag) {
        double r = Correlation(lag);
        if (r > best_r) best = lag, best_r = r;
      }
      // No test that it is a peak of the whole autocorrelation: another period in the series
      // shifts those peaks (24 and 7 together peak at 23 and 6).
      if (best_r <= 0) continue;
      auto same = std::find_if(found.begin(), found.end(), [&](const DetectedPeriod& p) {
        return p.period == static_cast<double>(best);
      });
      if (same == found.end()) found.push_back({static_cast<double>(best), best_r});
    }
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const DetectedPeriod& a, const DetectedPeriod& b) {
                     return a.score != b.score ? a.score > b.score : a.period < b.period;
                   });
  found.resize(count);
  return found;
}

double PeriodDetector::Score(double period) const {
  double n = static_cast<double>(detrended_.size());
  if (!(period >= kMinPeriod && period <= n / 2) || !(total_power_ > 0)) return 0;
  double k = n / period;
  bool supported = false;
  for (double candidate : {std::floor(k), std::ceil(k)}) {
    if (std::fabs(candidate - k) < 1 && Significant(static_cast<size_t>(candidate))) {
      supported = true;
      break;
    }
  }
  if (!supported) return 0;
  double below = std::floor(period), above = std::ceil(period);
  double r_below = Correlation(static_cast<size_t>(below));
  double r = above == below
                 ? r_below
                 : r_below + (Correlation(static_cast<size_t>(above)) - r_below) * (period - below);
  return std::max(0.0, r);
}

}  // namespace quarry::kql::fn
