// Hit: one output row of a rule's query, read as an analyst reads it — when, on which entities,
// citing which stored rows, and the row as a log line. ExtractHits turns a query result into hits
// using the rule's entity mappings and the query contract in rule.h.
//
// Row values are attacker-controlled text: they are copied as data, never interpreted.
// Thread-safe: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analytics/rule.h"
#include "common/status.h"
#include "hunt/finding.h"
#include "table/table.h"

namespace quarry::analytics {

inline constexpr size_t kMaxLogLineChars = 600;

struct Hit {
  const Rule* rule = nullptr;
  std::string technique;  // the rule's first technique, or the row's `TechniqueId` when valid
  int64_t time_ticks = 0;  // the row's time column (0 when the row has none)
  hunt::Entities entities;
  std::vector<std::string> evidence_ids;
  std::vector<std::string> iocs;
  std::string log_line;  // "Column=value; ..." of the non-empty columns, capped
};

// Output column a rule may fill with a per-row ATT&CK id (e.g. a Defender alert's technique).
inline constexpr std::string_view kTechniqueIdColumn = "TechniqueId";

// Reads every row of `output` as a hit of `rule`. Mapped columns missing from the output are
// skipped (a rule may map columns only some rows carry). REQUIRES: `rule` outlives the hits.
std::vector<Hit> ExtractHits(const Rule& rule, const Table& output);

// True for text shaped like an IPv4 or IPv6 address that is routable on the internet (not
// private, loopback, link-local, multicast or unspecified).
bool IsPublicIp(std::string_view text);
bool LooksLikeIp(std::string_view text);

}  // namespace quarry::analytics
