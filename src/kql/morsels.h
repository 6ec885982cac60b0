// Morsels: how the executor splits an operator's rows across threads. A table is cut into a
// few contiguous row ranges (up to four per thread, none smaller than a minimum), each range is
// evaluated on its own (columns viewed, expressions run, partial aggregation states built), and
// the pieces are put back together in row order, so the result is the one a single pass gives.
//
// Internal to the engine. Functions are pure except RunMorsels, which runs tasks on the shared
// ThreadPool (common/thread_pool.h).
#pragma once

#include <functional>
#include <span>
#include <vector>

#include "common/status.h"
#include "kql/bound_expr.h"
#include "table/table.h"

namespace quarry::kql {

constexpr size_t kDefaultMinMorselRows = 16384;

struct Morsel {
  size_t offset = 0;
  size_t rows = 0;
};

// Contiguous ranges covering [0, rows) in order. One range when threads <= 1 or rows <
// 2 * min_rows; otherwise min(4 * threads, rows / min_rows) ranges of near-equal size.
std::vector<Morsel> SplitRows(size_t rows, int threads, size_t min_rows);

// True when `e` evaluated over consecutive row ranges, results concatenated, equals `e`
// evaluated over all the rows: no window functions (row_number, prev, next, row_cumsum, ranks).
bool RowLocal(const BoundExpr& e);

// Sets used[i] for every input column `e` reads. REQUIRES: used->size() covers the input.
void MarkColumns(const BoundExpr& e, std::vector<bool>* used);

// The rows of `m` as a table with t's schema: the columns marked in `used` are views of its
// rows (text shared, not copied; see Column::View), the others are left unset (nullptr). REQUIRES: nothing evaluated over it reads an unmarked column.
TablePtr SliceRows(const Table& t, const Morsel& m, const std::vector<bool>& used);

// Runs task(i) for i in [0, n) on up to `threads` threads; returns the error of the lowest i
// that failed (what a sequential run would have stopped at), or OK.
Status RunMorsels(size_t n, int threads, const std::function<Status(size_t)>& task);

// Rows of `t` at `indices` (in order), the columns gathered on up to `threads` threads.
TablePtr GatherRowsOn(const Table& t, std::span<const uint32_t> indices, int threads);

}  // namespace quarry::kql
