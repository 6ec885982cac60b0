// Ctrl-C cancellation for long network calls.
//
// InstallSigintHandler() makes the first SIGINT set a process-wide atomic flag instead of killing
// the process; HTTP transfers (the libcurl progress callback) and retry waits (SystemClock) poll
// it and stop with a Cancelled status, so the program can unwind, save what it has and exit
// cleanly. A second SIGINT while the flag is still set exits at once with status 130.
//
// Thread-safety: the flag is a lock-free std::atomic<bool>; every function is safe from any
// thread, and the handler only touches the atomic (async-signal-safe).
#pragma once

#include <atomic>

namespace quarry::net {

// The process-wide cancellation flag.
std::atomic<bool>& GlobalCancelFlag();

// Installs the SIGINT handler (idempotent).
void InstallSigintHandler();

// For long-running services (`quarry serve`): SIGTERM as well as SIGINT sets the flag, and both
// are unblocked in the calling thread, so a supervisor's `kill` stops the service cleanly even
// when the parent started it with those signals blocked or ignored. Call before starting threads.
void InstallTerminationHandlers();

bool CancelRequested();
void RequestCancel();
void ClearCancel();

}  // namespace quarry::net
