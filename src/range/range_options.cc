#include "range/range_options.h"

#include <algorithm>
#include <cctype>

#include "common/time.h"

namespace quarry::range {

Result<Scale> ParseScale(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "small") return Scale::kSmall;
  if (lower == "medium") return Scale::kMedium;
  if (lower == "large") return Scale::kLarge;
  return InvalidArgument("unknown scale '" + std::string(text) +
                         "': expected small, medium or large");
}

std::string_view ScaleName(Scale scale) {
  switch (scale) {
    case Scale::kSmall: return "small";
    case Scale::kMedium: return "medium";
    case Scale::kLarge: return "large";
  }
  return "small";
}

int64_t FloorToHour(int64_t ticks) { return FloorDiv(ticks, kTicksPerHour) * kTicksPerHour; }

ScaleProfile ProfileFor(Scale scale) {
  switch (scale) {
    case Scale::kSmall: return {8, 4, 60, 1.3};
    case Scale::kMedium: return {22, 8, 200, 9.0};
    case Scale::kLarge: return {36, 12, 500, 80.0};
  }
  return {8, 4, 60, 1.0};
}

}  // namespace quarry::range
