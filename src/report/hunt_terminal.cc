#include "report/hunt_terminal.h"

#include <unistd.h>

#include <cstdlib>

#include <fmt/core.h>
#include <fmt/format.h>

#include "common/time.h"

namespace quarry::report {
namespace {

std::string Paint(const TermStyle& style, const char* code, std::string_view text) {
  if (!style.color) return std::string(text);
  return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
}

const char* ConfidenceColour(hunt::Confidence c) {
  switch (c) {
    case hunt::Confidence::kHigh: return "1;31";
    case hunt::Confidence::kMedium: return "33";
    case hunt::Confidence::kLow: return "36";
  }
  return "0";
}

std::string Indent(const std::string& text, const std::string& prefix) {
  std::string out = prefix;
  for (char c : text) {
    out += c;
    if (c == '\n') out += prefix;
  }
  return out;
}

}  // namespace

bool ColorWanted(int fd) {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  if (term && std::string_view(term) == "dumb") return false;
  return isatty(fd) != 0;
}

std::string SafeText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u == 0x7f) ? ' ' : c;
  }
  return out;
}

std::string RenderPlan(const hunt::HuntPlan& plan, const std::vector<std::string>& notes,
                       const TermStyle& style) {
  std::string out = Paint(style, "1", "hunt plan") + "\n";
  out += fmt::format("  tables:  {}\n", fmt::join(plan.tables, ", "));
  out += fmt::format("  window:  {} .. {} ({:g} h)\n", FormatDatetime(plan.start_ticks),
                     FormatDatetime(plan.end_ticks), plan.time_range_hours);
  auto entity = [&](const char* name, const std::optional<std::string>& v) {
    if (v) out += fmt::format("  {:<8} {}\n", std::string(name) + ":", SafeText(*v));
  };
  entity("device", plan.device_name);
  entity("user", plan.user_principal_name);
  entity("caller", plan.caller);
  entity("ip", plan.ip_address);
  entity("process", plan.process_name);
  if (plan.port) out += fmt::format("  port:    {}\n", *plan.port);
  if (!plan.rationale.empty()) out += "  why:     " + SafeText(plan.rationale) + "\n";
  for (const auto& n : notes) out += "  note:    " + SafeText(n) + "\n";
  return out;
}

std::string RenderQuery(const hunt::HuntQuery& query, const TermStyle& style) {
  std::string head = query.round == 0 ? "query " + query.table
                                      : fmt::format("pivot round {}: {}", query.round, query.table);
  std::string out = Paint(style, "1", head) + "\n" + Paint(style, "2", Indent(query.kql, "  ")) + "\n";
  for (const auto& n : query.notes) out += "  note: " + SafeText(n) + "\n";
  if (!query.error.empty()) {
    out += "  " + Paint(style, "31", "failed: " + SafeText(query.error)) + "\n";
  } else if (query.rows >= 0) {
    out += fmt::format("  {} row{} returned\n", query.rows, query.rows == 1 ? "" : "s");
  }
  return out;
}

std::string RenderEvidenceStats(const hunt::CondenseStats& s, int round, const TermStyle& style) {
  double ratio = s.evidence_tokens ? static_cast<double>(s.csv_tokens) / s.evidence_tokens : 0;
  return fmt::format("{} {} rows in, {} kept verbatim, {} folded into {} groups; {} tokens "
                     "(all rows as CSV: {} tokens, {:.1f}x){}\n",
                     Paint(style, "1", round == 0 ? "evidence:" : "pivot evidence:"), s.rows_in,
                     s.rows_kept, s.rows_folded, s.groups, s.evidence_tokens, s.csv_tokens, ratio,
                     s.demoted_for_budget ? fmt::format(", {} rows folded to fit the budget",
                                                        s.demoted_for_budget)
                                          : "");
}

std::string RenderSummary(const hunt::HuntResult& result, const TermStyle& style) {
  std::string out;
  for (const auto& n : result.notes) out += "note: " + SafeText(n) + "\n";
  size_t n = result.findings.size();
  out += Paint(style, "1", fmt::format("hunt complete in {:.1f} s, {} potential threat{}",
                                       result.seconds, n, n == 1 ? "" : "s")) +
         fmt::format(" (analyst: {})\n", result.analyst);
  if (n == 0) out += hunt::DescribeSearch(result);
  return out;
}

std::string RenderFindingCard(const hunt::Finding& f, int index, const TermStyle& style) {
  std::string out;
  std::string title = fmt::format("[{}] {}", index, SafeText(f.title));
  out += '\n';
  out += Paint(style, "1", title);
  out += '\n';
  out += "  confidence: " + Paint(style, ConfidenceColour(f.confidence), hunt::ConfidenceName(f.confidence));
  out += f.verified ? "  (verified)" : "  " + Paint(style, "33", "(unverified: not shown as fact)");
  if (f.round > 0) out += fmt::format("  found in pivot round {}", f.round);
  out += "\n";
  std::string technique = f.mitre.id;
  if (!f.mitre.technique.empty()) technique += " " + f.mitre.technique;
  if (!f.mitre.sub_technique.empty()) technique += ": " + f.mitre.sub_technique;
  if (!f.mitre.tactic.empty()) technique += " (" + f.mitre.tactic + ")";
  out += "  ATT&CK:     " + SafeText(technique) + "\n";
  out += "  " + SafeText(f.description) + "\n";
  if (!f.indicators_of_compromise.empty()) {
    out += "  IOCs:       " + SafeText(fmt::format("{}", fmt::join(f.indicators_of_compromise, ", "))) + "\n";
  }
  size_t shown = 0;
  for (const auto& line : f.log_lines) {
    if (shown++ == 5) {
      out += fmt::format("    ... {} more log lines\n", f.log_lines.size() - 5);
      break;
    }
    std::string text = SafeText(line);
    if (text.size() > 200) text = text.substr(0, 197) + "...";
    out += "    " + Paint(style, "2", text) + "\n";
  }
  if (!f.recommendations.empty()) {
    out += "  next:       " + SafeText(fmt::format("{}", fmt::join(f.recommendations, "; "))) + "\n";
  }
  for (const auto& n : f.verification_notes) out += "  check:      " + SafeText(n) + "\n";
  if (!f.source.empty()) out += "  source:     " + SafeText(f.source) + "\n";
  return out;
}

}  // namespace quarry::report
