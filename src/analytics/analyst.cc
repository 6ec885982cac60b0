#include "analytics/analyst.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include <fmt/format.h>

namespace quarry::analytics {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string PrimaryEntity(const Hit& h) {
  if (!h.entities.hosts.empty()) return "host:" + Lower(h.entities.hosts.front());
  if (!h.entities.accounts.empty()) return "account:" + Lower(h.entities.accounts.front());
  if (!h.entities.ips.empty()) return "ip:" + h.entities.ips.front();
  return "rule:" + h.rule->id;
}

struct Group {
  std::string family;
  std::string primary;
  std::vector<const Hit*> hits;
  int64_t first = 0, last = 0;
  std::set<std::string> rule_ids;  // non-informational rules that fired in the group
  std::set<std::string> keys;  // lower-cased hosts and accounts, for corroboration
  Severity severity = Severity::kInformational;
  const Rule* lead = nullptr;  // the most severe rule
  std::string technique;       // the lead hit's technique
  bool corroborated = false;
  std::vector<std::string> corroborating;  // titles of corroborating groups
  hunt::Confidence confidence = hunt::Confidence::kLow;
};

void AddUnique(std::vector<std::string>* list, const std::string& v, size_t cap) {
  if (v.empty() || list->size() >= cap) return;
  if (std::find(list->begin(), list->end(), v) == list->end()) list->push_back(v);
}

// "CredentialAccess" -> "Credential Access" (Sentinel spelling to ATT&CK's).
std::string SpaceCamel(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && std::isupper(static_cast<unsigned char>(s[i])) &&
        std::islower(static_cast<unsigned char>(s[i - 1]))) {
      out += ' ';
    }
    out += s[i];
  }
  return out;
}

hunt::MitreRef MakeMitre(const Rule& rule, const std::string& technique,
                         const attack::Catalog* catalog) {
  hunt::MitreRef m;
  m.id = technique;
  if (!rule.tactics.empty()) m.tactic = SpaceCamel(rule.tactics.front());
  if (catalog == nullptr) return m;
  const attack::Technique* t = catalog->FindTechnique(m.id);
  if (t == nullptr) return m;
  if (const attack::Technique* parent = catalog->Parent(*t)) {
    m.technique = parent->name;
    m.sub_technique = t->name;
  } else {
    m.technique = t->name;
  }
  m.description = catalog->DisplayName(*t);
  if (!rule.tactics.empty() && technique == rule.techniques.front()) {
    if (const attack::Tactic* tactic = catalog->FindTactic(SpaceCamel(rule.tactics.front()))) {
      m.tactic = tactic->name;
    }
  }
  if (m.tactic.empty() || technique != rule.techniques.front()) {
    auto names = catalog->TacticNames(*t);
    if (!names.empty()) m.tactic = names.front();
  }
  return m;
}

hunt::Confidence Level(Severity s, bool corroborated) {
  switch (s) {
    case Severity::kHigh: return hunt::Confidence::kHigh;
    case Severity::kMedium:
      return corroborated ? hunt::Confidence::kHigh : hunt::Confidence::kMedium;
    case Severity::kLow: return corroborated ? hunt::Confidence::kMedium : hunt::Confidence::kLow;
    case Severity::kInformational: return hunt::Confidence::kLow;
  }
  return hunt::Confidence::kLow;
}

std::string EntitySummary(const hunt::Entities& e) {
  std::vector<std::string> parts;
  auto add = [&](const char* label, const std::vector<std::string>& v) {
    if (v.empty()) return;
    std::string joined;
    for (size_t i = 0; i < v.size() && i < 5; ++i) joined += (i ? ", " : "") + v[i];
    if (v.size() > 5) joined += fmt::format(" and {} more", v.size() - 5);
    parts.push_back(fmt::format("{} {}", label, joined));
  };
  add("hosts", e.hosts);
  add("accounts", e.accounts);
  add("IPs", e.ips);
  add("processes", e.processes);
  add("files", e.files);
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "; " : "") + parts[i];
  return out;
}

