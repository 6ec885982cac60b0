#include "attack/catalog.h"

#include <algorithm>
#include <cctype>
#include <mutex>

#include "common/data_path.h"

namespace quarry::attack {
namespace {

std::vector<std::string_view> Split(std::string_view line, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t at = line.find(sep, start);
    if (at == std::string_view::npos) {
      out.push_back(line.substr(start));
      return out;
    }
    out.push_back(line.substr(start, at - start));
    start = at + 1;
  }
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string NameKey(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : Trim(s)) {
    if (c == ' ' || c == '-' || c == '_' || c == '\t') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

namespace {

// Iterates the data lines of a TSV (skipping the header), calling fn(line_no, cells).
template <typename Fn>
Status ForEachRow(std::string_view tsv, std::string_view file, size_t min_cells, Fn fn) {
  size_t pos = 0;
  int line_no = 0;
  while (pos < tsv.size()) {
    size_t nl = tsv.find('\n', pos);
    std::string_view line = tsv.substr(pos, nl == std::string_view::npos ? tsv.npos : nl - pos);
    pos = nl == std::string_view::npos ? tsv.size() : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line_no == 1) continue;
    auto cells = Split(line, '\t');
    if (cells.size() < min_cells) {
      return InvalidArgument(std::string(file) + " line " + std::to_string(line_no) +
                             ": expected at least " + std::to_string(min_cells) +
                             " tab-separated fields, found " + std::to_string(cells.size()));
    }
    QUARRY_RETURN_IF_ERROR(fn(line_no, cells));
  }
  return Status::Ok();
}

Result<bool> ParseBool(std::string_view text, std::string_view file, int line_no,
                       std::string_view field) {
  if (text == "true") return true;
  if (text == "false") return false;
  return InvalidArgument(std::string(file) + " line " + std::to_string(line_no) + ", field '" +
                         std::string(field) + "': expected true or false, found '" +
                         std::string(text) + "'");
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  if (Trim(text).empty()) return out;
  for (auto part : Split(text, ',')) {
    auto t = Trim(part);
    if (!t.empty()) out.emplace_back(t);
  }
  return out;
}

}  // namespace

std::optional<std::string> NormalizeTechniqueId(std::string_view text) {
  std::string_view s = Trim(text);
  if (s.size() != 5 && s.size() != 9) return std::nullopt;
  if (s[0] != 'T' && s[0] != 't') return std::nullopt;
  for (size_t i = 1; i < 5; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
  }
  if (s.size() == 9) {
    if (s[5] != '.') return std::nullopt;
    for (size_t i = 6; i < 9; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
    }
  }
  std::string out(s);
  out[0] = 'T';
  return out;
}

std::string FamilyRoot(std::string_view id) {
  std::string_view s = Trim(id);
  size_t dot = s.find('.');
  std::string root(dot == std::string_view::npos ? s : s.substr(0, dot));
  if (!root.empty()) root[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(root[0])));
  return root;
}

bool SameFamily(std::string_view a, std::string_view b) {
  auto ra = FamilyRoot(a);
  return !ra.empty() && ra == FamilyRoot(b);
}

Result<Catalog> Catalog::Parse(std::string_view techniques_tsv, std::string_view tactics_tsv) {
  Catalog cat;
  constexpr std::string_view kTacticsFile = "tactics.tsv";
  QUARRY_RETURN_IF_ERROR(ForEachRow(
      tactics_tsv, kTacticsFile, 4, [&](int line_no, const auto& cells) -> Status {
        Tactic t{std::string(Trim(cells[0])), std::string(Trim(cells[1])),
                 std::string(Trim(cells[2])), 0};
        try {
          t.order = std::stoi(std::string(cells[3]));
        } catch (const std::exception&) {
          return InvalidArgument("tactics.tsv line " + std::to_string(line_no) +
                                 ", field 'order': not a number: '" + std::string(cells[3]) +
                                 "'");
        }
        cat.tactics_.push_back(std::move(t));
        return Status::Ok();
      }));
  std::sort(cat.tactics_.begin(), cat.tactics_.end(),
            [](const Tactic& a, const Tactic& b) { return a.order < b.order; });

  constexpr std::string_view kTechFile = "enterprise_techniques.tsv";
  // id name tactics is_subtechnique parent_id status deprecated revoked revoked_by platforms ...
  QUARRY_RETURN_IF_ERROR(ForEachRow(
      techniques_tsv, kTechFile, 10, [&](int line_no, const auto& cells) -> Status {
        Technique t;
        auto id = NormalizeTechniqueId(cells[0]);
        if (!id) {
          return InvalidArgument("enterprise_techniques.tsv line " + std::to_string(line_no) +
                                 ", field 'id': not a technique id: '" + std::string(cells[0]) +
                                 "'");
        }
        t.id = *id;
        t.name = std::string(Trim(cells[1]));
        t.tactics = SplitList(cells[2]);
        QUARRY_ASSIGN_OR_RETURN(t.is_subtechnique,
                                ParseBool(cells[3], kTechFile, line_no, "is_subtechnique"));
        t.parent_id = std::string(Trim(cells[4]));
        QUARRY_ASSIGN_OR_RETURN(t.deprecated, ParseBool(cells[6], kTechFile, line_no, "deprecated"));
        QUARRY_ASSIGN_OR_RETURN(t.revoked, ParseBool(cells[7], kTechFile, line_no, "revoked"));
        t.revoked_by = std::string(Trim(cells[8]));
        t.platforms = SplitList(cells[9]);
        if (cat.by_id_.count(t.id) != 0) {
          return InvalidArgument("enterprise_techniques.tsv line " + std::to_string(line_no) +
                                 ": duplicate id " + t.id);
        }
        cat.by_id_.emplace(t.id, cat.techniques_.size());
        cat.techniques_.push_back(std::move(t));
        return Status::Ok();
      }));
  if (cat.techniques_.empty()) return InvalidArgument("enterprise_techniques.tsv has no techniques");
  return cat;
}

const Technique* Catalog::FindTechnique(std::string_view id) const {
  auto norm = NormalizeTechniqueId(id);
  if (!norm) return nullptr;
  auto it = by_id_.find(*norm);
  return it == by_id_.end() ? nullptr : &techniques_[it->second];
}

const Technique* Catalog::FindTechniqueByName(std::string_view name,
                                              std::string_view parent_id) const {
  std::string key = NameKey(name);
  if (key.empty()) return nullptr;
  std::string parent = parent_id.empty() ? "" : FamilyRoot(parent_id);
  const Technique* best = nullptr;
  auto rank = [](const Technique& t) {
    int r = (t.revoked || t.deprecated) ? 2 : 0;
    return r + (t.is_subtechnique ? 1 : 0);
  };
  for (const auto& t : techniques_) {
    if (NameKey(t.name) != key) continue;
    if (!parent.empty() && t.is_subtechnique && t.parent_id != parent) continue;
    if (!parent.empty() && !t.is_subtechnique && t.id != parent) continue;
    if (best == nullptr || rank(t) < rank(*best)) best = &t;
  }
  return best;
}

const Tactic* Catalog::FindTactic(std::string_view text) const {
  std::string key = NameKey(text);
  for (const auto& t : tactics_) {
    if (Lower(t.id) == key || NameKey(t.shortname) == key || NameKey(t.name) == key) return &t;
  }
  return nullptr;
}

const Technique* Catalog::Parent(const Technique& t) const {
  if (!t.is_subtechnique || t.parent_id.empty()) return nullptr;
  return FindTechnique(t.parent_id);
}

std::string Catalog::DisplayName(const Technique& t) const {
  const Technique* parent = Parent(t);
  return parent ? parent->name + ": " + t.name : t.name;
}

std::vector<std::string> Catalog::TacticNames(const Technique& t) const {
  std::vector<std::string> names;
  for (const auto& tactic : tactics_) {
    if (std::find(t.tactics.begin(), t.tactics.end(), tactic.shortname) != t.tactics.end()) {
      names.push_back(tactic.name);
    }
  }
  return names;
}

bool Catalog::HasTactic(const Technique& t, std::string_view tactic) const {
  const Tactic* found = FindTactic(tactic);
  if (found == nullptr) return false;
  return std::find(t.tactics.begin(), t.tactics.end(), found->shortname) != t.tactics.end();
}

Result<const Catalog*> BuiltinCatalog() {
  static std::once_flag once;
  static Catalog* catalog = nullptr;
  static Status* error = nullptr;
  std::call_once(once, []() {
    auto load = []() -> Result<Catalog> {
      QUARRY_ASSIGN_OR_RETURN(auto tech_path, FindDataPath("data/attack/enterprise_techniques.tsv"));
      QUARRY_ASSIGN_OR_RETURN(auto tactic_path, FindDataPath("data/attack/tactics.tsv"));
      QUARRY_ASSIGN_OR_RETURN(auto tech, ReadFileToString(tech_path));
      QUARRY_ASSIGN_OR_RETURN(auto tactics, ReadFileToString(tactic_path));
      return Catalog::Parse(tech, tactics);
    };
    auto result = load();
    static Catalog loaded;
    static Status failed;
    if (result.ok()) {
      loaded = std::move(result).value();
      catalog = &loaded;
    } else {
      failed = result.status().WithContext("loading the ATT&CK catalog");
      error = &failed;
    }
  });
  if (catalog == nullptr) return *error;
  return static_cast<const Catalog*>(catalog);
}

}  // namespace quarry::attack
