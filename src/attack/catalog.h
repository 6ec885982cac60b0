// The MITRE ATT&CK Enterprise catalog: tactics, techniques and sub-techniques, loaded from
// data/attack/enterprise_techniques.tsv and data/attack/tactics.tsv (extracted from MITRE's
// STIX data; see /work/shared/attack/README.md). Used to validate and complete ATT&CK mappings
// that a model or a rule wrote: the id exists, is neither revoked nor deprecated (a revoked id
// names its replacement), the tactic belongs to the technique, and names are MITRE's spelling.
//
// Thread-safe: a Catalog is immutable once parsed; BuiltinCatalog() loads once.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace quarry::attack {

struct Tactic {
  std::string id;         // "TA0006"
  std::string shortname;  // "credential-access"
  std::string name;       // "Credential Access"
  int order = 0;          // position in the Enterprise matrix, 1..14
};

struct Technique {
  std::string id;    // "T1110" or "T1110.003"
  std::string name;  // "Brute Force" / "Password Spraying"
  std::vector<std::string> tactics;  // shortnames, e.g. {"credential-access"}
  bool is_subtechnique = false;
  std::string parent_id;   // "T1110" for "T1110.003", else ""
  bool deprecated = false;
  bool revoked = false;
  std::string revoked_by;  // replacement id when revoked (may be empty)
  std::vector<std::string> platforms;
};

// "T1059.001" -> "T1059"; "T1059" -> "T1059". Does not check the catalog.
std::string FamilyRoot(std::string_view id);
// True when both ids belong to the same technique family (T1059 ~ T1059.001 ~ T1059.003).
bool SameFamily(std::string_view a, std::string_view b);
// Normalises user/model spelling of an id ("t1059.001 " -> "T1059.001"); nullopt when the text
// is not shaped like a technique id (T + 4 digits, optionally . + 3 digits).
std::optional<std::string> NormalizeTechniqueId(std::string_view text);
// Comparison key for ATT&CK names: lower case, runs of spaces, '-' and '_' folded to one space,
// so "Credential-Access", "credential_access" and "Credential Access" compare equal.
std::string NameKey(std::string_view name);

class Catalog {
 public:
  // Parses both TSV files (with their header lines). Errors name the file and line.
  static Result<Catalog> Parse(std::string_view techniques_tsv, std::string_view tactics_tsv);

  // Lookup by id, case-insensitive and whitespace-tolerant ("t1110.003"). Includes revoked and
  // deprecated entries; nullptr when unknown.
  const Technique* FindTechnique(std::string_view id) const;
  // Lookup by name, case-insensitive. A name alone may be ambiguous among sub-techniques
  // ("PowerShell" is unique, "Local Account" is not): `parent_id` narrows it; without it the
  // first active match wins, techniques before sub-techniques. nullptr when unknown.
  const Technique* FindTechniqueByName(std::string_view name,
                                       std::string_view parent_id = {}) const;
  // Lookup by TA id, shortname or display name, case-insensitive; nullptr when unknown.
  const Tactic* FindTactic(std::string_view text) const;

  // The parent technique of a sub-technique (nullptr for a technique).
  const Technique* Parent(const Technique& t) const;
  // "Command and Scripting Interpreter: PowerShell" for a sub-technique, else the name.
  std::string DisplayName(const Technique& t) const;
  // Display names of the technique's tactics, in matrix order.
  std::vector<std::string> TacticNames(const Technique& t) const;
  // True when the technique lists this tactic (by id, shortname or name).
  bool HasTactic(const Technique& t, std::string_view tactic) const;

  size_t technique_count() const { return techniques_.size(); }
  const std::vector<Tactic>& tactics() const { return tactics_; }

 private:
  std::vector<Technique> techniques_;
  std::map<std::string, size_t, std::less<>> by_id_;
  std::vector<Tactic> tactics_;  // matrix order
};

// The catalog from data/attack (located with FindDataPath), loaded on first use.
Result<const Catalog*> BuiltinCatalog();

}  // namespace quarry::attack
