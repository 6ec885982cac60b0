#include "hunt/evidence.h"

#include "common/time.h"

namespace quarry::hunt {
namespace {

// "E" + number, built by appending (GCC 12 warns falsely on `"E" + std::to_string(n)`).
std::string NumberedId(char prefix, size_t n) {
  std::string id(1, prefix);
  id += std::to_string(n);
  return id;
}

void AppendCells(std::string& out, const std::vector<EvidenceCell>& cells) {
  for (const auto& [column, value] : cells) {
    out += " | ";
    out += column;
    out += '=';
    out += value;
  }
}

}  // namespace

const EvidenceRow& Evidence::AddRow(std::string table, int query_index,
                                    std::vector<EvidenceCell> cells) {
  rows.push_back(EvidenceRow{NumberedId('E', rows.size() + 1), std::move(table), query_index,
                             std::move(cells)});
  return rows.back();
}

const EvidenceGroup& Evidence::AddGroup(std::string table, int query_index,
                                        std::vector<EvidenceCell> key, int64_t count,
                                        int64_t first_ticks, int64_t last_ticks) {
  groups.push_back(EvidenceGroup{NumberedId('G', groups.size() + 1), std::move(table),
                                 query_index, std::move(key), count, first_ticks, last_ticks});
  return groups.back();
}

const EvidenceRow* Evidence::FindRow(std::string_view id) const {
  for (const auto& r : rows) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

const EvidenceGroup* Evidence::FindGroup(std::string_view id) const {
  for (const auto& g : groups) {
    if (g.id == id) return &g;
  }
  return nullptr;
}

std::string Evidence::RenderRow(const EvidenceRow& row) {
  std::string out = "[" + row.id + "] " + row.table;
  AppendCells(out, row.cells);
  return out;
}

std::string Evidence::RenderGroup(const EvidenceGroup& group) {
  std::string out = "[" + group.id + "] " + group.table + " x" + std::to_string(group.count);
  if (group.first_ticks != 0 || group.last_ticks != 0) {
    out += " (" + FormatDatetime(group.first_ticks) + " .. " + FormatDatetime(group.last_ticks) +
           ")";
  }
  AppendCells(out, group.key);
  return out;
}

std::string RowRenderer::Render(const EvidenceRow& row, bool commit) {
  std::string full = Evidence::RenderRow(row);
  std::string best;
  for (auto it = full_.rbegin(); it != full_.rend(); ++it) {
    const EvidenceRow& base = *it;
    if (base.table != row.table || base.query_index != row.query_index ||
        base.cells.size() != row.cells.size()) {
      continue;
    }
    std::vector<EvidenceCell> differing;
    bool same_columns = true;
    for (size_t i = 0; i < row.cells.size() && same_columns; ++i) {
      same_columns = base.cells[i].first == row.cells[i].first;
      if (base.cells[i].second != row.cells[i].second) differing.push_back(row.cells[i]);
    }
    if (!same_columns || differing.size() + 2 > row.cells.size()) continue;
    std::string out = "[" + row.id + "] " + row.table + " (rest as " + base.id + ")";
    AppendCells(out, differing);
    if (best.empty() || out.size() < best.size()) best = std::move(out);
  }
  // A row that repeats less than half of any earlier row starts a family of its own.
  if (!best.empty() && 2 * best.size() < full.size()) return best;
  if (commit) {
    full_.push_back(row);
  }
  return full;
}

}  // namespace quarry::hunt
