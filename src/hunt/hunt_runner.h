// HuntRunner: one hunt, end to end —
//   request -> plan -> guardrails -> KQL -> LogSource -> tables -> condenser -> analyst
//   (model or offline) -> pivot rounds -> verifier -> findings -> threat log -> containment offer.
//
// The runner decides nothing about presentation: it tells a HuntObserver what happens (plan,
// each query and its rows, the evidence, the cost before a model is called, each finding) and
// asks it the two questions a person must answer (spend this much? isolate this exact machine?).
// The analyst, the threat log and the containment action are interfaces supplied by the caller,
// so the runner depends on no particular model, rule library, report or Defender client.
//
// Safety contracts: every query (first and pivots) is built by BuildQueries from a HuntPlan that
// passed CheckPlan, so IOCs read from logs are escaped literals, never spliced text; isolation is
// only offered for a High-confidence, verified finding naming a host that occurs in the
// evidence, at most once per machine per hunt, and only acted on when the observer approves.
//
// Thread-compatible: one runner per hunt.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "attack/catalog.h"
#include "common/status.h"
#include "hunt/evidence.h"
#include "hunt/evidence_condenser.h"
#include "hunt/finding.h"
#include "hunt/guardrails.h"
#include "hunt/hunt_plan.h"
#include "hunt/planner.h"
#include "hunt/query_builder.h"
#include "sources/log_source.h"

namespace quarry::llm {
struct ChatRequest;
}  // namespace quarry::llm

namespace quarry::hunt {

struct HuntQuery {
  std::string table;
  std::string kql;
  int round = 0;  // 0 = the first plan, 1.. = pivot rounds
  int64_t rows = -1;  // -1 when it did not run
  std::string error;  // why it failed (the hunt goes on without it)
  std::vector<std::string> notes;
};

// Runs a plan's queries and condenses their results into the hunt's evidence. Analysts call it
// for pivots; it returns the new evidence as text (what a model is shown).
class PivotRunner {
 public:
  virtual ~PivotRunner() = default;
  // Checks and builds `plan` like the first query; the new rows get the next evidence ids.
  virtual Result<std::string> RunPivot(const HuntPlan& plan, int round, const std::string& why) = 0;
};

struct AnalysisInput {
  std::string request;
  const HuntPlan* plan = nullptr;
  const Evidence* evidence = nullptr;  // grows as pivots run
  int max_rounds = 3;
  int64_t now_ticks = 0;
};

struct AnalysisUsage {
  int64_t prompt_tokens = 0;
  int64_t completion_tokens = 0;
  double cost_usd = 0;
  int calls = 0;
};

// The analyst: a model (model_analyst.h) or the offline detection library (wired by the CLI).
class HuntAnalyst {
 public:
  virtual ~HuntAnalyst() = default;
  virtual std::string Name() const = 0;  // "offline" or "model:<name>"
  // Findings from the evidence; may run pivot rounds through `pivots`. Evidence rows the
  // analyst read itself (e.g. the rows an offline rule matched) are added to `extra`.
  virtual Result<std::vector<Finding>> Analyze(const AnalysisInput& input, PivotRunner& pivots,
                                               Evidence* extra, AnalysisUsage* usage) = 0;
};

// Records one hunt's findings (report/threat_log through an adapter).
class FindingRecorder {
 public:
  virtual ~FindingRecorder() = default;
  virtual Status Record(const struct HuntResult& result) = 0;
};

// Isolates a machine. The Defender connector implements it; without one, a dry run that only
// writes an audit record.
class ContainmentAction {
 public:
  virtual ~ContainmentAction() = default;
  virtual std::string Describe() const = 0;  // "Defender for Endpoint", "dry run (audit only)"
  // Returns one line saying what happened.
  virtual Result<std::string> Isolate(const std::string& device, const Finding& finding,
                                      const std::string& hunt_id) = 0;
};

// What the runner tells and asks. Every method has a silent default.
class HuntObserver {
 public:
  virtual ~HuntObserver() = default;
  virtual void OnPlan(const HuntPlan& /*plan*/, const std::vector<std::string>& /*notes*/) {}
  virtual void OnQuery(const HuntQuery& /*query*/) {}
  virtual void OnEvidence(const CondenseStats& /*stats*/, int /*round*/) {}
  virtual void OnNote(const std::string& /*note*/) {}
  // Before the hunt's first model call: the model to use for `request` — `proposed`, another
  // catalogued model the person picked, or "" to cancel the hunt's model use. The CLI asks at a
  // terminal ("Enter to continue / a model name / list"); with --yes or no terminal it keeps
  // `proposed`.
  virtual std::string ChooseModel(const std::string& proposed, const llm::ChatRequest& /*request*/) {
    return proposed;
  }
  // Before money is spent on a model call of `prompt_tokens` tokens; false cancels the hunt's
  // model use (the offline analyst then answers).
  virtual bool ConfirmCost(const std::string& /*model*/, int64_t /*prompt_tokens*/,
                           double /*worst_usd*/) {
    return true;
  }
  // Shows the offer for this exact device. False stops it before the ContainmentAction is
  // called; true hands it on, and the ContainmentAction must itself obtain the approval (a typed
  // "yes" or a policy file) before anything is sent, as the CLI's does.
  virtual bool ApproveIsolation(const std::string& /*device*/, const Finding& /*finding*/) {
    return false;
  }
};

struct HuntOptions {
  int64_t now_ticks = 0;
  int max_rounds = 3;
  size_t token_budget = 12'000;
  bool dry_run = false;  // plan and KQL only: nothing runs, nothing is recorded
  std::string hunt_id;
};

struct HuntResult {
  std::string hunt_id;
  std::string request;
  HuntPlan plan;
  std::string planner;  // who planned: "offline" or "model:<name>" (PlanReport::planner)
  std::vector<std::string> plan_notes;
  std::vector<HuntQuery> queries;
  Evidence evidence;
  CondenseStats first_round;  // the first query round's condensing
  int64_t rows_in = 0;
  std::string analyst;
  AnalysisUsage usage;  // every model call of the hunt, the planning call included
  std::vector<Finding> findings;
  std::vector<std::string> actions;  // containment lines, one per action taken or refused
  std::vector<std::string> notes;
  double seconds = 0;
};

struct HuntDeps {
  Planner* planner = nullptr;              // REQUIRED
  const GuardrailConfig* guardrails = nullptr;  // REQUIRED
  sources::LogSource* source = nullptr;    // REQUIRED
  KqlValidator validator;                  // may be empty
  const llm::Tokenizer* tokenizer = nullptr;  // REQUIRED (evidence budget)
  const attack::Catalog* attack = nullptr;    // REQUIRED (verifier)
  HuntAnalyst* analyst = nullptr;          // REQUIRED
  HuntAnalyst* fallback = nullptr;         // offline analyst when the model fails; may be null
  FindingRecorder* recorder = nullptr;     // may be null
  ContainmentAction* containment = nullptr;  // may be null: no isolation offered
  HuntObserver* observer = nullptr;        // may be null
};

// Runs the hunt. Errors only when nothing could be planned or the workspace can't be read at
// all; a failing query, model or recorder is a note and the hunt goes on.
Result<HuntResult> RunHunt(const std::string& request, const HuntOptions& options,
                           const HuntDeps& deps);

// "Nothing found" in words: what was searched (tables, window, filters) and whether those
// tables had data in that window.
std::string DescribeSearch(const HuntResult& result);

}  // namespace quarry::hunt
