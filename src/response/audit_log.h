// AuditLog: the append-only, crash-safe record of every containment decision and call — who,
// when, which finding, which device, what request was sent, the response code, the action id
// and the result. One JSON object per line (JSON Lines), in <workspace>/audit.jsonl by default.
//
// Crash safety: each record is one write(2) of a whole line to an O_APPEND file under an
// exclusive flock(2), followed by fsync(2); a process killed mid-way leaves either the whole line
// or none. If the file does not end in a newline (a torn write after power loss), the next record
// starts on a fresh line. Intent is recorded before a call is made, so a crash during the call
// still leaves a trace. Records never hold tokens or secrets (the request body is the JSON sent
// to Defender, which carries none). The file is created with mode 0600.
//
// Thread-safety: Append may be called from several threads and processes at once.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"

namespace quarry::response {

class AuditLog {
 public:
  explicit AuditLog(std::string path) : path_(std::move(path)) {}

  // Appends `record` (a JSON object) as one line; "time" is added (UTC, ISO 8601) when absent.
  Status Append(nlohmann::json record) const;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct AuditContents {
  std::vector<nlohmann::json> records;
  std::vector<int> bad_lines;  // 1-based numbers of lines that are not JSON objects
};

// A missing file is an empty log.
Result<AuditContents> ReadAuditLog(const std::string& path);

// The name of the person at the keyboard: $SUDO_USER, else the login name, else $USER,
// else the numeric uid; with "@host".
std::string CurrentOperator();

}  // namespace quarry::response
