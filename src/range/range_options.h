// RangeOptions: what the cyber range generator is asked to build (size, seed, end time).
// A value type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace quarry::range {

enum class Scale { kSmall, kMedium, kLarge };

// "small" | "medium" | "large" (case-insensitive); InvalidArgument names the accepted values.
Result<Scale> ParseScale(std::string_view text);
std::string_view ScaleName(Scale scale);

inline constexpr int kRangeDays = 14;

struct RangeOptions {
  Scale scale = Scale::kSmall;
  uint64_t seed = 1;
  // End of the generated period (exclusive), ticks since the Unix epoch; the range covers the
  // kRangeDays days before it.
  int64_t now_ticks = 0;
};

// `now` rounded down to the hour (the default end of the range).
int64_t FloorToHour(int64_t ticks);

// Size parameters per scale.
struct ScaleProfile {
  int windows_hosts;   // in addition to the fixed lab hosts
  int linux_hosts;
  int users;
  double intensity;    // multiplier on per-host / per-user event rates
};
ScaleProfile ProfileFor(Scale scale);

}  // namespace quarry::range
