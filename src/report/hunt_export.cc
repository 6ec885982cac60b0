#include "report/hunt_export.h"

#include <map>

#include <fmt/core.h>
#include <fmt/format.h>

#include "common/csv.h"
#include "common/time.h"

namespace quarry::report {
namespace {

std::string Join(const std::vector<std::string>& v, const char* sep) {
  return fmt::format("{}", fmt::join(v, sep));
}

// Inline code that no backtick inside can close.
std::string Code(std::string_view text) {
  std::string clean;
  for (char c : text) clean += (static_cast<unsigned char>(c) < 0x20) ? ' ' : c;
  size_t run = 0, longest = 0;
  for (char c : clean) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(longest + 1, '`');
  return fence + " " + clean + " " + fence;
}

}  // namespace

nlohmann::json HuntResultToJson(const hunt::HuntResult& r) {
  nlohmann::json j;
  j["hunt_id"] = r.hunt_id;
  j["request"] = r.request;
  j["plan"] = hunt::HuntPlanToJson(r.plan);
  j["planner"] = r.planner;
  j["plan_notes"] = r.plan_notes;
  j["queries"] = nlohmann::json::array();
  for (const auto& q : r.queries) {
    nlohmann::json qj{{"table", q.table}, {"kql", q.kql}, {"round", q.round}, {"rows", q.rows}};
    if (!q.error.empty()) qj["error"] = q.error;
    if (!q.notes.empty()) qj["notes"] = q.notes;
    j["queries"].push_back(std::move(qj));
  }
  j["analyst"] = r.analyst;
  j["evidence"] = {{"rows_in", r.rows_in},
                   {"rows_kept", r.evidence.rows.size()},
                   {"groups", r.evidence.groups.size()},
                   {"tokens", r.first_round.evidence_tokens},
                   {"csv_tokens", r.first_round.csv_tokens}};
  j["tokens"] = {{"prompt", r.usage.prompt_tokens}, {"completion", r.usage.completion_tokens}};
  j["cost_usd"] = r.usage.cost_usd;
  j["findings"] = nlohmann::json::array();
  for (const auto& f : r.findings) j["findings"].push_back(hunt::FindingToJson(f));
  j["actions"] = r.actions;
  j["notes"] = r.notes;
  j["seconds"] = r.seconds;
  return j;
}

std::string HuntReportMarkdown(const hunt::HuntResult& r) {
  std::string md = "# Quarry hunt " + r.hunt_id + "\n\n";
  md += "**Request:** " + Code(r.request) + "\n\n";
  md += "## Plan\n\n";
  md += fmt::format("- Tables: {}\n- Window: {} to {} ({:g} hours)\n", Join(r.plan.tables, ", "),
                    FormatDatetime(r.plan.start_ticks), FormatDatetime(r.plan.end_ticks),
                    r.plan.time_range_hours);
  auto entity = [&](const char* name, const std::optional<std::string>& v) {
    if (v) md += fmt::format("- {}: {}\n", name, Code(*v));
  };
  entity("Device", r.plan.device_name);
  entity("User", r.plan.user_principal_name);
  entity("Caller", r.plan.caller);
  entity("IP address", r.plan.ip_address);
  entity("Process", r.plan.process_name);
  if (r.plan.port) md += fmt::format("- Port: {}\n", *r.plan.port);
  md += "- Rationale: " + Code(r.plan.rationale) + "\n";
  for (const auto& n : r.plan_notes) md += "- Note: " + Code(n) + "\n";
  md += "\n## Queries\n\n";
  for (const auto& q : r.queries) {
    md += fmt::format("### {}{}\n\n", q.round ? fmt::format("Pivot round {}: ", q.round) : "", q.table);
    md += "```kql\n" + q.kql + "\n```\n\n";
    md += q.error.empty() ? fmt::format("{} rows returned.\n\n", q.rows) : "Failed: " + Code(q.error) + "\n\n";
  }
  md += fmt::format("Planner: {}. Analyst: {}. Evidence: {} rows in, {} kept verbatim, {} groups.\n\n", r.planner, r.analyst,
                    r.rows_in, r.evidence.rows.size(), r.evidence.groups.size());
  md += fmt::format("## Findings ({})\n\n", r.findings.size());
  if (r.findings.empty()) md += "Nothing found.\n\n```\n" + hunt::DescribeSearch(r) + "```\n\n";
  int i = 0;
  for (const auto& f : r.findings) {
    md += fmt::format("### {}. {}\n\n", ++i, Code(f.title));
    md += fmt::format("- Confidence: {}{}\n", hunt::ConfidenceName(f.confidence),
                      f.verified ? " (verified)" : " (unverified)");
    md += fmt::format("- ATT&CK: {} {} {} ({})\n", f.mitre.id, f.mitre.technique,
                      f.mitre.sub_technique, f.mitre.tactic);
    if (f.round) md += fmt::format("- Found in pivot round {}\n", f.round);
    md += "- Description: " + Code(f.description) + "\n";
    if (!f.indicators_of_compromise.empty()) {
      md += "- IOCs:";
      for (const auto& ioc : f.indicators_of_compromise) {
        md += ' ';
        md += Code(ioc);
      }
      md += "\n";
    }
    if (!f.recommendations.empty()) md += "- Recommendations: " + Code(Join(f.recommendations, "; ")) + "\n";
    for (const auto& n : f.verification_notes) md += "- Check: " + Code(n) + "\n";
    md += "\nEvidence rows:\n\n";
    for (const auto& id : f.evidence_ids) {
      if (const auto* row = r.evidence.FindRow(id)) {
        md += "- " + Code(hunt::Evidence::RenderRow(*row)) + "\n";
      } else if (const auto* group = r.evidence.FindGroup(id)) {
        md += "- " + Code(hunt::Evidence::RenderGroup(*group)) + "\n";
      }
    }
    for (const auto& line : f.log_lines) md += "- " + Code(line) + "\n";
    md += "\n";
  }
  md += "## Actions taken\n\n";
  if (r.actions.empty()) md += "None.\n";
  for (const auto& a : r.actions) md += "- " + Code(a) + "\n";
  return md;
}

nlohmann::json FindingsExportJson(const std::vector<hunt::Finding>& findings) {
  nlohmann::json j{{"findings", nlohmann::json::array()}};
  for (const auto& f : findings) j["findings"].push_back(hunt::FindingToJson(f));
  return j;
}

std::string FindingsExportCsv(const std::vector<hunt::Finding>& findings) {
  std::string out =
      "title,confidence,verified,tactic,technique_id,iocs,hosts,accounts,evidence_ids,round,source\n";
  for (const auto& f : findings) {
    std::vector<std::string> fields = {f.title,
                                       hunt::ConfidenceName(f.confidence),
                                       f.verified ? "true" : "false",
                                       f.mitre.tactic,
                                       f.mitre.id,
                                       Join(f.indicators_of_compromise, ";"),
                                       Join(f.entities.hosts, ";"),
                                       Join(f.entities.accounts, ";"),
                                       Join(f.evidence_ids, ";"),
                                       std::to_string(f.round),
                                       f.source};
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i) out += ",";
      out += SpreadsheetCsvField(fields[i]);
    }
    out += "\n";
  }
  return out;
}

nlohmann::json NavigatorLayer(const std::vector<hunt::Finding>& findings, const std::string& name) {
  std::map<std::string, int> score;
  for (const auto& f : findings) {
    if (f.mitre.id.empty()) continue;
    int s = f.confidence == hunt::Confidence::kHigh ? 3 : f.confidence == hunt::Confidence::kMedium ? 2 : 1;
    score[f.mitre.id] = std::max(score[f.mitre.id], s);
  }
  nlohmann::json techniques = nlohmann::json::array();
  for (const auto& [id, s] : score) techniques.push_back({{"techniqueID", id}, {"score", s}});
  return {{"name", name},
          {"domain", "enterprise-attack"},
          {"versions", {{"layer", "4.5"}, {"navigator", "4.9.1"}}},
          {"description", "Techniques found by a Quarry hunt"},
          {"gradient", {{"colors", {"#ffffff", "#ff6666"}}, {"minValue", 0}, {"maxValue", 3}}},
          {"techniques", techniques}};
}

}  // namespace quarry::report
