// The offline analyst's reasoning: rule hits -> findings, as a careful analyst would write them.
//
// Hits of the same ATT&CK technique family on the same primary entity (host, else account, else
// IP), no more than `group_gap` apart, become one finding, citing every row (evidence ids), the
// rows as log lines, the IOCs found in them and the union of their entities. Confidence:
//   rule severity High                      -> High
//   Medium                                  -> Medium, High when corroborated
//   Low                                     -> Low, Medium when corroborated
//   Informational                           -> Low
// where "corroborated" means a second analytic agrees: another non-informational rule in the
// same group, or a finding of another technique family, from a rule of at least Medium severity,
// on a shared host or account within `corroboration_window`. Weak (Low) and informational
// signals never raise others. Findings are ranked: confidence, severity, number of rows, then time.
//
// Thread-safe: pure functions.
#pragma once

#include <cstdint>
#include <vector>

#include "analytics/hit.h"
#include "attack/catalog.h"
#include "common/time.h"
#include "hunt/finding.h"

namespace quarry::analytics {

struct AnalystOptions {
  int64_t group_gap_ticks = 6 * kTicksPerHour;
  int64_t corroboration_window_ticks = 24 * kTicksPerHour;
  size_t max_log_lines = 20;
  size_t max_evidence_ids = 500;
  size_t max_iocs = 50;
  // For ATT&CK names and tactics; when null, findings carry the ids only.
  const attack::Catalog* attack = nullptr;
};

// Turns hits into ranked findings. REQUIRES: every hit's rule is non-null.
std::vector<hunt::Finding> BuildFindings(const std::vector<Hit>& hits,
                                         const AnalystOptions& options);

}  // namespace quarry::analytics
