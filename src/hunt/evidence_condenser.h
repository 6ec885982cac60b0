// Evidence condenser: a hunt's query results -> Evidence small enough for a model to read, with
// nothing that matters lost.
//
// Per result table, every row is read as text cells. Rows are then
//  - kept verbatim when rare (their key — the entity and outcome columns such as account, IP,
//    device, result — occurs at most `rare_count` times in the table, or one key value does),
//    suspicious (a failure, denial or block outcome, an alert, or a known attack-tool term in any
//    cell), of a hot entity value (an IP, account or device whose rows are mostly suspicious:
//    the campaign and the success it ends in), an outlier (a value seen at most `rare_count`
//    times in a column of few distinct values: a new country, a rare client or error code), or
//    the same actor's row just before an outlier (where the account was before the new place);
//  - otherwise folded: rows sharing a key become one group with a count and first/last times
//    (identical rows always fold, because they share every column).
// Kept rows are admitted in priority order (hot, outlier and its context, suspicious and rare,
// suspicious, rare), every table's first candidate before anything else, so one table's long
// campaign cannot hide another table's single odd row.
// A kept row's evidence id is its `_ItemId` when the result carries one (the stable id of the
// stored row), else "E<n>"; groups are "G<n>". The evidence added must fit the smaller of
// `token_budget` and a tenth of the tokens the rows cost as CSV (at least 1,000), counted with
// the model's exact tokenizer — except the rows of a campaign (a source address with at least 8
// suspicious rows and at least 3 in 4 of its rows suspicious: a spray, a brute force, an MFA
// push flood), which may use the whole `token_budget` when the result is mostly that campaign.
// When it does not fit, the least suspicious, most
// common kept rows are folded back into groups first, then groups are coarsened to one per
// outcome, and as a last resort the lowest-priority lines are summarised in one count line.
//
// Cell text is attacker-controlled: copied, never interpreted. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "hunt/evidence.h"
#include "table/table.h"

namespace quarry::llm {
class Tokenizer;
}

namespace quarry::hunt {

struct QueryResult {
  std::string table;
  int query_index = 0;  // 0 = the first query of the hunt; pivot queries after
  TablePtr rows;        // may be null (a query that failed contributes nothing)
};

struct CondenseOptions {
  const llm::Tokenizer* tokenizer = nullptr;  // REQUIRED
  size_t token_budget = 12'000;
  size_t rare_count = 3;
};

struct CondenseStats {
  int64_t rows_in = 0;
  int64_t rows_kept = 0;    // verbatim rows
  int64_t rows_folded = 0;  // rows represented only by a group's count
  size_t groups = 0;
  size_t evidence_tokens = 0;  // tokens of the lines this call added
  size_t csv_tokens = 0;       // tokens of every returned row as CSV (what the seeds sent)
  int64_t demoted_for_budget = 0;  // rare/suspicious rows folded to fit the budget
};

// Condenses `results` into `evidence` (appending: ids continue after what it already holds, so
// pivot rounds extend the first round's evidence). `stats` may be null.
Status CondenseInto(const std::vector<QueryResult>& results, const CondenseOptions& options,
                    Evidence* evidence, CondenseStats* stats);

// The text the analyst is shown: one line per kept row and group (Evidence::RenderRow /
// RenderGroup), grouped by table.
std::string RenderEvidence(const Evidence& evidence);

// Every row of every result as CSV with a header per table: the baseline the condenser is
// measured against.
std::string ResultsAsCsv(const std::vector<QueryResult>& results);

// True when a cell value reads as a failure, denial, block, alert or attack-tool term.
bool LooksSuspicious(std::string_view column, std::string_view value);

}  // namespace quarry::hunt