// YAML block text ("line one\nline two\n") as one line of prose.
std::string Unwrap(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\r') c = ' ';
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

hunt::Finding ToFinding(const Group& g, const AnalystOptions& options) {
  const Rule& lead = *g.lead;
  hunt::Finding f;
  std::string where = g.primary.substr(g.primary.find(':') + 1);
  const Hit& first_hit = *g.hits.front();
  if (!first_hit.entities.hosts.empty()) {
    where = first_hit.entities.hosts.front();
  } else if (!first_hit.entities.accounts.empty()) {
    where = first_hit.entities.accounts.front();
  }
  f.title = lead.name + " — " + where;
  f.mitre = MakeMitre(lead, g.technique, options.attack);
  f.confidence = g.confidence;
  std::map<std::string, const Rule*> rules;
  for (const Hit* h : g.hits) rules.emplace(h->rule->id, h->rule);
  for (const Hit* h : g.hits) {
    const auto& e = h->entities;
    for (const auto& v : e.hosts) AddUnique(&f.entities.hosts, v, 100);
    for (const auto& v : e.accounts) AddUnique(&f.entities.accounts, v, 100);
    for (const auto& v : e.ips) AddUnique(&f.entities.ips, v, 100);
    for (const auto& v : e.processes) AddUnique(&f.entities.processes, v, 100);
    for (const auto& v : e.files) AddUnique(&f.entities.files, v, 100);
    for (const auto& id : h->evidence_ids) AddUnique(&f.evidence_ids, id, options.max_evidence_ids);
    for (const auto& ioc : h->iocs) AddUnique(&f.indicators_of_compromise, ioc, options.max_iocs);
    AddUnique(&f.log_lines, h->log_line, options.max_log_lines);
  }
  f.description = Unwrap(lead.description);
  f.description += fmt::format(" {} matching row{} from {} to {}", g.hits.size(),
                               g.hits.size() == 1 ? "" : "s", FormatDatetime(g.first),
                               FormatDatetime(g.last));
  std::string summary = EntitySummary(f.entities);
  if (!summary.empty()) f.description += " (" + summary + ")";
  f.description += ".";
  if (rules.size() > 1) {
    std::string names;
    for (const auto& [id, r] : rules) names += (names.empty() ? "" : "; ") + r->name;
    f.description += " Analytics in agreement: " + names + ".";
  }
  for (const auto& [id, r] : rules) {
    f.source += (f.source.empty() ? "rule:" : ",rule:") + id;
    for (const auto& t : r->tags) AddUnique(&f.tags, t, 30);
    for (const auto& t : r->tactics) AddUnique(&f.tags, t, 30);
    for (const auto& t : r->techniques) AddUnique(&f.tags, t, 30);
  }
  AddUnique(&f.tags, "offline-analyst", 31);
  if (g.confidence == hunt::Confidence::kHigh) {
    f.recommendations = {"create incident", "pivot"};
  } else if (g.confidence == hunt::Confidence::kMedium) {
    f.recommendations = {"pivot", "monitor"};
  } else {
    f.recommendations = {"monitor"};
  }
  for (const auto& [id, r] : rules) {
    for (const auto& rec : r->recommendations) AddUnique(&f.recommendations, rec, 20);
  }
  std::string notes;
  if (!lead.value.empty()) notes += "Why it matters: " + Unwrap(lead.value);
  if (!g.corroborating.empty()) {
    std::string list;
    for (size_t i = 0; i < g.corroborating.size() && i < 5; ++i) {
      list += (i ? "; " : "") + g.corroborating[i];
    }
    notes += (notes.empty() ? "" : " ") + std::string("Corroborated by: ") + list + ".";
  }
  if (!lead.false_positives.empty()) {
    std::string fps;
    for (const auto& fp : lead.false_positives) {
      if (!fps.empty()) fps += ' ';
      fps += Unwrap(fp);
    }
    notes += (notes.empty() ? "" : " ") + std::string("Known benign explanations: ") + fps;
  }
  while (!notes.empty() && (notes.back() == '\n' || notes.back() == ' ')) notes.pop_back();
  f.notes = std::move(notes);
  return f;
}

bool SharesKey(const Group& a, const Group& b) {
  for (const auto& k : a.keys) {
    if (b.keys.count(k)) return true;
  }
  return false;
}

}  // namespace

std::vector<hunt::Finding> BuildFindings(const std::vector<Hit>& hits,
                                         const AnalystOptions& options) {
  // Sort hits by (family, primary entity, time) and cut groups at gaps.
  std::vector<const Hit*> order;
  order.reserve(hits.size());
  for (const auto& h : hits) order.push_back(&h);
  auto family_of = [&](const Hit* h) { return attack::FamilyRoot(h->technique); };
  std::vector<std::pair<std::string, const Hit*>> keyed;
  keyed.reserve(order.size());
  for (const Hit* h : order) keyed.emplace_back(family_of(h) + "|" + PrimaryEntity(*h), h);
  std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    return a.second->time_ticks < b.second->time_ticks;
  });
  std::vector<Group> groups;
  std::string current_key;
  for (const auto& [key, h] : keyed) {
    bool same = !groups.empty() && key == current_key &&
                h->time_ticks - groups.back().last <= options.group_gap_ticks;
    if (!same) {
      Group g;
      g.family = family_of(h);
      g.primary = PrimaryEntity(*h);
      g.first = g.last = h->time_ticks;
      groups.push_back(std::move(g));
      current_key = key;
    }
    Group& g = groups.back();
    g.hits.push_back(h);
    g.last = std::max(g.last, h->time_ticks);
    if (h->rule->severity != Severity::kInformational) g.rule_ids.insert(h->rule->id);
    for (const auto& v : h->entities.hosts) g.keys.insert("host:" + Lower(v));
    for (const auto& v : h->entities.accounts) g.keys.insert("account:" + Lower(v));
    if (g.lead == nullptr || h->rule->severity > g.severity) {
      g.lead = h->rule;
      g.technique = h->technique;
      g.severity = h->rule->severity;
    }
  }
  for (size_t i = 0; i < groups.size(); ++i) {
    Group& g = groups[i];
    if (g.rule_ids.size() > 1) g.corroborated = true;
    for (size_t j = 0; j < groups.size(); ++j) {
      const Group& o = groups[j];
      if (i == j || o.family == g.family) continue;
      if (o.severity < Severity::kMedium) continue;
      bool near = o.first <= g.last + options.corroboration_window_ticks &&
                  g.first <= o.last + options.corroboration_window_ticks;
      if (near && SharesKey(g, o)) {
        g.corroborated = true;
        AddUnique(&g.corroborating, o.lead->name + " (" + o.technique + ")", 10);
      }
    }
    g.confidence = Level(g.severity, g.corroborated);
  }
  std::sort(groups.begin(), groups.end(), [](const Group& a, const Group& b) {
    if (a.confidence != b.confidence) return a.confidence > b.confidence;
    if (a.severity != b.severity) return a.severity > b.severity;
    if (a.hits.size() != b.hits.size()) return a.hits.size() > b.hits.size();
    return a.first < b.first;
  });
  std::vector<hunt::Finding> findings;
  findings.reserve(groups.size());
  for (const auto& g : groups) findings.push_back(ToFinding(g, options));
  return findings;
}

}  // namespace quarry::analytics
