#include "attack/mapping_check.h"

#include <algorithm>

namespace quarry::attack {
namespace {

std::vector<std::string> SplitTactics(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text + ",") {
    if (c == ',' || c == '/' || c == ';') {
      if (!NameKey(cur).empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  return out;
}

// Finds the technique the claim is about, from its id or, failing that, from its names.
const Technique* Resolve(const Catalog& catalog, const Mapping& claimed, MappingCheck& check) {
  if (!NameKey(claimed.id).empty()) {
    const Technique* t = catalog.FindTechnique(claimed.id);
    if (t != nullptr) return t;
    if (!NormalizeTechniqueId(claimed.id)) {
      check.notes.push_back("'" + claimed.id + "' is not shaped like an ATT&CK technique id " +
                            "(T#### or T####.###)");
    } else {
      check.notes.push_back(*NormalizeTechniqueId(claimed.id) +
                            " is not an ATT&CK Enterprise technique");
    }
    return nullptr;
  }
  const Technique* parent = catalog.FindTechniqueByName(claimed.technique);
  if (!NameKey(claimed.sub_technique).empty()) {
    const Technique* sub = catalog.FindTechniqueByName(
        claimed.sub_technique, parent != nullptr ? std::string_view(parent->id) : "");
    if (sub != nullptr) {
      check.notes.push_back("id " + sub->id + " filled in from the sub-technique name");
      return sub;
    }
  }
  if (parent != nullptr) {
    check.notes.push_back("id " + parent->id + " filled in from the technique name");
    return parent;
  }
  check.notes.push_back("no ATT&CK id and no known technique name");
  return nullptr;
}

}  // namespace

MappingCheck CheckMapping(const Catalog& catalog, const Mapping& claimed) {
  MappingCheck check;
  check.canonical = claimed;
  const Technique* t = Resolve(catalog, claimed, check);
  if (t == nullptr) return check;
  bool repaired = NameKey(claimed.id).empty();

  if (t->revoked) {
    const Technique* next = t->revoked_by.empty() ? nullptr : catalog.FindTechnique(t->revoked_by);
    if (next == nullptr || next->revoked || next->deprecated) {
      check.notes.push_back(t->id + " (" + t->name + ") was revoked by MITRE with no usable " +
                            "replacement");
      return check;
    }
    check.notes.push_back(t->id + " (" + t->name + ") was revoked by MITRE; replaced by " +
                          next->id + " (" + catalog.DisplayName(*next) + ")");
    t = next;
    repaired = true;
  }
  if (t->deprecated) {
    check.notes.push_back(t->id + " (" + t->name + ") is deprecated in ATT&CK and has no " +
                          "replacement");
    return check;
  }

  Mapping out;
  out.id = t->id;
  const Technique* parent = catalog.Parent(*t);
  out.technique = parent ? parent->name : t->name;
  out.sub_technique = parent ? t->name : "";
  // A model may write the display form "Parent: Sub" as the technique; accept it silently.
  bool technique_ok = NameKey(claimed.technique) == NameKey(out.technique) ||
                      NameKey(claimed.technique) == NameKey(catalog.DisplayName(*t));
  if (!technique_ok) {
    if (!NameKey(claimed.technique).empty()) {
      check.notes.push_back("technique name '" + claimed.technique + "' corrected to '" +
                            out.technique + "' (" + out.id + ")");
    }
    repaired = true;
  }
  if (NameKey(claimed.sub_technique) != NameKey(out.sub_technique)) {
    if (!NameKey(claimed.sub_technique).empty() || !out.sub_technique.empty()) {
      check.notes.push_back("sub-technique '" + claimed.sub_technique + "' corrected to '" +
                            out.sub_technique + "' (" + out.id + ")");
    }
    repaired = true;
  }

  std::vector<std::string> names;
  bool tactic_ok = true;
  for (const auto& part : SplitTactics(claimed.tactic)) {
    const Tactic* tactic = catalog.FindTactic(part);
    if (tactic == nullptr || !catalog.HasTactic(*t, tactic->shortname)) {
      tactic_ok = false;
      continue;
    }
    if (std::find(names.begin(), names.end(), tactic->name) == names.end()) {
      names.push_back(tactic->name);
    }
  }
  auto allowed = catalog.TacticNames(*t);
  if (names.empty() && !allowed.empty()) names.push_back(allowed.front());
  std::string tactic_text;
  for (const auto& n : names) tactic_text += (tactic_text.empty() ? "" : ", ") + n;
  if (!tactic_ok || NameKey(claimed.tactic).empty()) {
    std::string allowed_text;
    for (const auto& n : allowed) allowed_text += (allowed_text.empty() ? "" : ", ") + n;
    if (NameKey(claimed.tactic).empty()) {
      check.notes.push_back("tactic filled in as '" + tactic_text + "'");
    } else {
      check.notes.push_back("tactic '" + claimed.tactic + "' is not a tactic of " + t->id +
                            " (its tactics: " + allowed_text + "); using '" + tactic_text + "'");
    }
    repaired = true;
  }
  out.tactic = tactic_text;
  check.canonical = out;
  check.status = repaired ? MappingStatus::kRepaired : MappingStatus::kValid;
  return check;
}

}  // namespace quarry::attack
