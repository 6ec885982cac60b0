// Rng: the cyber range's deterministic random numbers.
//
// xoshiro256** seeded through SplitMix64, with our own integer/real mappings (not <random>'s
// distributions, whose output differs between standard libraries), so the same seed gives the
// same workspace on every platform. Streams derived with Fork() are independent of how many
// numbers the parent drew afterwards. Not thread-safe: one Rng per thread of generation.
//
// Draw into named locals, one draw per statement: C++ leaves the order in which function
// arguments (and the operands of `+`, `*`, ...) are evaluated unspecified — GCC evaluates call
// arguments right to left, clang left to right — so `f(rng.Below(6), rng.Below(4))` would lay a
// seed out differently per compiler. Chained calls (`a.Set(.., r.Guid()).Set(.., r.Guid())`),
// braced initialisers, `?:`, `&&` and `||` are sequenced left to right and are safe.
// tests/range/range_digest_test.cc pins a digest of generated ranges so any drift fails.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace quarry::range {

class Rng {
 public:
  explicit Rng(uint64_t seed);

  uint64_t Next();
  // Uniform in [0, n). REQUIRES: n > 0.
  uint64_t Below(uint64_t n);
  // Uniform in [lo, hi] (inclusive). REQUIRES: lo <= hi.
  int64_t Between(int64_t lo, int64_t hi);
  // Uniform in [0, 1).
  double Real();
  bool Chance(double p) { return Real() < p; }
  // Exponentially distributed with the given mean (for gaps between events).
  double Exponential(double mean);
  // Poisson-distributed count with the given mean (normal approximation above 50).
  int64_t Poisson(double mean);

  template <typename T>
  const T& Pick(std::span<const T> items) {
    return items[Below(items.size())];
  }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[Below(items.size())];
  }
  // Index drawn with probability proportional to weights[i]. REQUIRES: some weight > 0.
  size_t Weighted(std::span<const double> weights);

  // `n` lowercase hex digits.
  std::string Hex(size_t n);
  // A random (version 4 shaped) GUID in canonical lowercase text.
  std::string Guid();

  // An independent stream for `purpose`, derived from this stream's seed only.
  Rng Fork(std::string_view purpose) const;

 private:
  uint64_t seed_;
  uint64_t s_[4];
};

// Stable 64-bit hash of text (FNV-1a), for deriving per-entity values from names.
uint64_t StableHash(std::string_view text);

}  // namespace quarry::range
