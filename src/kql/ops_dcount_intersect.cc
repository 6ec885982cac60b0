// The dcount_intersect evaluate plugin: `T | evaluate dcount_intersect(hll1, hll2, ...)` adds
// columns s0, s1, ... where s_k is the number of distinct values in all of hll1 .. hll(k+1)
// (s0 = dcount of hll1). Quarry's hll() sketches hold the exact set of value hashes
// (functions/aggregates_stats.cc), so the counts are exact where Kusto's are estimates.
#include <fmt/core.h>

#include <algorithm>
#include <unordered_set>

#include "kql/executor_impl.h"

namespace quarry::kql {

Result<Rel> Executor::DcountIntersect(const Expr& call, Rel in, const ScopePtr& scope) {
  if (call.args.size() < 2 || call.args.size() > 16) {
    return Error(call.span, "dcount_intersect() takes 2 to 16 hll() sketches");
  }
  const Table& t = *in.table;
  size_t rows = t.num_rows();
  RowContext ctx{&t.schema(), in.name, scope, false};
  std::vector<ColumnPtr> sketches;
  for (const auto& a : call.args) {
    QUARRY_ASSIGN_OR_RETURN(auto b, Bind(*a, ctx));
    if (b->type != Type::kDynamic) {
      return Error(a->span, "dcount_intersect() takes hll() sketches (dynamic)");
    }
    auto d = kql::Evaluate(*b, t, Context(rows));
    if (!d.ok()) return Wrap(a->span, d.status());
    sketches.push_back(DatumToColumn(*d, rows));
  }
  std::vector<ColumnBuilder> out;
  for (size_t k = 0; k < sketches.size(); ++k) out.emplace_back(Type::kLong);
  for (size_t r = 0; r < rows; ++r) {
    std::unordered_set<uint64_t> common;
    for (size_t k = 0; k < sketches.size(); ++k) {
      std::unordered_set<uint64_t> set;
      const Json* j = sketches[k]->IsNull(r) ? nullptr : sketches[k]->dynamic(r).get();
      if (j && j->is_array()) {
        for (const auto& h : *j) {
          if (h.is_number_unsigned() && (k == 0 || common.count(h.get<uint64_t>()))) {
            set.insert(h.get<uint64_t>());
          }
        }
      }
      common = std::move(set);
      out[k].AppendLong(static_cast<int64_t>(common.size()));
    }
  }
  std::vector<std::string> names;
  for (const auto& f : t.schema().fields()) names.push_back(f.name);
  std::vector<ColumnPtr> cols = t.columns();
  for (size_t k = 0; k < out.size(); ++k) {
    names.push_back(fmt::format("s{}", k));
    cols.push_back(out[k].Finish());
  }
  return Rel{MakeTable(std::move(names), std::move(cols), rows), in.name};
}

}  // namespace quarry::kql
