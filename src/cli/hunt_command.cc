// `quarry hunt "<worry>"`: plan, guarded KQL, condensed evidence, analyst (model or offline),
// pivots, verification, threat log and the containment offer (src/hunt/hunt_runner.h), printed
// in the seeds' flow or as one JSON object.
#include "cli/hunt_command.h"

#include <fmt/core.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <random>

#include "analytics/offline_analyst.h"
#include "analytics/rule_loader.h"
#include "cli/command.h"
#include "common/time.h"
#include "hunt/model_analyst.h"
#include "hunt/model_planner.h"
#include "kql/engine.h"
#include "llm/chat_model_factory.h"
#include "llm/accounting/request_tokens.h"
#include "llm/cost.h"
#include "llm/llm_config.h"
#include "llm/model_chooser.h"
#include "llm/spend_control.h"
#include "llm/tokenizer/tokenizer.h"
#include "report/hunt_export.h"
#include "report/hunt_terminal.h"
#include "report/threat_log.h"
#include "response/approval_policy.h"
#include "response/audit_log.h"
#include "response/backend_factory.h"
#include "response/isolation_offer.h"
#include "net/clock.h"
#include "sources/source_factory.h"
#include "common/json_text.h"

namespace quarry::cli {
namespace {

class ThreatLogRecorder : public hunt::FindingRecorder {
 public:
  ThreatLogRecorder(std::string path, int64_t now) : log_(std::move(path)), now_(now) {}
  Status Record(const hunt::HuntResult& r) override {
    report::HuntContext context;
    context.hunt_id = r.hunt_id;
    context.time_ticks = now_;
    context.request = r.request;
    context.plan = r.plan;
    for (const auto& q : r.queries) context.queries.emplace_back(q.table, q.kql);
    context.model = r.analyst;
    std::vector<nlohmann::json> records;
    for (const auto& f : r.findings) records.push_back(report::ThreatRecord(context, f));
    return log_.Append(records);
  }
  const std::string& path() const { return log_.path(); }

 private:
  report::ThreatLog log_;
  int64_t now_;
};

// Isolation through src/response (response/isolation_offer.h): the exact machine, a typed "yes"
// at a terminal or a policy file, and an audit record for every decision; a dry run when
// Defender is not configured.
class ResponseContainment : public hunt::ContainmentAction {
 public:
  ResponseContainment(response::BackendFactory make_backend, response::IsolationOfferConfig config)
      : offer_(std::move(make_backend), std::move(config), *net::SystemClock()) {}
  std::string Describe() const override { return "Defender for Endpoint (or a dry run)"; }
  Result<std::string> Isolate(const std::string& device, const hunt::Finding& finding,
                              const std::string& hunt_id) override {
    return offer_.Offer(device, response::FindingSummary{hunt_id, 0, finding.title,
                                                         hunt::ConfidenceName(finding.confidence),
                                                         finding.verified});
  }

