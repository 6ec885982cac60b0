// Terminal rendering of a hunt, in the seeds' flow: the plan and its rationale, each constructed
// KQL query with the rows it returned, the evidence condensing, the cost before a model is
// called, "hunt complete in X s, N potential threats", then each finding as a card.
//
// Colour only when wanted: standard output is a terminal, NO_COLOR is unset or empty, and TERM is
// not "dumb". Log text inside cards is attacker-controlled: control characters (including
// terminal escape sequences) are replaced before printing.
//
// Pure functions returning text; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "hunt/evidence_condenser.h"
#include "hunt/finding.h"
#include "hunt/hunt_plan.h"
#include "hunt/hunt_runner.h"

namespace quarry::report {

struct TermStyle {
  bool color = false;
};

// Whether `fd` should get colour (isatty, NO_COLOR, TERM=dumb).
bool ColorWanted(int fd);

// Control characters (and ESC) replaced by spaces or "\x1b" shown as text.
std::string SafeText(std::string_view text);

std::string RenderPlan(const hunt::HuntPlan& plan, const std::vector<std::string>& notes,
                       const TermStyle& style);
std::string RenderQuery(const hunt::HuntQuery& query, const TermStyle& style);
std::string RenderEvidenceStats(const hunt::CondenseStats& stats, int round, const TermStyle& style);
// "hunt complete in 1.2 s, 3 potential threats" (or the "nothing found" explanation).
std::string RenderSummary(const hunt::HuntResult& result, const TermStyle& style);
std::string RenderFindingCard(const hunt::Finding& finding, int index, const TermStyle& style);

}  // namespace quarry::report
