// Finding: one potential threat, with the evidence behind it. The same JSON is the model's
// response schema, the offline analyst's output, `--json` output and a threats.jsonl record:
//   {"title","description","mitre":{"tactic","technique","sub_technique","id","description"},
//    "log_lines":[..], "confidence":"Low|Medium|High", "recommendations":[..],
//    "indicators_of_compromise":[..], "tags":[..], "notes", "evidence_ids":[..]}
// plus Quarry's own bookkeeping (verification, round, entities, source). A value type.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"

namespace quarry::hunt {

enum class Confidence { kLow, kMedium, kHigh };
const char* ConfidenceName(Confidence c);  // "Low", "Medium", "High"
std::optional<Confidence> ConfidenceFromName(std::string_view name);  // case-insensitive

struct MitreRef {
  std::string tactic;         // e.g. "Credential Access"
  std::string technique;      // e.g. "Brute Force"
  std::string sub_technique;  // e.g. "Password Spraying", or ""
  std::string id;             // e.g. "T1110.003"
  std::string description;
};

// Entities a finding is about, for pivots, grouping and isolation.
struct Entities {
  std::vector<std::string> hosts;
  std::vector<std::string> accounts;
  std::vector<std::string> ips;
  std::vector<std::string> processes;
  std::vector<std::string> files;
};

struct Finding {
  std::string title;
  std::string description;
  MitreRef mitre;
  std::vector<std::string> log_lines;
  Confidence confidence = Confidence::kLow;
  std::vector<std::string> recommendations;  // "pivot", "create incident", "monitor", "ignore"
  std::vector<std::string> indicators_of_compromise;
  std::vector<std::string> tags;
  std::string notes;
  std::vector<std::string> evidence_ids;  // evidence ids (stable row ids) the finding cites

  // Bookkeeping, not part of the model's schema.
  Entities entities;
  std::string source;  // "model:<name>" or "rule:<id>[,rule:<id>..]"
  int round = 0;       // 0 = first analysis, 1.. = pivot rounds
  bool verified = false;
  std::vector<std::string> verification_notes;
};

nlohmann::json FindingToJson(const Finding& f);
// Parses the model-facing fields (bookkeeping fields optional); errors name the field.
Result<Finding> FindingFromJson(const nlohmann::json& j);
// The JSON schema of the model's response: {"findings":[Finding...]} (strict).
nlohmann::json FindingsResponseJsonSchema();

}  // namespace quarry::hunt
