// Who may say yes to a containment action, and how.
//
// Interactive (a person at a terminal): Quarry shows exactly which machine will be contained
// (full DNS name, machine id, OS, last seen) and why, and proceeds only when the person types
// "yes" — nothing else counts, not "y", not Enter.
//
// Unattended (no terminal, or --yes): only when a policy file explicitly allows it, and for
// isolation only for a finding with High confidence that the verifier marked verified. The
// policy file is YAML:
//   unattended:
//     isolate: true    # isolate without a person, for High-confidence verified findings
//     release: false   # release without a person
// A missing key is false. Anything else (an unreadable file, a typo'd key's value) refuses.
//
// Pure functions over streams; thread-compatible.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "response/defender_wire.h"

namespace quarry::response {

enum class ContainmentKind { kIsolate, kRelease };
const char* ContainmentVerb(ContainmentKind kind);  // "isolate", "release"

// The finding an isolation answers (from threats.jsonl).
struct FindingSummary {
  std::string hunt_id;
  int index = 0;  // 1-based position among the hunt's findings
  std::string title;
  std::string confidence;  // "Low", "Medium", "High"
  bool verified = false;
};

struct ResponsePolicy {
  bool unattended_isolate = false;
  bool unattended_release = false;
  std::string path;  // where it was read from
};

// Parses a policy file's YAML text; InvalidArgument naming the problem.
Result<ResponsePolicy> ParseResponsePolicy(const std::string& yaml_text, const std::string& path);
Result<ResponsePolicy> LoadResponsePolicy(const std::string& path);

struct ApprovalQuestion {
  ContainmentKind kind = ContainmentKind::kIsolate;
  Machine machine;
  std::string isolation_type;  // "Full" / "Selective" for isolation
  std::optional<FindingSummary> finding;
  bool dry_run = false;
};

struct ApprovalDecision {
  bool approved = false;
  std::string approver;  // who said yes (or no)
  std::string method;    // "typed yes", "policy file <path>", "declined", ...
  std::string reason;    // why not, when not approved
};

// The text shown before asking: what will be done, to which exact machine, and why.
std::string DescribeApprovalQuestion(const ApprovalQuestion& question);

// Shows the question on `out` and reads one line from `in`; approved only for exactly "yes"
// (surrounding blanks ignored, any case).
ApprovalDecision AskInteractively(const ApprovalQuestion& question, std::istream& in,
                                  std::ostream& out, const std::string& who);

// The unattended decision under `policy` (nullopt: no policy file given).
ApprovalDecision DecideUnattended(const ApprovalQuestion& question,
                                  const std::optional<ResponsePolicy>& policy,
                                  const std::string& who);

}  // namespace quarry::response

namespace quarry::response {

// The finding `index` (1-based) of hunt `hunt_id` among threats.jsonl records
// ({"hunt_id",...,"finding":{"title","confidence","verified",...}}). NotFound when absent.
Result<FindingSummary> FindingFromThreatRecords(const std::vector<nlohmann::json>& records,
                                                const std::string& hunt_id, int index);

}  // namespace quarry::response
