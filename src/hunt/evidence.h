// Evidence: what the analyst (model or offline rules) is shown of a hunt's query results, and
// what the verifier checks findings against. The condenser fills it from result tables: rows
// kept verbatim (rare, suspicious) each with a stable evidence id, and folded groups (identical
// or noisy rows summarised per key) with counts and time bounds. Cell text is attacker-
// controlled log data: kept verbatim, never interpreted.
//
// Ids: rows "E<n>", groups "G<n>", unique within one Evidence and stable for a given input
// (the condenser assigns them in result order), so a finding's evidence_ids can be resolved.
//
// A value type; const methods are thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace quarry::hunt {

// One (column, value) pair, value rendered as text the way the analyst is shown it.
using EvidenceCell = std::pair<std::string, std::string>;

struct EvidenceRow {
  std::string id;     // "E17"
  std::string table;  // source table, e.g. "SigninLogs"
  int query_index = 0;  // which query of the hunt produced it (0 = first, pivots after)
  std::vector<EvidenceCell> cells;  // in column order; null cells are omitted
};

struct EvidenceGroup {
  std::string id;     // "G3"
  std::string table;
  int query_index = 0;
  std::vector<EvidenceCell> key;  // the columns folded on and their shared values
  int64_t count = 0;              // rows folded into this group
  int64_t first_ticks = 0;        // earliest / latest time in the group (0 when unknown)
  int64_t last_ticks = 0;
};

class Evidence {
 public:
  std::vector<EvidenceRow> rows;
  std::vector<EvidenceGroup> groups;
  int64_t rows_in = 0;  // rows returned by the queries before condensing

  // Appends a row / group with the next free id ("E<rows+1>" / "G<groups+1>") and returns it.
  const EvidenceRow& AddRow(std::string table, int query_index, std::vector<EvidenceCell> cells);
  const EvidenceGroup& AddGroup(std::string table, int query_index, std::vector<EvidenceCell> key,
                                int64_t count, int64_t first_ticks, int64_t last_ticks);

  const EvidenceRow* FindRow(std::string_view id) const;
  const EvidenceGroup* FindGroup(std::string_view id) const;
  bool HasId(std::string_view id) const { return FindRow(id) || FindGroup(id); }

  // The line an analyst is shown for a row: "[E17] SigninLogs | Col=value | Col=value".
  static std::string RenderRow(const EvidenceRow& row);
  // "[G3] SigninLogs x412 (first .. last) | Col=value".
  static std::string RenderGroup(const EvidenceGroup& group);
};

// Renders a sequence of rows the way the analyst is shown them. A row with the same columns as an
// earlier fully written row of the same table and query, sharing enough values with it that the
// short form is less than half as long, is written as its differing cells only (any other row is
// written in full and may serve as such a reference later):
//   "[E13] SigninLogs (rest as E12) | TimeGenerated=... | UserPrincipalName=bob@contoso.com"
// Lossless — every value of E13 is E12's unless listed — and the referenced row is always a full
// row rendered earlier by the same renderer, so one hop resolves it. A password spray's hundred
// rows then cost little more than their differing times and accounts.
class RowRenderer {
 public:
  // The row's line. `commit` false only measures: the renderer's state is unchanged.
  std::string Render(const EvidenceRow& row, bool commit = true);

 private:
  std::vector<EvidenceRow> full_;  // full rows written so far
};

}  // namespace quarry::hunt
