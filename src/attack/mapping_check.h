// Checks an ATT&CK mapping (tactic, technique, sub-technique, id) that a model or a rule wrote
// against the catalog and returns the canonical mapping: the id exists, a revoked id is replaced
// by its successor, a deprecated one is refused, the tactic is one the technique belongs to, and
// names are spelled as MITRE spells them. Every change is explained in a note.
//
// Pure function over an immutable Catalog: thread-safe.
#pragma once

#include <string>
#include <vector>

#include "attack/catalog.h"

namespace quarry::attack {

struct Mapping {
  std::string tactic;         // display name(s), "Persistence, Privilege Escalation" allowed
  std::string technique;      // technique name (for a sub-technique: its parent's name)
  std::string sub_technique;  // sub-technique name, or ""
  std::string id;             // "T1110.003"
};

enum class MappingStatus {
  kValid,     // as written, up to case and spacing
  kRepaired,  // usable after the corrections listed in notes
  kInvalid,   // no catalog technique can be derived (unknown id, deprecated, no id or name)
};

struct MappingCheck {
  MappingStatus status = MappingStatus::kInvalid;
  Mapping canonical;  // filled when status != kInvalid; else the input unchanged
  std::vector<std::string> notes;  // one sentence per correction or problem
};

MappingCheck CheckMapping(const Catalog& catalog, const Mapping& claimed);

}  // namespace quarry::attack
