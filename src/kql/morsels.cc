#include "kql/morsels.h"

#include <algorithm>

#include "common/thread_pool.h"

namespace quarry::kql {

std::vector<Morsel> SplitRows(size_t rows, int threads, size_t min_rows) {
  min_rows = std::max<size_t>(min_rows, 1);
  if (threads <= 1 || rows < 2 * min_rows) return {Morsel{0, rows}};
  size_t count = std::min(static_cast<size_t>(threads) * 4, rows / min_rows);
  std::vector<Morsel> out;
  out.reserve(count);
  size_t base = rows / count, extra = rows % count, offset = 0;
  for (size_t i = 0; i < count; ++i) {
    size_t n = base + (i < extra ? 1 : 0);
    out.push_back(Morsel{offset, n});
    offset += n;
  }
  return out;
}

bool RowLocal(const BoundExpr& e) {
  switch (e.kind) {
    case BoundKind::kColumn:
    case BoundKind::kConstant:
      return true;
    case BoundKind::kCall:
      return std::all_of(e.args.begin(), e.args.end(),
                         [](const BoundExprPtr& a) { return RowLocal(*a); });
    default:
      return false;
  }
}

void MarkColumns(const BoundExpr& e, std::vector<bool>* used) {
  if (e.kind == BoundKind::kColumn) (*used)[e.column] = true;
  for (const auto& a : e.args) MarkColumns(*a, used);
}

TablePtr SliceRows(const Table& t, const Morsel& m, const std::vector<bool>& used) {
  std::vector<ColumnPtr> cols(t.num_columns());
  for (size_t i = 0; i < cols.size(); ++i) {
    if (used[i]) cols[i] = Column::View(t.column(i), m.offset, m.rows);
  }
  return std::make_shared<const Table>(t.schema(), std::move(cols), m.rows);
}

Status RunMorsels(size_t n, int threads, const std::function<Status(size_t)>& task) {
  std::vector<Status> results(n);
  ThreadPool::Shared().ParallelFor(n, threads, [&](size_t i) { results[i] = task(i); });
  for (auto& s : results) {
    if (!s.ok()) return s;
  }
  return Status();
}

TablePtr GatherRowsOn(const Table& t, std::span<const uint32_t> indices, int threads) {
  std::vector<ColumnPtr> cols(t.num_columns());
  ThreadPool::Shared().ParallelFor(
      cols.size(), threads, [&](size_t i) { cols[i] = Column::Gather(*t.column(i), indices); });
  return std::make_shared<const Table>(t.schema(), std::move(cols), indices.size());
}

}  // namespace quarry::kql
