// GroundTruth: what the cyber range planted, so hunts can be scored against it.
//
// One TruthRecord per planted attack scenario (malicious = true) and per benign look-alike
// (malicious = false: activity that resembles an attack but is legitimate, for measuring
// precision). Each names its ATT&CK techniques, the entities involved, its time window and the
// `_ItemId` of every evidence row, grouped by table. Stored in the workspace directory as
// range_truth.json (format in docs/RANGE.md). Value types; thread-compatible.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"

namespace quarry::range {

inline constexpr const char* kTruthFileName = "range_truth.json";

struct TruthRecord {
  std::string id;    // "S01-rdp-brute-force", "B03-backup-job"
  std::string kind;  // stable scenario kind, e.g. "rdp_brute_force"
  std::string name;  // human-readable
  bool malicious = true;
  std::vector<std::string> techniques;  // ATT&CK ids, e.g. "T1110.001"
  std::vector<std::string> hosts, users, ips, processes, files;
  int64_t start_ticks = 0, end_ticks = 0;  // inclusive window of the evidence rows
  std::string description;
  std::map<std::string, std::vector<uint64_t>> evidence;  // table -> item ids (ascending)

  size_t EvidenceCount() const;
};

struct GroundTruth {
  uint64_t seed = 0;
  std::string scale;
  int64_t start_ticks = 0, end_ticks = 0;  // the generated period [start, end)
  std::vector<TruthRecord> records;

  std::vector<const TruthRecord*> Scenarios() const;   // malicious only
  std::vector<const TruthRecord*> LookAlikes() const;  // benign only
};

nlohmann::json TruthRecordToJson(const TruthRecord& r);
Result<TruthRecord> TruthRecordFromJson(const nlohmann::json& j);
nlohmann::json GroundTruthToJson(const GroundTruth& truth);
Result<GroundTruth> GroundTruthFromJson(const nlohmann::json& j);

// Writes <dir>/range_truth.json atomically (temp file + rename).
Status WriteGroundTruth(const std::string& dir, const GroundTruth& truth);
// Reads <dir>/range_truth.json; NotFound says the workspace holds no cyber range.
Result<GroundTruth> ReadGroundTruth(const std::string& dir);

// A readable table of the scenarios (and look-alikes when asked), one per line.
std::string FormatTruthTable(const GroundTruth& truth, bool include_lookalikes);

}  // namespace quarry::range
