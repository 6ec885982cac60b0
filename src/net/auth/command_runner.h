// Running a local program and capturing what it prints (used for the Azure CLI).
//
// RunCommand() starts `argv[0]` (searched on PATH) without a shell, so no argument is ever
// interpreted; it collects stdout and stderr and waits for the exit, killing the program when
// `timeout` passes. Errors: NotFound when the program is not installed, DeadlineExceeded on the
// timeout, Internal when the process cannot be started. Thread-safe (no shared state).
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "common/status.h"

namespace quarry::net {

struct CommandOutput {
  int exit_code = 0;
  std::string out;
  std::string err;
};

using CommandRunner = std::function<Result<CommandOutput>(const std::vector<std::string>& argv,
                                                          std::chrono::milliseconds timeout)>;

Result<CommandOutput> RunCommand(const std::vector<std::string>& argv,
                                 std::chrono::milliseconds timeout);

}  // namespace quarry::net
