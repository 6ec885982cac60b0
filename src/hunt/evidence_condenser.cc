#include "hunt/evidence_condenser.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <unordered_map>

#include "common/csv.h"
#include "common/time.h"
#include "llm/tokenizer/tokenizer.h"

namespace quarry::hunt {
namespace {

constexpr std::string_view kItemId = "_ItemId";
constexpr size_t kMinBudget = 1'000;
constexpr int64_t kHotMinimum = 3;
// A campaign is a source address — a spraying IP, a brute-forcing IP, the source of an MFA push
// flood — with at least this many suspicious rows and almost nothing else (at least 3 in 4):
// unlike a user's few typos, or a targeted account with its owner's own sign-ins around the
// attack. Its rows may use the whole token budget.
constexpr int64_t kCampaignMinimum = 8;

// Column-name fragments of entity and outcome columns: the key rows are folded on.
constexpr std::array<std::string_view, 14> kKeyFragments = {
    "account", "user",   "upn",       "ipaddress", "remoteip", "srcip", "destip",
    "caller",  "device", "result",    "actiontype", "operation", "status", "vm_s"};

// Value fragments that make a row worth showing verbatim whatever its frequency.
constexpr std::array<std::string_view, 30> kSuspiciousTerms = {
    "fail",     "denied",    "deny",      "blocked",   "invalid",   "locked",
    "malicious", "suspicious", "alert",   "mimikatz",  "encodedcommand", "-enc ",
    "bypass",   "lsass",     "procdump",  "psexec",    "rubeus",    "certutil",
    "bitsadmin", "vssadmin", "wevtutil",  "ransom",    "comsvcs",   "sekurlsa",
    "invoke-",  "downloadstring", "frombase64", "isolat", "delete shadows", "logonfailed"};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsKeyColumn(std::string_view name) {
  std::string lower = Lower(name);
  for (auto fragment : kKeyFragments) {
    if (lower.find(fragment) != std::string::npos) return true;
  }
  return false;
}

// Dotted IPv4 or colon-separated IPv6 text.
bool LooksLikeIpAddress(std::string_view v) {
  if (v.empty() || v.size() > 45) return false;
  size_t dots = 0, colons = 0;
  for (char c : v) {
    if (c == '.') {
      ++dots;
    } else if (c == ':') {
      ++colons;
    } else if (!std::isxdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return dots == 3 || (colons >= 2 && dots == 0);
}

bool IsTimeColumn(std::string_view name) { return name == "TimeGenerated" || name == "Timestamp"; }

std::string CellText(const Column& column, size_t row) {
  if (column.IsNull(row)) return "";
  if (column.type() == Type::kDynamic) return column.dynamic(row)->dump();
  return column.GetValue(row).ToString();
}

struct RowView {
  size_t index = 0;
  std::vector<EvidenceCell> cells;  // non-empty cells, time first when present
  std::string item_id;
  int64_t time_ticks = 0;
  std::string key;  // joined key-column values
  bool suspicious = false;
  int64_t key_count = 0;
  int rare_values = 0;  // key-column values seen at most rare_count times in the table
  // Suspicious rows sharing this row's commonest entity value (account, IP, device...), this row
  // included; 0 for a row that is not suspicious.
  int64_t cluster = 0;
  // Suspicious rows on this row's hottest entity value: one whose rows are mostly suspicious (at
  // least kHotMinimum of them) — a spraying IP, a brute-forced host, an account under MFA
  // fatigue. Every row of such a value counts, its successes too (failures then a success is
  // the compromise); 0 when none of the row's values is hot.
  int64_t hot = 0;
  int hot_columns = 0;  // how many of the row's values are hot (an attacking IP on a targeted account: 2)
  // Suspicious rows on this row's campaign value (see kCampaignMinimum); 0 when it has none.
  int64_t campaign = 0;
  // Columns where this row's value is an outlier: rare (at most rare_count rows) in a column of
  // few distinct values — a country, a client app, a logon type seen once among thousands.
  int outliers = 0;
  // The same actor's row just before an outlier row: the outlier's unusualness (Unusual()), so it
  // ranks beside the row it explains; 0 otherwise.
  int context = 0;
};

int Unusual(const RowView& r) { return 4 * r.outliers + std::min(r.rare_values, 3); }

// A run of suspicious rows on one entity — many failures from one IP, many denied MFA pushes for
// one account — is the shape of an attack (spray, brute force, fatigue), unlike a scattered typo.
// Higher first: rows of a hot entity value (the campaign and the success it ends in; many rows,
// but written short), then outliers (a country, a client app or an error code seen almost
// nowhere else), then suspicious rows with a rare value, other suspicious rows, merely rare rows.
// Within a tier: hotter values, more outliers and rare values, larger suspicious clusters, rarer
// keys.
int Tier(const RowView* r) {
  if (r->hot > 0) return 4;
  if (r->outliers > 0 || r->context > 0) return 3;
  if (r->suspicious) return r->rare_values > 0 ? 2 : 1;
  return 0;
}

bool HigherPriority(const RowView* a, const RowView* b) {
  if (Tier(a) != Tier(b)) return Tier(a) > Tier(b);
  if (a->hot_columns != b->hot_columns) return a->hot_columns > b->hot_columns;
  if (a->hot != b->hot) return a->hot > b->hot;
  auto unusual = [](const RowView* r) { return std::max(Unusual(*r), r->context); };
  if (unusual(a) != unusual(b)) return unusual(a) > unusual(b);
  if (a->cluster != b->cluster) return a->cluster > b->cluster;
  if (a->key_count != b->key_count) return a->key_count < b->key_count;
  return a->index < b->index;
}

// Key columns that name an actor (account, IP, device, caller) rather than an outcome or a
// shared attribute such as a browser's user agent or a display name.
bool IsEntityColumn(std::string_view name) {
  std::string lower = Lower(name);
  for (std::string_view other : {"result", "actiontype", "operation", "status", "agent", "displayname"}) {
    if (lower.find(other) != std::string::npos) return false;
  }
  return true;
}

struct Fold {
  std::vector<EvidenceCell> key;
  int64_t count = 0;
  int64_t first = 0, last = 0;
  size_t order = 0;
};

void AddToFold(std::map<std::string, Fold>& folds, const std::string& fold_key,
               const std::vector<EvidenceCell>& key_cells, const RowView& row) {
  auto [it, inserted] = folds.try_emplace(fold_key);
  Fold& f = it->second;
  if (inserted) {
    f.key = key_cells;
    f.order = row.index;
    f.first = f.last = row.time_ticks;
  }
  ++f.count;
  if (row.time_ticks != 0) {
    if (f.first == 0 || row.time_ticks < f.first) f.first = row.time_ticks;
    if (row.time_ticks > f.last) f.last = row.time_ticks;
  }
  f.order = std::min(f.order, row.index);
}

std::vector<RowView> ReadRows(const Table& table, size_t rare_count) {
  const Schema& schema = table.schema();
  std::vector<RowView> rows(table.num_rows());
  std::vector<size_t> key_columns;
  for (size_t c = 0; c < schema.size(); ++c) {
    const auto& name = schema.field(c).name;
    if (name != kItemId && !IsTimeColumn(name) && IsKeyColumn(name)) key_columns.push_back(c);
  }
  std::vector<std::unordered_map<std::string, int64_t>> value_counts(schema.size());
  std::unordered_map<std::string, int64_t> key_counts;
  for (size_t r = 0; r < table.num_rows(); ++r) {
    RowView& row = rows[r];
    row.index = r;
    for (size_t c = 0; c < schema.size(); ++c) {
      const auto& name = schema.field(c).name;
      std::string text = CellText(*table.column(c), r);
      if (name == kItemId) {
        row.item_id = text;
        continue;
      }
      if (IsTimeColumn(name) && schema.field(c).type == Type::kDatetime &&
          !table.column(c)->IsNull(r)) {
        row.time_ticks = table.column(c)->longs()[r];
      }
      if (text.empty()) continue;
      if (!row.suspicious && LooksSuspicious(name, text)) row.suspicious = true;
      row.cells.emplace_back(name, std::move(text));
    }
    for (size_t c : key_columns) {
      std::string text = CellText(*table.column(c), r);
      ++value_counts[c][text];
      row.key += text;
      row.key += '\x1f';
    }
    ++key_counts[row.key];
  }
  std::vector<std::unordered_map<std::string, int64_t>> suspicious_counts(schema.size());
  for (const auto& row : rows) {
    if (!row.suspicious) continue;
    for (size_t c : key_columns) {
      std::string text = CellText(*table.column(c), row.index);
      if (!text.empty() && IsEntityColumn(schema.field(c).name)) ++suspicious_counts[c][text];
    }
  }
  for (auto& row : rows) {
    row.key_count = key_counts[row.key];
    for (size_t c : key_columns) {
      auto found = suspicious_counts[c].find(CellText(*table.column(c), row.index));
      if (found == suspicious_counts[c].end() || found->second < kHotMinimum) continue;
      if (2 * found->second >= value_counts[c][found->first]) {
        row.hot = std::max(row.hot, found->second);
        ++row.hot_columns;
      }
      if (found->second >= kCampaignMinimum &&
          4 * found->second >= 3 * value_counts[c][found->first] &&
          LooksLikeIpAddress(found->first)) {
        row.campaign = std::max(row.campaign, found->second);
      }
    }
    if (row.suspicious) {
      for (size_t c : key_columns) {
        auto found = suspicious_counts[c].find(CellText(*table.column(c), row.index));
        if (found != suspicious_counts[c].end()) row.cluster = std::max(row.cluster, found->second);
      }
    }
    for (size_t c : key_columns) {
      auto found = value_counts[c].find(CellText(*table.column(c), row.index));
      if (found->second <= static_cast<int64_t>(rare_count) && !found->first.empty()) {
        ++row.rare_values;
      }
    }
  }
  // Outliers: in a column with few distinct values (at most a tenth of the rows), a value seen at
  // most rare_count times stands out whatever column it is in.
  const size_t n = table.num_rows();
  for (size_t c = 0; c < schema.size(); ++c) {
    const auto& name = schema.field(c).name;
    if (name == kItemId || IsTimeColumn(name)) continue;
    std::unordered_map<std::string, int64_t> counts;
    std::vector<std::string> texts(n);
    for (size_t r = 0; r < n; ++r) {
      texts[r] = CellText(*table.column(c), r);
      ++counts[texts[r]];
    }
    if (counts.size() < 2 || counts.size() * 10 > n) continue;
    for (size_t r = 0; r < n; ++r) {
      if (!texts[r].empty() && counts[texts[r]] <= static_cast<int64_t>(rare_count)) ++rows[r].outliers;
    }
  }
  // Where was this actor just before? For an outlier row (a sign-in from a country seen nowhere
  // else), the same account's, IP's or device's latest earlier row is its context — together they
  // show the travel, the new client, the change — and ranks with it.
  for (size_t c : key_columns) {
    if (!IsEntityColumn(schema.field(c).name)) continue;
    std::unordered_map<std::string, std::vector<size_t>> by_value;
    for (size_t r = 0; r < n; ++r) {
      std::string text = CellText(*table.column(c), r);
      if (!text.empty()) by_value[text].push_back(r);
    }
    for (const auto& [value, members] : by_value) {
      for (size_t r : members) {
        if (rows[r].outliers == 0 || rows[r].time_ticks == 0) continue;
        const RowView* before = nullptr;
        for (size_t other : members) {
          const RowView& o = rows[other];
          if (o.time_ticks == 0 || o.time_ticks >= rows[r].time_ticks) continue;
          if (before == nullptr || o.time_ticks > before->time_ticks) before = &o;
        }
        if (before != nullptr) {
          RowView& b = rows[before->index];
          b.context = std::max(b.context, Unusual(rows[r]));
        }
      }
    }
  }
  return rows;
}

std::vector<EvidenceCell> KeyCells(const RowView& row, bool coarse) {
  std::vector<EvidenceCell> key;
  for (const auto& cell : row.cells) {
    if (IsTimeColumn(cell.first) || !IsKeyColumn(cell.first)) continue;
    if (coarse) {
      std::string lower = Lower(cell.first);
      if (lower.find("result") == std::string::npos && lower.find("actiontype") == std::string::npos &&
          lower.find("status") == std::string::npos) {
        continue;
      }
    }
    key.push_back(cell);
  }
  return key;
}

std::string JoinKey(const std::vector<EvidenceCell>& key) {
  std::string out;
  for (const auto& [c, v] : key) out += c + "=" + v + "\x1f";
  return out;
}

// One table's condensed lines before ids are assigned.
struct TablePlan {
  const QueryResult* result = nullptr;
  std::vector<RowView> rows;
  std::vector<const RowView*> kept;    // verbatim, in priority order
  std::vector<const RowView*> folded;  // summarised
  bool coarse = false;
};

std::map<std::string, Fold> FoldRows(const TablePlan& plan) {
  std::map<std::string, Fold> folds;
  for (const RowView* row : plan.folded) {
    auto key = KeyCells(*row, plan.coarse);
    AddToFold(folds, JoinKey(key), key, *row);
  }
  return folds;
}

size_t Tokens(const llm::Tokenizer& tokenizer, const std::string& line) {
  return tokenizer.Count(line) + 1;  // the newline
}

// Writes the plans' kept rows (in table order) and groups into `evidence`; returns the text of
// what it added, as the analyst is shown it.
std::string Assemble(const std::vector<TablePlan>& plans, Evidence* evidence, CondenseStats& st) {
  const size_t rows_before = evidence->rows.size(), groups_before = evidence->groups.size();
  for (const auto& plan : plans) {
    std::vector<const RowView*> kept = plan.kept;
    std::sort(kept.begin(), kept.end(), [](auto a, auto b) { return a->index < b->index; });
    for (const RowView* row : kept) {
      if (!row->item_id.empty() && evidence->HasId(row->item_id)) continue;  // seen in a round before
      if (row->item_id.empty()) {
        evidence->AddRow(plan.result->table, plan.result->query_index, row->cells);
      } else {
        evidence->rows.push_back(
            EvidenceRow{row->item_id, plan.result->table, plan.result->query_index, row->cells});
      }
      ++st.rows_kept;
    }
    auto folds = FoldRows(plan);
    std::vector<const Fold*> ordered;
    for (const auto& [k, fold] : folds) ordered.push_back(&fold);
    std::sort(ordered.begin(), ordered.end(), [](auto a, auto b) { return a->order < b->order; });
    for (const Fold* fold : ordered) {
      evidence->AddGroup(plan.result->table, plan.result->query_index, fold->key, fold->count,
                         fold->first, fold->last);
      st.rows_folded += fold->count;
      ++st.groups;
    }
  }
  std::string added;
  RowRenderer renderer;
  for (size_t i = rows_before; i < evidence->rows.size(); ++i) added += renderer.Render(evidence->rows[i]) + "\n";
  for (size_t i = groups_before; i < evidence->groups.size(); ++i) added += Evidence::RenderGroup(evidence->groups[i]) + "\n";
  return added;
}

}  // namespace

bool LooksSuspicious(std::string_view column, std::string_view value) {
  std::string v = Lower(value);
  for (auto term : kSuspiciousTerms) {
    if (v.find(term) != std::string::npos) return true;
  }
  // Entra sign-ins: ResultType "0" is success, anything else an error code.
  if (column == "ResultType" && !v.empty() && v != "0") return true;
  return false;
}

Status CondenseInto(const std::vector<QueryResult>& results, const CondenseOptions& options,
                    Evidence* evidence, CondenseStats* stats) {
  if (options.tokenizer == nullptr) return InvalidArgument("evidence condenser: no tokenizer");
  const llm::Tokenizer& tok = *options.tokenizer;
  CondenseStats local;
  CondenseStats& st = stats ? *stats : local;
  std::vector<TablePlan> plans;
  for (const auto& result : results) {
    if (!result.rows || result.rows->num_rows() == 0) continue;
    TablePlan plan;
    plan.result = &result;
    plan.rows = ReadRows(*result.rows, options.rare_count);
    st.rows_in += static_cast<int64_t>(plan.rows.size());
    plans.push_back(std::move(plan));
  }
  st.csv_tokens = tok.Count(ResultsAsCsv(results));

  // Verbatim candidates across all tables compete for the budget in one priority order.
  std::vector<std::pair<TablePlan*, const RowView*>> candidates;
  for (auto& plan : plans) {
    for (const auto& row : plan.rows) {
      bool rare = row.key_count <= static_cast<int64_t>(options.rare_count) || row.rare_values > 0;
      if (row.suspicious || rare || row.hot > 0 || row.outliers > 0 || row.context > 0) {
        candidates.emplace_back(&plan, &row);
      } else {
        plan.folded.push_back(&row);
      }
    }
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const auto& a, const auto& b) { return HigherPriority(a.second, b.second); });

  // Groups are the summary of everything not kept, so they are paid for first: their cost with
  // every row folded is an upper bound (keeping a row never adds a group). When that takes more
  // than half the budget, groups are coarsened to one per outcome.
  auto group_tokens = [&](TablePlan& plan) {
    std::vector<const RowView*> saved = plan.folded;
    plan.folded.clear();
    for (const auto& row : plan.rows) plan.folded.push_back(&row);
    size_t total = 0;
    for (const auto& [k, fold] : FoldRows(plan)) {
      EvidenceGroup g{"G0000", plan.result->table, plan.result->query_index, fold.key, fold.count,
                      fold.first, fold.last};
      total += Tokens(tok, Evidence::RenderGroup(g));
    }
    plan.folded = std::move(saved);
    return total;
  };
  // Condensing must pay for itself: never more than a tenth of what the raw rows would cost
  // (with a floor, so a small result is still shown whole), never more than the budget. The
  // rows of a campaign (see kCampaignMinimum: one source address spraying many accounts or
  // flooding one with MFA pushes) are the finding itself, so they may use the whole token
  // budget when the result is mostly that campaign (a spray on a quiet weekend), where a tenth
  // of the CSV would fold most of it away.
  const size_t budget = std::min(options.token_budget, std::max(kMinBudget, st.csv_tokens / 10));
  const size_t campaign_budget = options.token_budget;
  bool over_tenth = false;  // hot rows were admitted beyond the tenth-of-CSV budget
  size_t used = 0;
  for (auto& plan : plans) used += group_tokens(plan);
  if (used > budget / 2) {
    used = 0;
    for (auto& plan : plans) {
      plan.coarse = true;
      used += group_tokens(plan);
    }
  }
  // Admission is priced as the rows will be written: short when they repeat an admitted row.
  RowRenderer admitted_rows;
  std::vector<std::pair<TablePlan*, const RowView*>> admitted;
  // Every table's most telling row comes first, so one table's long campaign cannot hide
  // another table's single odd row (a lone injected command line next to a brute force).
  std::vector<std::pair<TablePlan*, const RowView*>> leaders_first;
  for (auto& candidate : candidates) {
    bool leader = true;
    for (const auto& seen : leaders_first) leader = leader && seen.first != candidate.first;
    if (leader) leaders_first.push_back(candidate);
  }
  for (auto& candidate : candidates) {
    if (std::find(leaders_first.begin(), leaders_first.end(), candidate) == leaders_first.end()) {
      leaders_first.push_back(candidate);
    }
  }
  for (auto& [plan, row] : leaders_first) {
    EvidenceRow probe{row->item_id.empty() ? "E0000" : row->item_id, plan->result->table,
                      plan->result->query_index, row->cells};
    size_t cost = Tokens(tok, admitted_rows.Render(probe, false));
    const size_t cap = row->campaign > 0 ? campaign_budget : budget;
    if (used + cost <= cap) {
      used += cost;
      over_tenth = over_tenth || used > budget;
      admitted_rows.Render(probe);
      plan->kept.push_back(row);
      admitted.emplace_back(plan, row);
    } else {
      plan->folded.push_back(row);
      ++st.demoted_for_budget;
    }
  }

  // Written in table order the short forms may differ from the admission estimate: the least
  // important kept rows are folded back until the text really fits.
  for (;;) {
    Evidence trial = *evidence;
    CondenseStats trial_stats = st;
    std::string added = Assemble(plans, &trial, trial_stats);
    size_t tokens = tok.Count(added);
    if (tokens <= (over_tenth ? campaign_budget : budget) || admitted.empty()) {
      *evidence = std::move(trial);
      st = trial_stats;
      st.evidence_tokens = tokens;
      break;
    }
    auto [plan, row] = admitted.back();
    admitted.pop_back();
    plan->kept.erase(std::find(plan->kept.begin(), plan->kept.end(), row));
    plan->folded.push_back(row);
    ++st.demoted_for_budget;
  }
  evidence->rows_in += st.rows_in;
  return Status::Ok();
}

std::string RenderEvidence(const Evidence& evidence) {
  std::string out;
  RowRenderer renderer;
  for (const auto& row : evidence.rows) {
    out += renderer.Render(row);
    out += '\n';
  }
  for (const auto& group : evidence.groups) {
    out += Evidence::RenderGroup(group);
    out += '\n';
  }
  return out;
}

std::string ResultsAsCsv(const std::vector<QueryResult>& results) {
  std::string out;
  for (const auto& result : results) {
    if (!result.rows) continue;
    const Table& t = *result.rows;
    out += "# " + result.table + "\n";
    for (size_t c = 0; c < t.num_columns(); ++c) {
      if (c) out += ',';
      out += CsvField(t.schema().field(c).name);
    }
    out += '\n';
    for (size_t r = 0; r < t.num_rows(); ++r) {
      for (size_t c = 0; c < t.num_columns(); ++c) {
        if (c) out += ',';
        out += CsvField(CellText(*t.column(c), r));
      }
      out += '\n';
    }
  }
  return out;
}

}  // namespace quarry::hunt
