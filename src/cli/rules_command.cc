// `quarry rules list|show|test|run`: the hunting analytics library (rules/*.yaml).
#include <fmt/core.h>

#include <algorithm>
#include <iostream>

#include "analytics/rule_loader.h"
#include "analytics/rule_runner.h"
#include "analytics/workspace_sweep.h"
#include "cli/command.h"
#include "common/time.h"
#include "hunt/finding.h"
#include "report/hunt_terminal.h"
#include "schemas/builtin_schemas.h"
#include "common/json_text.h"

namespace quarry::cli {
namespace {

struct RulesFlags {
  std::string rules_dir;
  std::vector<std::string> ids;
  std::string workspace;
  std::string since;
  std::string now;
  bool json = false;
};

void Fail(const std::string& message, int code) {
  std::cerr << "quarry rules: " << message << "\n";
  SetExitCode(code);
}

Result<std::vector<analytics::Rule>> Load(const RulesFlags& flags) {
  auto rules = flags.rules_dir.empty() ? analytics::LoadBuiltinRules()
                                       : analytics::LoadRuleDirectory(flags.rules_dir);
  if (!rules.ok()) return rules;
  std::sort(rules->begin(), rules->end(),
            [](const analytics::Rule& a, const analytics::Rule& b) { return a.id < b.id; });
  return rules;
}

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

const analytics::Rule* Find(const std::vector<analytics::Rule>& rules, const std::string& id) {
  for (const auto& r : rules) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

void List(const RulesFlags& flags) {
  auto rules = Load(flags);
  if (!rules.ok()) return Fail(rules.status().message(), 1);
  if (flags.json) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& r : *rules) {
      arr.push_back({{"id", r.id}, {"name", r.name}, {"severity", analytics::SeverityName(r.severity)},
                     {"techniques", r.techniques}, {"tactics", r.tactics}, {"tables", r.tables}});
    }
    fmt::print("{}\n", JsonText(arr, 2));
    return;
  }
  for (const auto& r : *rules) {
    fmt::print("{:<14} {:<30} {:<13} {}\n", r.id, Join(r.techniques, ","),
               analytics::SeverityName(r.severity), r.name);
  }
  fmt::print("{} rules\n", rules->size());
}

void Show(const RulesFlags& flags) {
  auto rules = Load(flags);
  if (!rules.ok()) return Fail(rules.status().message(), 1);
  if (flags.ids.empty()) return Fail("name a rule id (see `quarry rules list`)", 2);
  for (const auto& id : flags.ids) {
    const analytics::Rule* r = Find(*rules, id);
    if (r == nullptr) return Fail("no rule '" + id + "' (see `quarry rules list`)", 2);
    fmt::print("id:          {}\nname:        {}\nseverity:    {}\ntactics:     {}\n"
               "techniques:  {}\ntables:      {}\nfile:        {}\nversion:     {}\n\n",
               r->id, r->name, analytics::SeverityName(r->severity), Join(r->tactics, ", "),
               Join(r->techniques, ", "), Join(r->tables, ", "), r->source_file, r->version);
    fmt::print("description:\n  {}\nwhy it matters:\n  {}\n", r->description, r->value);
    fmt::print("known false positives:\n");
    for (const auto& fp : r->false_positives) fmt::print("  - {}\n", fp);
    fmt::print("entities:\n");
    for (const auto& e : r->entities) fmt::print("  {}: {}\n", analytics::EntityKindName(e.kind), e.column);
    fmt::print("query:\n{}\n", r->query);
  }
}

void Test(const RulesFlags& flags) {
  auto rules = Load(flags);
  if (!rules.ok()) return Fail(rules.status().message(), 1);
  auto schemas = BuiltinSchemas();
  if (!schemas.ok()) return Fail(schemas.status().message(), 1);
  size_t passed = 0, total = 0;
  for (const auto& r : *rules) {
    if (!flags.ids.empty() && std::find(flags.ids.begin(), flags.ids.end(), r.id) == flags.ids.end()) {
      continue;
    }
    ++total;
    auto result = analytics::TestRuleFixtures(r, **schemas);
    if (!result.ok()) {
      fmt::print("ERROR {}  {}\n", r.id, result.status().message());
    } else if (result->passed) {
      ++passed;
      fmt::print("pass  {}  (positive: {} hit(s), negative: 0)\n", r.id, result->positive_hits);
    } else {
      fmt::print("FAIL  {}  {}\n", r.id, result->message);
    }
  }
  if (total == 0) return Fail("no rule matched " + Join(flags.ids, ", "), 2);
  fmt::print("{}/{} rules passed their fixtures\n", passed, total);
  if (passed != total) SetExitCode(1);
}

void Run(const RulesFlags& flags) {
  auto rules = Load(flags);
  if (!rules.ok()) return Fail(rules.status().message(), 1);
  if (flags.ids.empty()) return Fail("name the rule id(s) to run (see `quarry rules list`)", 2);
  std::vector<analytics::Rule> chosen;
  for (const auto& id : flags.ids) {
    const analytics::Rule* r = Find(*rules, id);
    if (r == nullptr) return Fail("no rule '" + id + "' (see `quarry rules list`)", 2);
    chosen.push_back(*r);
  }
  analytics::WorkspaceSweepOptions options;
  options.workspace_dir = ResolveWorkspaceDir(flags.workspace);
  if (Status times = analytics::ParseSweepTimes(flags.since, flags.now, &options); !times.ok()) {
    return Fail(times.message(), 2);
  }
  auto sweep = analytics::SweepWorkspace(chosen, options);
  if (!sweep.ok()) return Fail(sweep.status().message(), 1);
  for (const auto& run : sweep->result.runs) {
    if (!run.error.empty()) std::cerr << "quarry rules: " << run.error << "\n";
    if (run.skipped) std::cerr << "quarry rules: " << run.rule_id << " skipped: a table it needs is missing\n";
  }
  if (flags.json) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& f : sweep->result.findings) arr.push_back(hunt::FindingToJson(f));
    fmt::print("{}\n", JsonText(arr, 2));
  } else {
    report::TermStyle style{report::ColorWanted(1)};
    int i = 0;
    for (const auto& f : sweep->result.findings) fmt::print("{}\n", report::RenderFindingCard(f, ++i, style));
    fmt::print("{} finding(s)\n", sweep->result.findings.size());
  }
  if (sweep->result.rules_failed > 0) SetExitCode(1);
}

