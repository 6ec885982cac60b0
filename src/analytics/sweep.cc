#include "analytics/sweep.h"

#include <algorithm>
#include <cctype>

namespace quarry::analytics {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool HasKind(const Rule& rule, EntityKind kind) {
  return std::any_of(rule.entities.begin(), rule.entities.end(),
                     [kind](const EntityMapping& m) { return m.kind == kind; });
}

bool AnyEquals(const std::vector<std::string>& values, std::string_view wanted) {
  std::string w = Lower(wanted);
  return std::any_of(values.begin(), values.end(), [&](const std::string& v) { return Lower(v) == w; });
}

bool AnyAccount(const std::vector<std::string>& values, std::string_view wanted) {
  std::string w = BareAccount(wanted);
  return std::any_of(values.begin(), values.end(),
                     [&](const std::string& v) { return BareAccount(v) == w; });
}

SweepResult RunAll(const std::vector<const Rule*>& rules, const kql::Catalog& catalog,
                   const SweepOptions& options, const hunt::HuntPlan* plan) {
  SweepResult result;
  std::vector<Hit> hits;
  RunOptions run_options;
  run_options.window = options.window;
  run_options.now_ticks = options.now_ticks;
  run_options.threads = options.threads;
  for (const Rule* rule : rules) {
    RuleRunSummary summary;
    summary.rule_id = rule->id;
    bool missing = std::any_of(rule->tables.begin(), rule->tables.end(), [&](const std::string& t) {
      return !catalog.GetSchema(t).has_value();
    });
    if (missing) {
      summary.skipped = true;
      ++result.rules_skipped;
      result.runs.push_back(std::move(summary));
      continue;
    }
    auto run = RunRule(*rule, catalog, run_options);
    ++result.rules_run;
    if (!run.ok()) {
      summary.error = run.status().message();
      ++result.rules_failed;
      result.runs.push_back(std::move(summary));
      continue;
    }
    summary.seconds = run->seconds;
    for (auto& hit : run->hits) {
      if (plan != nullptr && !HitMatchesPlan(hit, *plan)) continue;
      hits.push_back(std::move(hit));
      ++summary.hits;
    }
    result.runs.push_back(std::move(summary));
  }
  result.findings = BuildFindings(hits, options.analyst);
  return result;
}

}  // namespace

std::string BareAccount(std::string_view account) {
  std::string a = Lower(account);
  if (auto at = a.find('@'); at != std::string::npos) a.resize(at);
  if (auto slash = a.rfind('\\'); slash != std::string::npos) a = a.substr(slash + 1);
  return a;
}

SweepResult Sweep(const std::vector<Rule>& rules, const kql::Catalog& catalog,
                  const SweepOptions& options) {
  std::vector<const Rule*> all;
  all.reserve(rules.size());
  for (const auto& r : rules) all.push_back(&r);
  return RunAll(all, catalog, options, nullptr);
}

bool RuleFitsPlan(const Rule& rule, const hunt::HuntPlan& plan) {
  if (!plan.tables.empty()) {
    for (const auto& t : rule.tables) {
      if (!AnyEquals(plan.tables, t)) return false;
    }
  }
  if (plan.device_name && !HasKind(rule, EntityKind::kHost)) return false;
  if ((plan.user_principal_name || plan.caller) && !HasKind(rule, EntityKind::kAccount)) return false;
  if (plan.ip_address && !HasKind(rule, EntityKind::kIp)) return false;
  if (plan.process_name && !HasKind(rule, EntityKind::kProcess)) return false;
  return true;
}

bool HitMatchesPlan(const Hit& hit, const hunt::HuntPlan& plan) {
  const auto& e = hit.entities;
  if (plan.device_name && !AnyEquals(e.hosts, *plan.device_name)) return false;
  if (plan.user_principal_name && !AnyAccount(e.accounts, *plan.user_principal_name)) return false;
  if (plan.caller && !AnyAccount(e.accounts, *plan.caller)) return false;
  if (plan.ip_address && !AnyEquals(e.ips, *plan.ip_address)) return false;
  if (plan.process_name && !AnyEquals(e.processes, *plan.process_name)) return false;
  return true;
}

SweepResult AnalyzeHunt(const std::vector<Rule>& rules, const kql::Catalog& catalog,
                        const hunt::HuntPlan& plan, const SweepOptions& options) {
  std::vector<const Rule*> fitting;
  for (const auto& r : rules) {
    if (RuleFitsPlan(r, plan)) fitting.push_back(&r);
  }
  SweepOptions windowed = options;
  if (plan.end_ticks > plan.start_ticks) windowed.window = {plan.start_ticks, plan.end_ticks};
  return RunAll(fitting, catalog, windowed, &plan);
}

}  // namespace quarry::analytics
