// The threat log: threats.jsonl in the workspace, one JSON object per line, one line per
// finding, each carrying the hunt id, time, request, plan, queries and model that produced it
// (the seeds' log recorded none of these).
//
// Crash safety: a batch of lines is appended with one write(2) of the whole text, under an
// exclusive flock(2) on the file, then fsync(2). Several processes may append at once; a writer
// killed with SIGKILL never leaves a torn line (the write is one system call on an O_APPEND file).
// If the file somehow does not end in a newline (power loss, a disk that filled mid-write), the
// next append starts on a fresh line so its own lines parse; a failed short write is truncated
// back under the lock. Readers report unparseable lines with their numbers and skip them.
//
// Thread-safety: ThreatLog holds only a path; Append may be called from several threads and
// processes at once.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "hunt/finding.h"
#include "hunt/hunt_plan.h"

namespace quarry::report {

struct HuntContext {
  std::string hunt_id;   // MakeHuntId()
  int64_t time_ticks = 0;
  std::string request;
  hunt::HuntPlan plan;
  std::vector<std::pair<std::string, std::string>> queries;  // (table, kql)
  std::string model;     // "gpt-4.1" or "offline"
};

// "h-20250108T153000Z-1a2b3c4d": sortable by time, unique with the random part.
std::string MakeHuntId(int64_t now_ticks, uint32_t random);

// {"hunt_id","time","request","plan":{..},"queries":[{"table","kql"}],"model","finding":{..}}
nlohmann::json ThreatRecord(const HuntContext& hunt, const hunt::Finding& finding);

class ThreatLog {
 public:
  explicit ThreatLog(std::string path) : path_(std::move(path)) {}

  // Appends one line per record (serialised compactly; invalid UTF-8 in log text replaced).
  // REQUIRES: every record is a JSON object.
  Status Append(const std::vector<nlohmann::json>& records) const;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct ThreatLogContents {
  std::vector<nlohmann::json> records;
  std::vector<int> bad_lines;  // 1-based numbers of lines that did not parse as JSON objects
  bool torn_tail = false;      // the file ends in part of a record (a writer killed mid-write)
};

// A missing file is an empty log.
Result<ThreatLogContents> ReadThreatLog(const std::string& path);

}  // namespace quarry::report