void Setup(CLI::App& app) {
  auto flags = std::make_shared<RulesFlags>();
  auto* sub = app.add_subcommand("rules", "List, show, test and run the hunting analytics");
  sub->require_subcommand(1);
  auto add_common = [&](CLI::App* c) {
    c->add_option("--rules", flags->rules_dir, "Rules folder (default: the built-in library)");
  };
  auto* list = sub->add_subcommand("list", "One line per rule: id, ATT&CK techniques, severity, name");
  add_common(list);
  list->add_flag("--json", flags->json, "Print JSON");
  list->callback([flags] { List(*flags); });
  auto* show = sub->add_subcommand("show", "Show a rule: metadata, entities and query");
  add_common(show);
  show->add_option("id", flags->ids, "Rule id(s)")->required();
  show->callback([flags] { Show(*flags); });
  auto* test = sub->add_subcommand("test", "Run rules' positive and negative fixtures");
  add_common(test);
  test->add_option("id", flags->ids, "Rule id(s) (default: all)");
  test->callback([flags] { Test(*flags); });
  auto* run = sub->add_subcommand("run", "Run rules over the workspace and print findings");
  add_common(run);
  run->add_option("id", flags->ids, "Rule id(s)")->required();
  run->add_option("--workspace", flags->workspace, "Workspace directory");
  run->add_option("--since", flags->since, "Look back this far from --now (e.g. 7d); default: all data");
  run->add_option("--now", flags->now, "Pin now (ISO 8601)");
  run->add_flag("--json", flags->json, "Print findings as JSON");
  run->callback([flags] { Run(*flags); });
}

}  // namespace

QUARRY_COMMAND(rules, Setup);

}  // namespace quarry::cli
