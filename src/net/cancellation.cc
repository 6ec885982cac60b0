#include "net/cancellation.h"

#include <pthread.h>
#include <unistd.h>
#include <csignal>

namespace quarry::net {
namespace {

std::atomic<bool> g_cancel{false};
static_assert(std::atomic<bool>::is_always_lock_free);

void OnSigint(int) {
  if (g_cancel.exchange(true)) _exit(130);
}

}  // namespace

std::atomic<bool>& GlobalCancelFlag() {
  return g_cancel;
}

void InstallSigintHandler() {
  struct sigaction action {};
  action.sa_handler = OnSigint;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  sigaction(SIGINT, &action, nullptr);
}

void InstallTerminationHandlers() {
  struct sigaction action {};
  action.sa_handler = OnSigint;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_UNBLOCK, &stop_signals, nullptr);
}

bool CancelRequested() {
  return g_cancel.load();
}
void RequestCancel() {
  g_cancel.store(true);
}
void ClearCancel() {
  g_cancel.store(false);
}

}  // namespace quarry::net