 private:
  response::IsolationOffer offer_;
};

class TerminalObserver : public hunt::HuntObserver {
 public:
  TerminalObserver(const HuntFlags& flags, bool quiet) : flags_(flags), quiet_(quiet) {
    style_.color = !quiet && report::ColorWanted(STDOUT_FILENO);
    interactive_ = isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0;
  }
  void OnPlan(const hunt::HuntPlan& plan, const std::vector<std::string>& notes) override {
    std::string text = report::RenderPlan(plan, notes, style_);
    if (flags_.explain && planner_ != nullptr) {
      text += "  planner: " + report::SafeText(planner_->LastReport().planner) + "\n";
    }
    Print(text + "\n");
  }
  // --explain names the planner that planned (the model's, or the offline one).
  void ExplainPlanner(const hunt::Planner* planner) { planner_ = planner; }
  void OnQuery(const hunt::HuntQuery& q) override { Print(report::RenderQuery(q, style_) + "\n"); }
  void OnEvidence(const hunt::CondenseStats& s, int round) override {
    if (flags_.explain || round == 0) Print(report::RenderEvidenceStats(s, round, style_) + "\n");
  }
  void OnNote(const std::string& note) override { Print("note: " + report::SafeText(note) + "\n"); }
  // The model question before the first call, at a terminal and without --yes (the seeds'
  // "Enter to continue / a model name / list"); a model the guardrails do not allow is refused
  // and the question asked again.
  void EnableModelChoice(const llm::ModelCatalog* catalog, const hunt::GuardrailConfig* guardrails,
                         std::string tier) {
    catalog_ = catalog;
    guardrails_ = guardrails;
    tier_ = std::move(tier);
  }
  // Asked once per hunt: the planner's call asks, the analyst's calls keep the answer.
  std::string ChooseModel(const std::string& proposed, const llm::ChatRequest& request) override {
    if (!chosen_model_) chosen_model_ = AskModel(proposed, request);
    return *chosen_model_;
  }
  std::string AskModel(const std::string& proposed, const llm::ChatRequest& request) {
    if (catalog_ == nullptr || flags_.yes || !interactive_ || quiet_) return proposed;
    llm::ModelTableOptions table;
    table.current_model = proposed;
    table.tier = tier_;
    table.color = style_.color;
    std::map<std::string, int64_t> by_encoding;
    table.input_tokens = [&request, &by_encoding](const llm::ModelInfo& model) -> int64_t {
      std::string encoding = model.encoding.empty() ? "o200k_base" : model.encoding;
      if (auto it = by_encoding.find(encoding); it != by_encoding.end()) return it->second;
      auto tokenizer = llm::Tokenizer::ForEncoding(encoding);
      int64_t n = tokenizer.ok() ? llm::CountRequestTokens(request, **tokenizer).total() : 0;
      by_encoding[encoding] = n;
      return n;
    };
    table.output_tokens = request.max_output_tokens.value_or(1000);
    while (true) {
      auto chosen = llm::ChooseModelInteractively(*catalog_, table, std::cin, std::cout,
                                                  llm::ChooserOptions{false, true});
      if (!chosen.ok()) {
        Print(chosen.status().message() + ": the offline analyst answers\n");
        return "";
      }
      Status allowed = guardrails_ ? hunt::CheckModel(*chosen, *guardrails_) : Status::Ok();
      if (allowed.ok()) return *chosen;
      Print(allowed.message() + "\n");
    }
  }
  // One question per hunt: once the person said yes (or --yes), later calls show their cost and
  // go ahead while the budgets hold; a "no" stops the hunt's model use. The spend and the limits
  // are the guard's, which enforces them on the call itself (SpendControl).
  bool ConfirmCost(const std::string& model, int64_t tokens, double worst) override {
    std::string spent;
    if (guard_) {
      spent = fmt::format(" ({} spent so far", llm::FormatUsd(guard_->hunt_spent_usd()));
      if (guard_->limits().per_hunt_usd) {
        spent += fmt::format(", budget {}", llm::FormatUsd(*guard_->limits().per_hunt_usd));
      }
      spent += ")";
    }
    Print(fmt::format("model {}: {} prompt tokens, at most {} for this call{}\n", model, tokens,
                      llm::FormatUsd(worst), spent));
    if (guard_) {
      if (Status within = guard_->Check(worst); !within.ok()) {
        Print(within.message() + ": not calling the model\n");
        return false;
      }
    }
    if (cost_answer_) return *cost_answer_;
    bool ok = flags_.yes;
    if (!ok && interactive_) {
      std::cout << "proceed? [yes/no] " << std::flush;
      std::string answer;
      std::getline(std::cin, answer);
      ok = answer == "yes" || answer == "y";
    } else if (!ok) {
      Print("not a terminal and no --yes: not spending money on the model\n");
    }
    cost_answer_ = ok;
    return ok;
  }
  bool ApproveIsolation(const std::string& device, const hunt::Finding& f) override {
    Print(fmt::format("\nHigh-confidence verified finding on {}: \"{}\"\n", report::SafeText(device),
                      report::SafeText(f.title)));
    return true;  // the offer itself asks for the typed "yes" (or reads the policy) and audits
  }
  // The budgets shown and checked with each cost (SpendControl's guard).
  void SetGuard(const llm::BudgetGuard* guard) { guard_ = guard; }
  bool interactive() const { return interactive_; }
  const report::TermStyle& style() const { return style_; }

