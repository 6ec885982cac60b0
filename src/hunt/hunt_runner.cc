#include "hunt/hunt_runner.h"

#include <algorithm>
#include <chrono>
#include <set>

#include <fmt/core.h>
#include <fmt/format.h>

#include "common/time.h"
#include "hunt/kql_safety.h"
#include "hunt/verifier.h"

namespace quarry::hunt {
namespace {

// "_ItemId" is every stored row's stable id (local workspace and Log Analytics alike): asking
// for it lets findings cite rows by an id that outlives the hunt.
std::string WithItemId(const std::string& kql) {
  const std::string project = "\n| project ";
  size_t at = kql.find(project);
  if (at == std::string::npos || kql.find("_ItemId", at) != std::string::npos) return kql;
  std::string out = kql;
  out.insert(at + project.size(), "_ItemId, ");
  return out;
}

// The built query's table and time filter alone, counted: did the table have data then?
std::string CountInWindow(const std::string& kql) {
  size_t first = kql.find("\n| where ");
  if (first == std::string::npos) return "";
  size_t second = kql.find("\n|", first + 1);
  return kql.substr(0, second) + "\n| count";
}

class Runner : public PivotRunner {
 public:
  Runner(const HuntOptions& options, const HuntDeps& deps, HuntResult& result)
      : options_(options), deps_(deps), result_(result) {}

  HuntObserver& observer() { return deps_.observer ? *deps_.observer : silent_; }

  // Builds and runs `plan`'s queries; appends their condensed rows to the evidence.
  Result<std::string> RunRound(const HuntPlan& plan, int round, CondenseStats* stats) {
    QUARRY_ASSIGN_OR_RETURN(auto checked, CheckPlan(plan, *deps_.guardrails));
    if (round == 0) {
      result_.plan = checked.plan;
      result_.plan_notes = checked.notes;
      observer().OnPlan(checked.plan, checked.notes);
    }
    QUARRY_ASSIGN_OR_RETURN(auto built, BuildQueries(checked.plan, *deps_.guardrails, deps_.validator));
    std::vector<QueryResult> results;
    for (auto& q : built) {
      HuntQuery hq;
      hq.table = q.table;
      hq.kql = WithItemId(q.kql);
      hq.round = round;
      hq.notes = q.notes;
      if (!CheckKqlSafety(hq.kql).ok() || (deps_.validator && !deps_.validator(hq.kql).ok())) {
        hq.kql = q.kql;  // the source has no _ItemId: the built query as it was
      }
      if (!options_.dry_run) {
        sources::QueryOptions qo;
        qo.now_ticks = options_.now_ticks;
        qo.max_rows = static_cast<size_t>(deps_.guardrails->row_cap);
        auto table = deps_.source->Query(hq.kql, qo);
        if (table.ok()) {
          hq.rows = static_cast<int64_t>((*table)->num_rows());
          if (hq.rows == 0) hq.notes.push_back(DataInWindow(hq.kql, qo));
          results.push_back(QueryResult{q.table, static_cast<int>(result_.queries.size()), *table});
        } else {
          hq.error = table.status().message();
        }
      }
      observer().OnQuery(hq);
      result_.queries.push_back(std::move(hq));
    }
    if (options_.dry_run) return std::string();
    size_t rows_before = result_.evidence.rows.size(), groups_before = result_.evidence.groups.size();
    CondenseOptions co;
    co.tokenizer = deps_.tokenizer;
    co.token_budget = options_.token_budget;
    CondenseStats local;
    CondenseStats& st = stats ? *stats : local;
    QUARRY_RETURN_IF_ERROR(CondenseInto(results, co, &result_.evidence, &st));
    result_.rows_in += st.rows_in;
    observer().OnEvidence(st, round);
    std::string text;
    RowRenderer renderer;
    for (size_t i = rows_before; i < result_.evidence.rows.size(); ++i) {
      text += renderer.Render(result_.evidence.rows[i]) + "\n";
    }
    for (size_t i = groups_before; i < result_.evidence.groups.size(); ++i) {
      text += Evidence::RenderGroup(result_.evidence.groups[i]) + "\n";
    }
    if (text.empty()) text = "(no rows)\n";
    return text;
  }

