#include "net/cancellation.h"

#include <gtest/gtest.h>

#include <csignal>

namespace quarry::net {
namespace {

// Ctrl-C as the user presses it: the first SIGINT only sets the flag that transfers and retry
// waits poll, so the program unwinds cleanly instead of dying.
TEST(CancellationTest, FirstSigintSetsTheFlagAndTheProcessLives) {
  InstallSigintHandler();
  ClearCancel();
  ASSERT_FALSE(CancelRequested());
  ASSERT_EQ(std::raise(SIGINT), 0);
  EXPECT_TRUE(CancelRequested());
  EXPECT_TRUE(GlobalCancelFlag().load());
  ClearCancel();
  EXPECT_FALSE(CancelRequested());
  std::signal(SIGINT, SIG_DFL);
}

// A second Ctrl-C while the first is still being handled exits at once, with the shell's
// conventional status for SIGINT.
TEST(CancellationDeathTest, SecondSigintExitsWith130) {
  EXPECT_EXIT(
      {
        InstallSigintHandler();
        ClearCancel();
        std::raise(SIGINT);
        std::raise(SIGINT);
      },
      ::testing::ExitedWithCode(130), "");
}

}  // namespace
}  // namespace quarry::net
