// Pivots: the follow-up queries a hunt runs on what it found — other sign-ins and logons by a
// suspicious account, other hosts that talked to a bad IP, more activity on a compromised host,
// the same process elsewhere — and the lookup of the stored rows a finding cites.
//
// Every pivot is a HuntPlan (so it is checked by the guardrails and built by the query builder
// like the first query): entity values read from logs travel as typed plan fields and become
// escaped string literals, never spliced text.
//
// Pure functions except FetchCitedRows (which queries the source). Thread-compatible.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "common/status.h"
#include "hunt/evidence.h"
#include "hunt/finding.h"
#include "hunt/hunt_plan.h"
#include "sources/log_source.h"

namespace quarry::hunt {

struct PivotPlan {
  HuntPlan plan;
  std::string why;  // "other sign-ins and logons by jdoe"
};

// Pivots on the entities of Medium and High `findings` (IPs only when they are IOCs) that `seen`
// does not hold yet (keys like "ip:1.2.3.4"),
// over `base`'s window, at most `max_pivots`. Adds the new keys to `seen`.
std::vector<PivotPlan> PlanPivots(const HuntPlan& base, const std::vector<Finding>& findings,
                                  std::set<std::string>* seen, size_t max_pivots = 4);

// The entity keys a plan already filters on (so the first plan is not pivoted on again).
std::set<std::string> PlanEntityKeys(const HuntPlan& plan);

// The stored rows with these `_ItemId`s from `tables`, as evidence rows whose id is the _ItemId.
// Ids that are not decimal numbers are ignored; at most 500 ids are looked up.
Result<std::vector<EvidenceRow>> FetchCitedRows(sources::LogSource& source,
                                                const std::vector<std::string>& tables,
                                                const std::vector<std::string>& ids,
                                                int64_t now_ticks);

// A rule's log line "Column=value; Column=value" back into cells (values may contain "; ").
std::vector<EvidenceCell> CellsFromLogLine(const std::string& line);

}  // namespace quarry::hunt
