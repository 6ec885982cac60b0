// OfflineAnalyst: the hunt's analyst when no model answers — the detection library's rules that
// fit the plan (sweep.h AnalyzeHunt), then the analytics' own pivots on what they found, each
// round a guarded plan run through the hunt's PivotRunner, so a pivot is checked, built and
// recorded like the first query.
//
// The rules read `catalog`: the workspace's own catalog for a local source, or a
// sources::SourceCatalog over a remote one (so on Log Analytics or ADX the rules read the rows the
// server returns). The rows a finding cites are looked up in `source` and added to the evidence,
// with the findings' own log lines, so the verifier can check them.
//
// Thread-compatible: one analyst per hunt.
#pragma once

#include <string>
#include <vector>

#include "analytics/rule.h"
#include "attack/catalog.h"
#include "hunt/hunt_runner.h"
#include "kql/catalog.h"
#include "sources/log_source.h"

namespace quarry::analytics {

class OfflineAnalyst : public hunt::HuntAnalyst {
 public:
  // REQUIRES: `source` and `catalog` outlive the analyst. `attack` may be null (ids only).
  OfflineAnalyst(std::vector<Rule> rules, sources::LogSource& source, const kql::Catalog& catalog,
                 const attack::Catalog* attack)
      : rules_(std::move(rules)), source_(source), catalog_(catalog), attack_(attack) {}

  std::string Name() const override { return "offline"; }

  Result<std::vector<hunt::Finding>> Analyze(const hunt::AnalysisInput& input,
                                             hunt::PivotRunner& pivots, hunt::Evidence* extra,
                                             hunt::AnalysisUsage* usage) override;

 private:
  // The tables of the rules that produced `finding`.
  std::vector<std::string> TablesOf(const hunt::Finding& finding) const;

  std::vector<Rule> rules_;
  sources::LogSource& source_;
  const kql::Catalog& catalog_;
  const attack::Catalog* attack_;
};

}  // namespace quarry::analytics