  void Print(const std::string& text) {
    if (!quiet_) std::cout << text << std::flush;
  }

 private:
  const HuntFlags& flags_;
  bool quiet_;
  const llm::BudgetGuard* guard_ = nullptr;
  const llm::ModelCatalog* catalog_ = nullptr;
  const hunt::GuardrailConfig* guardrails_ = nullptr;
  std::string tier_ = "1";
  const hunt::Planner* planner_ = nullptr;
  std::optional<std::string> chosen_model_;
  std::optional<bool> cost_answer_;
  bool interactive_ = false;
  report::TermStyle style_;
};

int Fail(const std::string& message, int code) {
  std::cerr << "quarry hunt: " << message << "\n";
  return code;
}

uint32_t RandomPart() {
  std::random_device rd;
  return rd();
}

}  // namespace

int RunHuntCli(const HuntFlags& flags) {
  if (flags.request.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Fail("no request given: say what worries you, e.g. quarry hunt \"suspicious sign-ins in the last 24 hours\"", 2);
  }
  if (!flags.export_format.empty() && flags.export_format != "json" && flags.export_format != "csv" &&
      flags.export_format != "navigator") {
    return Fail("--export must be json, csv or navigator", 2);
  }
  int64_t now = NowTicks();
  if (!flags.now.empty()) {
    auto t = ParseDatetime(flags.now);
    if (!t) return Fail("--now '" + flags.now + "' is not a datetime (e.g. 2025-03-10T12:00:00Z)", 2);
    now = *t;
  }
  const std::string dir = ResolveWorkspaceDir(flags.workspace);
  auto opened = sources::OpenLogSource(
      {flags.source, dir, flags.workspace_id, flags.cluster, flags.database, ""}, now);
  if (!opened.ok()) {
    if (opened.status().code() == StatusCode::kInvalidArgument) return Fail(opened.status().message(), 2);
    return Fail(opened.status().message() + " (create one with `quarry demo init` or `quarry ingest`)", 1);
  }
  sources::LogSource& source = *opened->source;
  if (opened->kind != "local") {
    // A remote hunt still keeps its threat log and audit log in the local workspace directory.
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
  }
  auto guardrails = hunt::DefaultGuardrailConfig();
  if (!guardrails.ok()) return Fail(guardrails.status().message(), 1);
  auto attack = attack::BuiltinCatalog();
  if (!attack.ok()) return Fail(attack.status().message(), 1);
  auto rules = analytics::LoadBuiltinRules();
  if (!rules.ok()) return Fail(rules.status().message(), 1);

  const bool quiet = flags.json || !flags.export_format.empty();
  TerminalObserver observer(flags, quiet);
  analytics::OfflineAnalyst offline(std::move(*rules), source, *opened->catalog, *attack);

  // The model, when one is configured and not --offline.
  // Every model call goes through `spend`: the per-hunt and daily budgets before, the usage
  // ledger after.
  const std::string hunt_id = report::MakeHuntId(NowTicks(), RandomPart());
  std::unique_ptr<llm::ChatModel> raw_chat;
  std::unique_ptr<llm::SpendControl> spend;
  std::unique_ptr<hunt::ModelAnalyst> model_analyst;
  std::unique_ptr<hunt::ModelPlanner> model_planner;
  std::optional<llm::ModelCatalog> models;
  std::string model_name;
  if (!flags.offline) {
    auto config = llm::LoadLlmConfig(llm::ProcessEnv());
    if (config.ok() && !flags.model.empty()) config->model = flags.model;
    if (config.ok() && config->service_configured) {
      auto catalog = llm::LoadCatalogForConfig(*config);
      if (catalog.ok()) {
        models = std::move(*catalog);
        model_name = llm::SelectedModel(*config);
        Status allowed = hunt::CheckModel(model_name, *guardrails);
        auto made = allowed.ok() ? llm::MakeChatModelFromConfig(*config, *models)
                                 : Result<std::unique_ptr<llm::ChatModel>>(allowed);
        if (made.ok()) {
          raw_chat = std::move(*made);
          llm::SpendOptions spend_options;
          spend_options.workspace_dir = dir;
          spend_options.hunt_id = hunt_id;
          if (flags.budget_given) spend_options.per_hunt_override = flags.budget_usd;
          auto opened_spend =
              llm::SpendControl::Open(*config, &*models, raw_chat.get(), std::move(spend_options));
          if (opened_spend.ok()) {
            spend = std::move(*opened_spend);
          } else {
            made = opened_spend.status();
          }
        }
        if (spend) {
          observer.SetGuard(&spend->guard());
          llm::ChatModel& chat = spend->chat();
          auto prompt = hunt::LoadHuntSystemPrompt();
          if (!prompt.ok()) return Fail(prompt.status().message(), 1);
          auto planner_prompt = hunt::LoadPlannerSystemPrompt();
          if (!planner_prompt.ok()) return Fail(planner_prompt.status().message(), 1);
          model_planner = std::make_unique<hunt::ModelPlanner>(
              chat, model_name, models->Find(model_name), *planner_prompt, *guardrails, &observer);
          model_planner->set_catalog(&*models);
          model_analyst = std::make_unique<hunt::ModelAnalyst>(
              chat, model_name, models->Find(model_name), *prompt,
              std::vector<std::string>(hunt::DefaultHuntTables()), &observer);
          model_analyst->set_catalog(&*models);
          observer.EnableModelChoice(&*models, &*guardrails, config->tier);
        } else {
          observer.OnNote("no model (" + made.status().message() + "): the offline analyst answers");
        }
      }
    } else if (!config.ok()) {
      observer.OnNote("model settings not read (" + config.status().message() + "): the offline analyst answers");
    }
  }

  const std::string tokenizer_model = model_name.empty() ? "gpt-4.1" : model_name;
  auto tokenizer = llm::Tokenizer::ForModel(tokenizer_model);
  if (!tokenizer.ok()) tokenizer = llm::Tokenizer::ForEncoding("o200k_base");
  if (!tokenizer.ok()) return Fail(tokenizer.status().message(), 1);

  // Every query is parsed and bound by our engine first, whichever source runs it.
  kql::Engine engine(*opened->query_catalog);
  // The model plans when one is configured (falling back to the offline planner, with a note,
  // whenever it misbehaves); otherwise, and in a dry run (nothing is sent to a model), the
  // offline planner.
  hunt::OfflinePlanner offline_planner;
  hunt::Planner& planner = model_planner && !flags.dry_run ? static_cast<hunt::Planner&>(*model_planner)
                                                           : offline_planner;
  observer.ExplainPlanner(&planner);
  ThreatLogRecorder recorder(dir + "/threats.jsonl", now);

  std::optional<response::ResponsePolicy> policy;
  if (!flags.policy.empty()) {
    auto loaded = response::LoadResponsePolicy(flags.policy);
    if (!loaded.ok()) return Fail(loaded.status().message(), 2);
    policy = *loaded;
  }
  std::unique_ptr<ResponseContainment> containment;
  if (!flags.dry_run) {
    response::IsolationOfferConfig offer;
    offer.audit_path = dir + "/audit.jsonl";
    offer.interactive = observer.interactive() && !quiet;  // --yes never approves an isolation
    offer.in = &std::cin;
    offer.out = &std::cout;
    offer.policy = policy;
    offer.who = response::CurrentOperator();
    containment = std::make_unique<ResponseContainment>(
        [] { return response::MakeResponseBackend(false); }, std::move(offer));
  }

  hunt::HuntOptions options;
  options.now_ticks = now;
  options.max_rounds = flags.max_rounds;
  options.token_budget = flags.token_budget;
  options.dry_run = flags.dry_run;
  options.hunt_id = hunt_id;

  hunt::HuntDeps deps;
  deps.planner = &planner;
  deps.guardrails = &*guardrails;
  deps.source = &source;
  deps.validator = [&engine](const std::string& kql) { return engine.Check(kql).status(); };
  deps.tokenizer = *tokenizer;
  deps.attack = *attack;
  deps.analyst = model_analyst ? static_cast<hunt::HuntAnalyst*>(model_analyst.get()) : &offline;
  deps.fallback = model_analyst ? &offline : nullptr;
  deps.recorder = flags.dry_run ? nullptr : &recorder;
  deps.containment = containment.get();
  deps.observer = &observer;

  auto result = hunt::RunHunt(flags.request, options, deps);
  if (!result.ok()) return Fail(result.status().message(), 1);

  if (flags.json) {
    std::cout << JsonText(report::HuntResultToJson(*result), 2) << "\n";
  } else if (flags.export_format == "json") {
    std::cout << JsonText(report::FindingsExportJson(result->findings), 2) << "\n";
  } else if (flags.export_format == "csv") {
    std::cout << report::FindingsExportCsv(result->findings);
  } else if (flags.export_format == "navigator") {
    std::cout << JsonText(report::NavigatorLayer(result->findings, "Quarry " + result->hunt_id), 2) << "\n";
  } else if (flags.dry_run) {
    observer.Print("dry run: nothing was queried, sent to a model or recorded\n");
  } else {
    observer.Print(report::RenderSummary(*result, observer.style()));
    int i = 0;
    for (const auto& f : result->findings) observer.Print(report::RenderFindingCard(f, ++i, observer.style()));
    for (const auto& a : result->actions) observer.Print("action: " + report::SafeText(a) + "\n");
    if (!result->findings.empty()) observer.Print("\nrecorded in " + recorder.path() + " (hunt " + result->hunt_id + ")\n");
  }
  if (!flags.report.empty()) {
    std::ofstream out(flags.report);
    out << report::HuntReportMarkdown(*result);
    if (!out) return Fail("could not write the report to " + flags.report, 1);
    if (!quiet) std::cout << "report written to " << flags.report << "\n";
  }
  return 0;
}

namespace {

void Setup(CLI::App& app) {
  auto flags = std::make_shared<HuntFlags>();
  auto* hunt = app.add_subcommand("hunt", "Hunt for threats: describe a worry in plain language");
  hunt->add_option("request", flags->request, "What worries you, e.g. \"suspicious sign-ins in the last 24 hours\"")->required();
  hunt->add_option("--workspace", flags->workspace, "Workspace directory (default: $QUARRY_DATA or ./quarry-data)");
  hunt->add_option("--now", flags->now, "Pin the clock (UTC datetime) for relative times");
  hunt->add_option("--model", flags->model, "Model to use (default: the configured one)");
  hunt->add_flag("--offline", flags->offline, "Use the offline analyst even when a model is configured");
  hunt->add_flag("--yes", flags->yes, "Accept cost prompts (never isolation)");
  hunt->add_flag("--json", flags->json, "Print one JSON object: request, plan, queries, analyst, tokens, cost, findings");
  hunt->add_flag("--dry-run", flags->dry_run, "Plan and build the queries only");
  hunt->add_flag("--explain", flags->explain, "Show evidence condensing for every round");
  hunt->add_option("--report", flags->report, "Write a Markdown report to FILE.md");
  hunt->add_option("--export", flags->export_format, "Print the findings alone: json, csv or navigator");
  hunt->add_option("--max-rounds", flags->max_rounds, "Pivot rounds after the first analysis (default 3)");
  auto* budget = hunt->add_option(
      "--budget", flags->budget_usd,
      "Most this hunt may spend on the model, in USD (default: budget.per_hunt_usd, else 1.00)");
  hunt->add_option("--token-budget", flags->token_budget, "Evidence token budget (default 12000)");
  hunt->add_option("--policy", flags->policy, "Response policy file allowing unattended isolation");
  hunt->add_option("--source", flags->source, "Where to hunt: local (default), loganalytics or adx");
  hunt->add_option("--workspace-id", flags->workspace_id, "Log Analytics workspace id");
  hunt->add_option("--cluster", flags->cluster, "Azure Data Explorer cluster URL");
  hunt->add_option("--database", flags->database, "Azure Data Explorer database");
  hunt->callback([flags, budget] {
    flags->budget_given = budget->count() > 0;
    SetExitCode(RunHuntCli(*flags));
  });
}

}  // namespace

QUARRY_COMMAND(hunt, Setup);

}  // namespace quarry::cli
