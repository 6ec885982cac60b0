#include "analytics/score.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "analytics/plan_fit.h"
#include "attack/catalog.h"

namespace quarry::analytics {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Host spellings: "rg/vm-final-lab-pr" -> "vm-final-lab-pr"; "ws-1.contoso.com" -> "ws-1".
std::string ShortHost(std::string_view host) {
  std::string h = Lower(host);
  if (auto slash = h.rfind('/'); slash != std::string::npos) h = h.substr(slash + 1);
  if (auto dot = h.find('.'); dot != std::string::npos) h.resize(dot);
  return h;
}

bool Overlap(const std::vector<std::string>& a, const std::vector<std::string>& b,
             std::string (*norm)(std::string_view)) {
  for (const auto& x : a) {
    std::string nx = norm(x);
    if (nx.empty()) continue;
    for (const auto& y : b) {
      if (nx == norm(y)) return true;
    }
  }
  return false;
}

std::string LowerFn(std::string_view s) { return Lower(s); }
std::string BareFn(std::string_view s) { return BareAccount(s); }

// File names compare by their last path component.
std::string FileFn(std::string_view s) {
  std::string f = Lower(s);
  if (auto sep = f.find_last_of("\\/"); sep != std::string::npos) f = f.substr(sep + 1);
  return f;
}

int Percent(double ratio) { return static_cast<int>(std::lround(ratio * 100)); }

}  // namespace

bool CitesEvidenceOf(const hunt::Finding& finding, const range::TruthRecord& record) {
  std::set<std::string> ids;
  for (const auto& [table, rows] : record.evidence) {
    for (uint64_t id : rows) ids.insert(std::to_string(id));
  }
  return std::any_of(finding.evidence_ids.begin(), finding.evidence_ids.end(),
                     [&](const std::string& id) { return ids.count(id) > 0; });
}

bool FindingMatches(const hunt::Finding& finding, const range::TruthRecord& record) {
  bool technique = std::any_of(record.techniques.begin(), record.techniques.end(),
                               [&](const std::string& t) { return attack::SameFamily(t, finding.mitre.id); });
  if (!technique) return false;
  const auto& e = finding.entities;
  return Overlap(e.hosts, record.hosts, ShortHost) || Overlap(e.accounts, record.users, BareFn) ||
         Overlap(e.ips, record.ips, LowerFn) || Overlap(e.processes, record.processes, FileFn) ||
         Overlap(e.files, record.files, FileFn);
}

ScoreReport Score(const range::GroundTruth& truth, const std::vector<hunt::Finding>& findings) {
  ScoreReport report;
  auto scenarios = truth.Scenarios();
  for (const range::TruthRecord* s : scenarios) {
    ScenarioScore score{s->id, s->kind, s->name, false, {}};
    for (const auto& f : findings) {
      if (FindingMatches(f, *s)) {
        score.found = true;
        score.matched_by.push_back(f.title);
      }
    }
    if (score.found) ++report.scenarios_found;
    report.per_scenario.push_back(std::move(score));
  }
  report.scenarios = scenarios.size();
  for (const auto& f : findings) {
    if (f.confidence == hunt::Confidence::kLow) continue;
    ++report.medium_high;
    bool matched = std::any_of(scenarios.begin(), scenarios.end(),
                               [&](const range::TruthRecord* s) { return FindingMatches(f, *s); });
    if (matched) {
      ++report.medium_high_matching;
    } else {
      report.unmatched_findings.push_back(std::string(hunt::ConfidenceName(f.confidence)) + ": " +
                                          f.title + " [" + f.mitre.id + "]");
    }
  }
  for (const range::TruthRecord* l : truth.LookAlikes()) {
    for (const auto& f : findings) {
      if (f.confidence == hunt::Confidence::kHigh && CitesEvidenceOf(f, *l)) {
        ++report.lookalikes_fired_high;
        report.high_lookalikes.push_back(l->id);
        break;
      }
    }
  }
  report.recall = report.scenarios == 0 ? 1.0
                                        : static_cast<double>(report.scenarios_found) /
                                              static_cast<double>(report.scenarios);
  report.precision = report.medium_high == 0 ? 1.0
                                             : static_cast<double>(report.medium_high_matching) /
                                                   static_cast<double>(report.medium_high);
  return report;
}

std::string FormatScore(const ScoreReport& r, bool verbose) {
  std::string out = fmt::format("recall: {}% ({}/{} scenarios found)\n", Percent(r.recall),
                                r.scenarios_found, r.scenarios);
  out += fmt::format("precision: {}% ({}/{} Medium/High findings match a scenario)\n",
                     Percent(r.precision), r.medium_high_matching, r.medium_high);
  out += fmt::format("look-alikes reported as High: {}\n", r.lookalikes_fired_high);
  if (!verbose) return out;
  for (const auto& s : r.per_scenario) {
    if (!s.found) out += fmt::format("  missed: {} ({})\n", s.id, s.name);
  }
  for (const auto& f : r.unmatched_findings) out += "  unmatched: " + f + "\n";
  for (const auto& l : r.high_lookalikes) out += "  look-alike fired High: " + l + "\n";
  return out;
}

}  // namespace quarry::analytics
