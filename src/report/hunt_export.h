// A hunt as data and documents: the `--json` object, the Markdown report (`--report FILE.md`),
// the findings alone as JSON or CSV (`--export json|csv`) and an ATT&CK Navigator layer.
//
// Log text is attacker-controlled: Markdown escapes it inside code spans and fences so it can't
// add links, headings or HTML; CSV quotes every field that needs it and defuses cells that a
// spreadsheet would run as a formula. Pure functions; thread-safe.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hunt/finding.h"
#include "hunt/hunt_runner.h"

namespace quarry::report {

// {"hunt_id","request","plan","plan_notes","queries":[{"table","kql","round","rows","error"}],
//  "analyst","evidence":{"rows_in","rows_kept","groups","tokens","csv_tokens"},
//  "tokens":{"prompt","completion"},"cost_usd","findings":[..],"actions":[..],"notes":[..],
//  "seconds"}
nlohmann::json HuntResultToJson(const hunt::HuntResult& result);

std::string HuntReportMarkdown(const hunt::HuntResult& result);

// {"findings":[...]} with every field of FindingToJson.
nlohmann::json FindingsExportJson(const std::vector<hunt::Finding>& findings);
// One line per finding: title, confidence, verified, tactic, technique id, IOCs, hosts,
// accounts, evidence ids, round, source.
std::string FindingsExportCsv(const std::vector<hunt::Finding>& findings);

// ATT&CK Navigator layer (format 4.5) with one scored technique per finding technique.
nlohmann::json NavigatorLayer(const std::vector<hunt::Finding>& findings, const std::string& name);

}  // namespace quarry::report