  // Whether the table had any rows in the window at all (the "nothing found" answer).
  std::string DataInWindow(const std::string& kql, const sources::QueryOptions& qo) {
    std::string count_kql = CountInWindow(kql);
    if (count_kql.empty() || !CheckKqlSafety(count_kql).ok()) return "no rows matched";
    auto counted = deps_.source->Query(count_kql, qo);
    if (!counted.ok() || (*counted)->num_rows() != 1 || (*counted)->num_columns() != 1) {
      return "no rows matched";
    }
    std::string n = (*counted)->column(0)->GetValue(0).ToString();
    return n == "0" ? "the table has no data in this window"
                    : "the table has " + n + " rows in this window; none matched the filters";
  }

  Result<std::string> RunPivot(const HuntPlan& plan, int round, const std::string& why) override {
    if (round > options_.max_rounds) {
      return ResourceExhausted(fmt::format("pivot round {} is past the limit of {}", round, options_.max_rounds));
    }
    observer().OnNote(fmt::format("pivot round {}: {}", round, why));
    return RunRound(plan, round, nullptr);
  }

 private:
  const HuntOptions& options_;
  const HuntDeps& deps_;
  HuntResult& result_;
  HuntObserver silent_;
};

bool SameFinding(const Finding& a, const Finding& b) {
  return a.title == b.title && a.mitre.id == b.mitre.id && a.entities.hosts == b.entities.hosts &&
         a.entities.accounts == b.entities.accounts;
}

// The latest pivot round among the queries whose rows the finding cites.
int RoundOfEvidence(const Finding& f, const HuntResult& result) {
  int round = 0;
  for (const auto& id : f.evidence_ids) {
    int q = -1;
    if (const auto* row = result.evidence.FindRow(id)) q = row->query_index;
    if (const auto* group = result.evidence.FindGroup(id)) q = group->query_index;
    if (q >= 0 && static_cast<size_t>(q) < result.queries.size()) {
      round = std::max(round, result.queries[q].round);
    }
  }
  return round;
}

// The devices of the rows a finding cites (a model's finding names no entities of its own, and
// its words are not trusted to choose a machine).
std::vector<std::string> HostsOfEvidence(const Finding& f, const Evidence& evidence) {
  std::vector<std::string> hosts;
  for (const auto& id : f.evidence_ids) {
    const auto* row = evidence.FindRow(id);
    if (!row) continue;
    for (const auto& [column, value] : row->cells) {
      if (column == "DeviceName" && std::find(hosts.begin(), hosts.end(), value) == hosts.end()) {
        hosts.push_back(value);
      }
    }
  }
  return hosts;
}

// Host named by the finding that really occurs in the evidence.
std::vector<std::string> IsolationTargets(const Finding& f, const Verifier& verifier) {
  std::vector<std::string> out;
  for (const auto& host : f.entities.hosts) {
    if (!host.empty() && verifier.ValueInEvidence(host)) out.push_back(host);
  }
  return out;
}

void OfferContainment(HuntResult& result, const HuntDeps& deps, HuntObserver& observer,
                      const Verifier& verifier) {
  if (!deps.containment) return;
  std::set<std::string> offered;
  for (const auto& f : result.findings) {
    if (f.confidence != Confidence::kHigh || !f.verified) continue;
    for (const auto& host : IsolationTargets(f, verifier)) {
      std::string key = host;
      for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (!offered.insert(key).second) continue;
      if (!observer.ApproveIsolation(host, f)) {
        result.actions.push_back("isolation of " + host + " offered and not approved: nothing sent");
        continue;
      }
      auto done = deps.containment->Isolate(host, f, result.hunt_id);
      result.actions.push_back(done.ok() ? *done
                                         : "isolation of " + host + " failed: " + done.status().message());
    }
  }
}

}  // namespace

Result<HuntResult> RunHunt(const std::string& request, const HuntOptions& options,
                           const HuntDeps& deps) {
  if (!deps.planner || !deps.guardrails || !deps.source || !deps.tokenizer || !deps.attack ||
      !deps.analyst) {
    return InvalidArgument("hunt: missing a planner, guardrails, source, tokenizer, ATT&CK catalog or analyst");
  }
  auto started = std::chrono::steady_clock::now();
  HuntResult result;
  result.hunt_id = options.hunt_id;
  result.request = request;
  Runner runner(options, deps, result);
  HuntObserver& observer = runner.observer();

  QUARRY_ASSIGN_OR_RETURN(HuntPlan plan, deps.planner->Plan(request, options.now_ticks));
  PlanReport planned = deps.planner->LastReport();
  result.planner = planned.planner;
  result.usage.prompt_tokens += planned.prompt_tokens;
  result.usage.completion_tokens += planned.completion_tokens;
  result.usage.cost_usd += planned.cost_usd;
  result.usage.calls += planned.calls;
  for (auto& note : planned.notes) {
    result.notes.push_back(std::move(note));
    observer.OnNote(result.notes.back());
  }
  QUARRY_RETURN_IF_ERROR(runner.RunRound(plan, 0, &result.first_round).status());
  if (options.dry_run) {
    result.analyst = deps.analyst->Name();
    return result;
  }

  AnalysisInput input{request, &result.plan, &result.evidence, options.max_rounds, options.now_ticks};
  Evidence extra;
  auto findings = deps.analyst->Analyze(input, runner, &extra, &result.usage);
  result.analyst = deps.analyst->Name();  // after: a person may have switched the model
  if (!findings.ok() && deps.fallback) {
    result.notes.push_back(result.analyst + " could not finish (" + findings.status().message() +
                           "); the offline analyst answered instead");
    observer.OnNote(result.notes.back());
    result.analyst = deps.fallback->Name();
    findings = deps.fallback->Analyze(input, runner, &extra, &result.usage);
  }
  if (!findings.ok()) return findings.status().WithContext("hunt analysis");
  for (auto& row : extra.rows) {
    if (!result.evidence.HasId(row.id)) result.evidence.rows.push_back(std::move(row));
  }
  for (auto& group : extra.groups) {
    if (!result.evidence.HasId(group.id)) result.evidence.groups.push_back(std::move(group));
  }

  for (auto& f : *findings) {
    // An offline rule says itself which round found it; a model's round is that of its rows.
    if (f.source.rfind("model:", 0) == 0) f.round = std::max(f.round, RoundOfEvidence(f, result));
    if (f.entities.hosts.empty()) f.entities.hosts = HostsOfEvidence(f, result.evidence);
  }
  Verifier verifier(*deps.attack, result.evidence);
  for (auto& f : verifier.VerifyAll(std::move(*findings))) {
    bool duplicate = false;
    for (const auto& seen : result.findings) duplicate = duplicate || SameFinding(seen, f);
    if (!duplicate) result.findings.push_back(std::move(f));
  }
  if (deps.recorder && !result.findings.empty()) {
    Status recorded = deps.recorder->Record(result);
    if (!recorded.ok()) {
      result.notes.push_back("the threat log was not written: " + recorded.message());
      observer.OnNote(result.notes.back());
    }
  }
  OfferContainment(result, deps, observer, verifier);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

std::string DescribeSearch(const HuntResult& result) {
  const HuntPlan& p = result.plan;
  std::string filters;
  auto add = [&](const char* name, const std::optional<std::string>& v) {
    if (v) filters += fmt::format("{}{} = {}", filters.empty() ? "" : ", ", name, *v);
  };
  add("device", p.device_name);
  add("user", p.user_principal_name);
  add("caller", p.caller);
  add("IP", p.ip_address);
  add("process", p.process_name);
  if (p.port) filters += fmt::format("{}port = {}", filters.empty() ? "" : ", ", *p.port);
  std::string out = fmt::format("searched {} from {} to {}{}\n", fmt::join(p.tables, ", "),
                                FormatDatetime(p.start_ticks), FormatDatetime(p.end_ticks),
                                filters.empty() ? " with no entity filter" : " where " + filters);
  for (const auto& q : result.queries) {
    if (q.round != 0) continue;
    if (!q.error.empty()) {
      out += fmt::format("  {}: the query failed: {}\n", q.table, q.error);
    } else {
      out += fmt::format("  {}: {} matching rows{}\n", q.table, q.rows,
                         q.notes.empty() ? "" : " (" + q.notes.back() + ")");
    }
  }
  return out;
}

}  // namespace quarry::hunt
