// Rule: one hunting analytic, as data. Rules live in rules/*.yaml in the shape of Microsoft
// Sentinel hunting queries (id, name, description, why it matters, severity, tactics, ATT&CK
// techniques, required tables, KQL query, entity mappings, known false positives, version) plus
// positive and negative test fixtures: small inline tables the query must fire on / stay quiet on.
//
// Query contract (docs/RULES.md): each output row is one hit. It carries a time column
// (`time_column`, default TimeGenerated), the columns named by the entity mappings, and its
// evidence: either `_ItemId` (the row id of one stored row) or `EvidenceIds` (a dynamic array of
// row ids, e.g. `make_set(_ItemId, 50)`). The runner defines `HuntStart` and `HuntEnd`
// (datetimes) before the query; the query may read history from `HuntStart - query_period`.
//
// A value type; thread-compatible.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "table/value.h"

namespace quarry::analytics {

// The hidden row-id column of stored rows, and the column a rule may fill with several row ids.
inline constexpr std::string_view kItemIdColumn = "_ItemId";
inline constexpr std::string_view kEvidenceIdsColumn = "EvidenceIds";

enum class Severity { kInformational, kLow, kMedium, kHigh };
const char* SeverityName(Severity s);  // "Informational", "Low", "Medium", "High"
std::optional<Severity> SeverityFromName(std::string_view name);  // case-insensitive

enum class EntityKind { kHost, kAccount, kIp, kProcess, kFile, kHash, kUrl };
const char* EntityKindName(EntityKind k);  // "host", "account", "ip", "process", "file", ...
// Accepts our names and Sentinel's entity types ("Host", "Account", "IP", "Process", "File",
// "FileHash", "URL"), case-insensitive.
std::optional<EntityKind> EntityKindFromName(std::string_view name);

struct EntityMapping {
  EntityKind kind;
  std::string column;  // an output column of the query (string, or dynamic array of strings)
};

// One fixture row: column name -> value as written in the YAML (converted to the column's type
// when the fixture table is built).
using FixtureRow = std::map<std::string, Json>;

struct Fixture {
  std::map<std::string, std::vector<FixtureRow>> tables;  // table name -> rows
  size_t min_hits = 1;  // positive fixtures: at least this many output rows
};

struct Rule {
  std::string id;  // stable, e.g. "QR-CRED-001"
  std::string name;
  std::string description;
  std::string value;  // why it matters to an analyst
  Severity severity = Severity::kMedium;
  std::vector<std::string> tactics;     // Sentinel spelling, e.g. "CredentialAccess"
  std::vector<std::string> techniques;  // ATT&CK ids, e.g. "T1110.001"; the first is primary
  std::vector<std::string> tables;      // required tables
  std::string query;
  std::vector<EntityMapping> entities;
  std::vector<std::string> false_positives;
  std::vector<std::string> recommendations;  // extra, rule-specific next steps
  std::string version;
  std::string time_column = "TimeGenerated";
  int64_t query_period_ticks = 0;  // history read before the hunt window (baselines)
  std::vector<std::string> tags;
  Fixture positive;
  Fixture negative;
  std::optional<int64_t> fixture_now;  // now() for fixtures (datetime ticks)
  std::string source_file;             // where it was loaded from (for messages)
};

}  // namespace quarry::analytics
