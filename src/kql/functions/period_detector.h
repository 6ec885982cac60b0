// Finding and checking the periods of a regular series: the engine behind series_periods_detect,
// series_periods_validate and series_seasonal's automatic period.
//
// The method (a periodogram to find candidates, the autocorrelation to place and score them):
//   1. The series loses its least-squares line, so a trend is not mistaken for a long period.
//   2. Candidates: Fourier frequencies k (k cycles over the series, 0 < k < n/2) whose
//      periodogram ordinate alone carries a significant share of the variance by Fisher's g test
//      at the 5% level (the share must reach 1 - (0.05/m)^(1/(m-1)), m = floor((n-1)/2)).
//      White noise passes with at most 5% chance; a series whose variance sits at one period
//      (even a short one outside the searched range) leaves the other frequencies below it.
//   3. Each candidate k stands for the whole periods L with |k - n/L| < 1 (the periods its
//      neighbours k-1 and k+1 do not own); the one with the highest autocorrelation is chosen.
//   4. Score: the correlation of the series with itself shifted by L (Pearson's r over the n-L
//      overlapping pairs), 0 when negative. A series that repeats exactly every L points scores
//      1; one unrelated to its shift scores about 0.
// Periods are searched in [4, n/2], as Kusto documents, intersected with the asked range.
//
// Limits, by design of step 2: a pattern whose variance sits mostly in its harmonics (a sharp
// spike each period) is missed when its own frequency is not significant; that is also what
// leaves Kusto's documented [1,3,5,2,4,6,1,3,5,2,4,6] without a period (mostly a period of 3).
// A weaker period near a multiple of a stronger one is placed at that multiple or dropped.
// The correlation is not robust: outliers carrying more variance than the season lower its score.
// Scores are correlations, so they need not match Kusto's: its documented example scores 0.84
// where this scores 0.97 (see docs/KQL.md).
//
// Pure computation; an instance is immutable after construction and safe to share.
#pragma once

#include <cstddef>
#include <vector>

namespace quarry::kql::fn {

struct DetectedPeriod {
  double period = 0;  // in bins; 0 pads the list when fewer periods are found
  double score = 0;   // in [0, 1]
};

class PeriodDetector {
 public:
  // The shortest period any search considers, as Kusto documents.
  static constexpr double kMinPeriod = 4;

  explicit PeriodDetector(std::vector<double> series);

  // Up to `count` periods in [max(4, min_period), min(n/2, max_period)], best score first,
  // padded with {0, 0} to exactly `count` entries.
  std::vector<DetectedPeriod> Detect(double min_period, double max_period, size_t count) const;

  // The score of `period` (in bins, not necessarily whole): 0 outside [4, n/2] or when no
  // significant frequency is near n/period; otherwise the autocorrelation at that lag
  // (interpolated between the whole lags around it), 0 when negative.
  double Score(double period) const;

 private:
  bool Significant(size_t k) const;      // Fisher's g test of frequency k
  double Correlation(size_t lag) const;  // Pearson's r of the series and its shift by lag

  std::vector<double> detrended_;
  std::vector<double> cos_, sin_;  // cos and sin of 2*pi*j/n, j = 0..n-1
  size_t frequencies_ = 0;         // m: Fourier frequencies strictly between 0 and Nyquist
  double total_power_ = 0;         // the sum of the periodogram over those m frequencies
  double critical_share_ = 1;
};

}  // namespace quarry::kql::fn
