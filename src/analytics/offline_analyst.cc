#include "analytics/offline_analyst.h"

#include <algorithm>
#include <set>

#include "analytics/sweep.h"
#include "hunt/pivots.h"

namespace quarry::analytics {

Result<std::vector<hunt::Finding>> OfflineAnalyst::Analyze(const hunt::AnalysisInput& input,
                                                           hunt::PivotRunner& pivots,
                                                           hunt::Evidence* extra,
                                                           hunt::AnalysisUsage*) {
  SweepOptions options;
  options.now_ticks = input.now_ticks;
  options.analyst.attack = attack_;
  auto first = AnalyzeHunt(rules_, catalog_, *input.plan, options);
  std::vector<hunt::Finding> all = first.findings;
  std::set<std::string> seen = hunt::PlanEntityKeys(*input.plan);
  std::vector<hunt::Finding> fresh = all;
  for (int round = 1; round <= input.max_rounds && !fresh.empty(); ++round) {
    auto plans = hunt::PlanPivots(*input.plan, fresh, &seen);
    fresh.clear();
    for (const auto& p : plans) {
      if (!pivots.RunPivot(p.plan, round, p.why).ok()) continue;
      auto more = AnalyzeHunt(rules_, catalog_, p.plan, options);
      for (auto& f : more.findings) {
        bool known = false;
        for (const auto& g : all) {
          known = known || (g.title == f.title && g.evidence_ids == f.evidence_ids);
        }
        if (known) continue;
        f.round = round;
        fresh.push_back(f);
        all.push_back(std::move(f));
      }
    }
  }
  // What the rules read is evidence too: their output lines and the stored rows they cite.
  for (const auto& f : all) {
    for (const auto& line : f.log_lines) {
      extra->AddRow(f.source, -1, hunt::CellsFromLogLine(line));
    }
    auto rows = hunt::FetchCitedRows(source_, TablesOf(f), f.evidence_ids, input.now_ticks);
    if (rows.ok()) {
      for (auto& r : *rows) extra->rows.push_back(std::move(r));
    }
  }
  return all;
}

std::vector<std::string> OfflineAnalyst::TablesOf(const hunt::Finding& finding) const {
  std::vector<std::string> tables;
  for (const auto& rule : rules_) {
    if (finding.source.find("rule:" + rule.id) == std::string::npos) continue;
    for (const auto& t : rule.tables) {
      if (std::find(tables.begin(), tables.end(), t) == tables.end()) tables.push_back(t);
    }
  }
  return tables;
}

}  // namespace quarry::analytics
