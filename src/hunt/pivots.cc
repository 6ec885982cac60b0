#include "hunt/pivots.h"

#include <algorithm>
#include <cctype>

#include "hunt/query_builder.h"
#include "table/table.h"

namespace quarry::hunt {
namespace {

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool IsNumber(const std::string& s) {
  return !s.empty() && s.size() < 24 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

HuntPlan Blank(const HuntPlan& base, std::vector<std::string> tables) {
  HuntPlan p;
  p.start_ticks = base.start_ticks;
  p.end_ticks = base.end_ticks;
  p.time_range_hours = base.time_range_hours;
  p.tables = std::move(tables);
  return p;
}

bool IsWordStart(const std::string& line, size_t at) {
  // "Name=" where Name is made of word characters, right after "; ".
  size_t eq = line.find('=', at);
  if (eq == std::string::npos || eq == at) return false;
  for (size_t i = at; i < eq; ++i) {
    char c = line[i];
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

}  // namespace

std::set<std::string> PlanEntityKeys(const HuntPlan& plan) {
  std::set<std::string> keys;
  if (plan.device_name) keys.insert("host:" + Lower(*plan.device_name));
  if (plan.user_principal_name) keys.insert("account:" + Lower(*plan.user_principal_name));
  if (plan.ip_address) keys.insert("ip:" + Lower(*plan.ip_address));
  if (plan.process_name) keys.insert("process:" + Lower(*plan.process_name));
  return keys;
}

std::vector<PivotPlan> PlanPivots(const HuntPlan& base, const std::vector<Finding>& findings,
                                  std::set<std::string>* seen, size_t max_pivots) {
  std::vector<PivotPlan> out;
  auto fresh = [&](const std::string& key) { return out.size() < max_pivots && seen->insert(key).second; };
  for (const auto& f : findings) {
    // Pivots follow what matters: a Low finding is noted, not chased across the estate.
    if (f.confidence == Confidence::kLow) continue;
    for (const auto& ip : f.entities.ips) {
      // Only addresses the analyst called indicators (public ones): an internal address is
      // shared by too much routine traffic to say anything.
      if (std::find(f.indicators_of_compromise.begin(), f.indicators_of_compromise.end(), ip) ==
          f.indicators_of_compromise.end()) {
        continue;
      }
      if (!fresh("ip:" + Lower(ip))) continue;
      PivotPlan p{Blank(base, {"SigninLogs", "DeviceNetworkEvents", "DeviceLogonEvents"}),
                  "other activity from or to " + ip};
      p.plan.ip_address = ip;
      p.plan.rationale = p.why;
      out.push_back(std::move(p));
    }
    for (const auto& account : f.entities.accounts) {
      if (!fresh("account:" + Lower(account))) continue;
      PivotPlan p{Blank(base, {"SigninLogs", "DeviceLogonEvents"}), "other sign-ins and logons by " + account};
      p.plan.user_principal_name = account;
      p.plan.rationale = p.why;
      out.push_back(std::move(p));
    }
    for (const auto& host : f.entities.hosts) {
      if (!fresh("host:" + Lower(host))) continue;
      PivotPlan p{Blank(base, {"DeviceProcessEvents", "DeviceLogonEvents", "DeviceNetworkEvents"}),
                  "more activity on " + host};
      p.plan.device_name = host;
      p.plan.rationale = p.why;
      out.push_back(std::move(p));
    }
    for (const auto& process : f.entities.processes) {
      if (!fresh("process:" + Lower(process))) continue;
      PivotPlan p{Blank(base, {"DeviceProcessEvents"}), "the same process " + process + " elsewhere"};
      p.plan.process_name = process;
      p.plan.rationale = p.why;
      out.push_back(std::move(p));
    }
  }
  return out;
}

Result<std::vector<EvidenceRow>> FetchCitedRows(sources::LogSource& source,
                                                const std::vector<std::string>& tables,
                                                const std::vector<std::string>& ids,
                                                int64_t now_ticks) {
  std::vector<std::string> numeric;
  for (const auto& id : ids) {
    if (IsNumber(id) && numeric.size() < 500) numeric.push_back(id);
  }
  std::vector<EvidenceRow> rows;
  if (numeric.empty()) return rows;
  std::string list;
  for (const auto& id : numeric) list += (list.empty() ? "" : ", ") + KqlString(id);
  for (const auto& table : tables) {
    std::string kql = table + "\n| where _ItemId in (" + list + ")\n| take 500";
    sources::QueryOptions options;
    options.now_ticks = now_ticks;
    auto result = source.Query(kql, options);
    if (!result.ok()) continue;  // a table without these columns simply has none of the rows
    const Table& t = **result;
    auto id_col = t.schema().IndexOf("_ItemId");
    for (size_t r = 0; r < t.num_rows(); ++r) {
      EvidenceRow row;
      row.table = table;
      row.query_index = -1;
      for (size_t c = 0; c < t.num_columns(); ++c) {
        const Column& col = *t.column(c);
        if (col.IsNull(r)) continue;
        std::string text = col.type() == Type::kDynamic ? col.dynamic(r)->dump() : col.GetValue(r).ToString();
        if (id_col && c == *id_col) {
          row.id = text;
          continue;
        }
        if (!text.empty()) row.cells.emplace_back(t.schema().field(c).name, std::move(text));
      }
      if (!row.id.empty()) rows.push_back(std::move(row));
    }
  }
  return rows;
}

std::vector<EvidenceCell> CellsFromLogLine(const std::string& line) {
  std::vector<EvidenceCell> cells;
  size_t at = 0;
  while (at < line.size()) {
    size_t eq = line.find('=', at);
    if (eq == std::string::npos) break;
    size_t next = eq + 1;
    size_t end = line.size();
    while (true) {
      size_t sep = line.find("; ", next);
      if (sep == std::string::npos) break;
      if (IsWordStart(line, sep + 2)) {
        end = sep;
        break;
      }
      next = sep + 2;
    }
    cells.emplace_back(line.substr(at, eq - at), line.substr(eq + 1, end - eq - 1));
    at = end == line.size() ? end : end + 2;
  }
  return cells;
}

}  // namespace quarry::hunt
