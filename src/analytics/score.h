// Scoring findings against the cyber range's ground truth (issue 7's proof).
//
// A finding matches a planted record when its ATT&CK technique is in the same technique family
// as one of the record's (T1059 ~ T1059.001) and it names one of the record's entities (host,
// account, IP, process or file; accounts compare by bare name, hosts also by their short name).
//   recall    = malicious scenarios matched by at least one finding / malicious scenarios
//   precision = Medium/High findings matching a malicious scenario / Medium/High findings
// A benign look-alike "fires as High" when a High finding cites one of its evidence rows (the
// look-alike's own activity was judged High); those are counted separately and must be zero.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "hunt/finding.h"
#include "range/ground_truth.h"

namespace quarry::analytics {

struct ScenarioScore {
  std::string id, kind, name;
  bool found = false;
  std::vector<std::string> matched_by;  // titles of matching findings
};

struct ScoreReport {
  size_t scenarios = 0, scenarios_found = 0;
  size_t medium_high = 0, medium_high_matching = 0;
  size_t lookalikes_fired_high = 0;
  double recall = 0, precision = 0;  // 0..1 (precision 1 when there are no Medium/High findings)
  std::vector<ScenarioScore> per_scenario;
  std::vector<std::string> unmatched_findings;  // "Confidence: title" of Medium/High misses
  std::vector<std::string> high_lookalikes;     // look-alike ids hit by a High finding
};

bool FindingMatches(const hunt::Finding& finding, const range::TruthRecord& record);
// True when the finding cites at least one of the record's evidence rows.
bool CitesEvidenceOf(const hunt::Finding& finding, const range::TruthRecord& record);

ScoreReport Score(const range::GroundTruth& truth, const std::vector<hunt::Finding>& findings);

// "recall: 96% (24/25 scenarios)\nprecision: 85% (..)\n" then, when verbose, the missed
// scenarios and unmatched findings.
std::string FormatScore(const ScoreReport& report, bool verbose);

}  // namespace quarry::analytics
