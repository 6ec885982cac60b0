// A Clock for tests: time stands still unless advanced; SleepFor records the wait, advances time
// and can be told to report cancellation.
#pragma once

#include <chrono>
#include <vector>

#include "net/clock.h"

namespace quarry::net::testing {

class FakeClock : public Clock {
 public:
  std::chrono::system_clock::time_point Now() override { return now_; }
  Status SleepFor(std::chrono::milliseconds duration) override {
    sleeps.push_back(duration);
    now_ += duration;
    if (cancel_on_sleep) return Cancelled("cancelled by the user (Ctrl-C)");
    return Status::Ok();
  }

  std::vector<std::chrono::milliseconds> sleeps;
  bool cancel_on_sleep = false;

 private:
  std::chrono::system_clock::time_point now_{std::chrono::seconds(1'700'000'000)};
};

}  // namespace quarry::net::testing
