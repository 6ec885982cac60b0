#include "net/clock.h"

#include <algorithm>
#include <thread>

#include "net/cancellation.h"

namespace quarry::net {
namespace {

class RealClock : public Clock {
 public:
  std::chrono::system_clock::time_point Now() override { return std::chrono::system_clock::now(); }

  Status SleepFor(std::chrono::milliseconds duration) override {
    constexpr std::chrono::milliseconds kSlice{50};
    auto deadline = std::chrono::steady_clock::now() + duration;
    while (true) {
      if (CancelRequested()) return Cancelled("cancelled by the user (Ctrl-C)");
      auto now = std::chrono::steady_clock::now();
      if (now >= deadline) return Status::Ok();
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
      std::this_thread::sleep_for(std::min(left, kSlice));
    }
  }
};

}  // namespace

Clock* SystemClock() {
  static RealClock clock;
  return &clock;
}

}  // namespace quarry::net
