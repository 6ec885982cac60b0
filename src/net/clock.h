// Time seam for retries: what time it is and how to wait, so tests run instantly and
// deterministically.
//
// SystemClock() waits in short slices and returns Cancelled as soon as Ctrl-C is pressed
// (net/cancellation.h). Thread-safety: SystemClock() is safe from any thread; test clocks
// document their own.
#pragma once

#include <chrono>

#include "common/status.h"

namespace quarry::net {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point Now() = 0;
  // Waits for `duration`; Cancelled if cancellation was requested before or during the wait.
  virtual Status SleepFor(std::chrono::milliseconds duration) = 0;
};

// The real clock; never null, lives for the whole process.
Clock* SystemClock();

}  // namespace quarry::net
