#include "hunt/verifier.h"

#include <algorithm>
#include <cctype>

#include "attack/mapping_check.h"

namespace quarry::hunt {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool IsLetter(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_'; }

// True when `a` and `b` would run together into one word: both digits or both letters ('_'
// counts as a letter).
bool Joins(char a, char b) { return (IsDigit(a) && IsDigit(b)) || (IsLetter(a) && IsLetter(b)); }

// True when `needle` occurs in `hay` (both lower-cased) as a whole token: not continued by a
// character of the same class, so "10.0.0.1" is not found in "10.0.0.15", "evil.com" not in
// "notevil.com", "admin" not in "administrator", while "2025-01-03" is found in
// "2025-01-03t10:00:00z" and "powershell" in "powershell.exe".
bool ContainsToken(std::string_view hay, std::string_view needle) {
  if (needle.empty()) return false;
  for (size_t at = hay.find(needle); at != std::string_view::npos; at = hay.find(needle, at + 1)) {
    size_t end = at + needle.size();
    bool left_ok = at == 0 || !Joins(hay[at - 1], needle.front());
    bool right_ok = end >= hay.size() || !Joins(hay[end], needle.back());
    if (left_ok && right_ok) return true;
  }
  return false;
}

// The pieces of a quoted log line that carry facts: split on whitespace and separators,
// stripped of quotes and brackets, "Column=value" split in two.
std::vector<std::string> LineTokens(std::string_view line) {
  std::vector<std::string> raw;
  std::string cur;
  auto flush = [&]() {
    if (!cur.empty()) raw.push_back(cur);
    cur.clear();
  };
  for (char c : line) {
    if (std::isspace(static_cast<unsigned char>(c)) || c == '|' || c == ',' || c == ';') {
      flush();
    } else {
      cur += c;
    }
  }
  flush();
  std::vector<std::string> out;
  for (auto& token : raw) {
    std::string_view t = token;
    auto strip = [](char c) {
      return c == '"' || c == '\'' || c == '(' || c == ')' || c == '[' || c == ']' ||
             c == '{' || c == '}' || c == '`';
    };
    while (!t.empty() && strip(t.front())) t.remove_prefix(1);
    while (!t.empty() && (strip(t.back()) || t.back() == ':' || t.back() == '.')) t.remove_suffix(1);
    size_t eq = t.find('=');
    if (eq != std::string_view::npos && eq > 0 &&
        std::all_of(t.begin(), t.begin() + eq, IsWordChar)) {
      out.emplace_back(t.substr(0, eq));
      t.remove_prefix(eq + 1);
    }
    if (t.size() >= 2) out.emplace_back(t);
  }
  return out;
}

bool TokensMatchCells(const std::vector<std::string>& tokens, const std::string& table,
                      const std::vector<EvidenceCell>& cells, const std::string& extra) {
  int values_matched = 0;
  for (const auto& token : tokens) {
    std::string t = Lower(token);
    bool found = false;
    for (const auto& [column, value] : cells) {
      if (ContainsToken(Lower(value), t)) {
        found = true;
        ++values_matched;
        break;
      }
      if (Lower(column) == t) {
        found = true;
        break;
      }
    }
    if (!found && (t == Lower(table) || t == Lower(extra))) found = true;
    if (!found) return false;
  }
  return values_matched > 0;
}

std::string ConfidenceText(Confidence c) { return ConfidenceName(c); }

}  // namespace

bool Verifier::LineInEvidence(std::string_view line) const {
  std::string_view text = Trim(line);
  // A line may open with the id it quotes: "[E12] ..." or "E12: ...".
  std::string cited;
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close != std::string_view::npos) {
      cited = std::string(Trim(text.substr(1, close - 1)));
      text = Trim(text.substr(close + 1));
    }
  }
  auto tokens = LineTokens(text);
  if (tokens.empty()) return false;
  for (const auto& row : evidence_.rows) {
    if (!cited.empty() && row.id != cited) continue;
    if (TokensMatchCells(tokens, row.table, row.cells, row.id)) return true;
  }
  for (const auto& group : evidence_.groups) {
    if (!cited.empty() && group.id != cited) continue;
    std::vector<EvidenceCell> cells = group.key;
    std::string count = std::to_string(group.count);
    cells.emplace_back("count", count);
    cells.emplace_back("count", count.insert(0, 1, 'x'));
    if (TokensMatchCells(tokens, group.table, cells, group.id)) return true;
  }
  return false;
}

bool Verifier::ValueInEvidence(std::string_view value) const {
  std::string needle = Lower(Trim(value));
  if (needle.empty()) return false;
  for (const auto& row : evidence_.rows) {
    for (const auto& cell : row.cells) {
      if (ContainsToken(Lower(cell.second), needle)) return true;
    }
  }
  for (const auto& group : evidence_.groups) {
    for (const auto& cell : group.key) {
      if (ContainsToken(Lower(cell.second), needle)) return true;
    }
  }
  return false;
}

Finding Verifier::Verify(Finding f) const {
  std::vector<std::string> problems;

  attack::MappingCheck check = attack::CheckMapping(
      catalog_, {f.mitre.tactic, f.mitre.technique, f.mitre.sub_technique, f.mitre.id});
  for (const auto& note : check.notes) f.verification_notes.push_back("ATT&CK: " + note);
  if (check.status == attack::MappingStatus::kInvalid) {
    problems.push_back("ATT&CK mapping could not be verified");
  } else {
    f.mitre.tactic = check.canonical.tactic;
    f.mitre.technique = check.canonical.technique;
    f.mitre.sub_technique = check.canonical.sub_technique;
    f.mitre.id = check.canonical.id;
  }

  if (f.evidence_ids.empty() && f.log_lines.empty()) {
    problems.push_back("cites no evidence (no evidence ids and no log lines)");
  }
  for (const auto& id : f.evidence_ids) {
    if (!evidence_.HasId(Trim(id))) problems.push_back("cites evidence id '" + id + "' which does not exist");
  }
  for (const auto& line : f.log_lines) {
    if (!LineInEvidence(line)) problems.push_back("log line not found in the evidence: " + line);
  }
  for (const auto& ioc : f.indicators_of_compromise) {
    if (!ValueInEvidence(ioc)) problems.push_back("indicator not found in the evidence: " + ioc);
  }
  for (const auto& host : f.entities.hosts) {
    if (!ValueInEvidence(host)) problems.push_back("host not found in the evidence: " + host);
  }

  f.verified = problems.empty();
  for (auto& p : problems) f.verification_notes.push_back(std::move(p));
  if (!f.verified && f.confidence != Confidence::kLow) {
    f.verification_notes.push_back("confidence lowered from " + ConfidenceText(f.confidence) +
                                   " to Low because the finding is unverified");
    f.confidence = Confidence::kLow;
  }
  return f;
}

std::vector<Finding> Verifier::VerifyAll(std::vector<Finding> findings) const {
  for (auto& f : findings) f = Verify(std::move(f));
  return findings;
}

}  // namespace quarry::hunt
