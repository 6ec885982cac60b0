// Evaluate plugins that look at neighbouring rows or bins:
//   rows_near(Predicate, N [, After]): the rows within N rows before (and After rows after, N by
//     default) of every row where the predicate holds, in input order (each row once);
//   rolling_percentile(Value, Percentile, Index, BinSize, BinsCount [, Dim, ...]): per bin of
//     bin(Index, BinSize) (and per dimension values), the nearest-rank percentile of the values in
//     that bin and the BinsCount - 1 bins before it; rows sorted by the dimensions, then the bin;
//   sliding_window_counts(Id, Time, Start, End, Lookback, Bin [, Dim, ...]): for every bin from
//     Start to End, the rows (Count) and distinct ids (dcount) with a time in the Lookback / Bin
//     bins ending with it; rows outside Start..End are ignored;
//   activity_counts_metrics(Id, Time, Start, End, Step [, Dim, ...]): for every Step bin from
//     Start to End, the rows (count), distinct ids (dcount), ids not seen in an earlier bin
//     (new_dcount) and distinct ids so far (aggregated_dcount).
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "kql/executor_impl.h"
#include "kql/functions/kernel_util.h"

namespace quarry::kql {

Result<Rel> Executor::RowsNear(const Expr& call, Rel in, const ScopePtr& scope) {
  if (call.args.size() < 2 || call.args.size() > 3) {
    return Error(call.span,
                 "rows_near() takes a predicate, the rows before and after, and "
                 "optionally the rows after");
  }
  std::vector<int64_t> counts;
  for (size_t k = 1; k < call.args.size(); ++k) {
    QUARRY_ASSIGN_OR_RETURN(Value v, EvalConstant(*call.args[k], scope));
    if (v.is_null() || (v.type() != Type::kLong && v.type() != Type::kInt) || v.int_value() < 0) {
      return Error(call.args[k]->span, "rows_near(): row counts must be whole numbers >= 0");
    }
    counts.push_back(v.int_value());
  }
  int64_t before = counts[0], after = counts.size() > 1 ? counts[1] : counts[0];
  const Table& t = *in.table;
  auto rows = static_cast<int64_t>(t.num_rows());
  RowContext ctx{&t.schema(), in.name, scope, false};
  QUARRY_ASSIGN_OR_RETURN(auto pred, Bind(*call.args[0], ctx));
  if (pred->type != Type::kBool)
    return Error(call.args[0]->span, "rows_near()'s predicate must be a bool");
  auto d = kql::Evaluate(*pred, t, Context(t.num_rows()));
  if (!d.ok()) return Wrap(call.args[0]->span, d.status());
  ColumnPtr hits = DatumToColumn(*d, t.num_rows());
  std::vector<bool> keep(t.num_rows(), false);
  for (int64_t r = 0; r < rows; ++r) {
    if (hits->IsNull(r) || hits->GetValue(r).int_value() == 0) continue;
    for (int64_t k = std::max<int64_t>(0, r - before); k <= std::min(rows - 1, r + after); ++k) {
      keep[static_cast<size_t>(k)] = true;
    }
  }
  std::vector<uint32_t> kept;
  for (int64_t r = 0; r < rows; ++r) {
    if (keep[static_cast<size_t>(r)]) kept.push_back(static_cast<uint32_t>(r));
  }
  return Rel{GatherRows(t, kept), in.name};
}

Result<Rel> Executor::RollingPercentile(const Expr& call, Rel in, const ScopePtr& scope) {
  if (call.args.size() < 5) {
    return Error(call.span,
                 "rolling_percentile() takes the value, percentile, index column, bin "
                 "size, bins count and optional dimension columns");
  }
  const Table& t = *in.table;
  size_t rows = t.num_rows();
  QUARRY_ASSIGN_OR_RETURN(Value pct, EvalConstant(*call.args[1], scope));
  QUARRY_ASSIGN_OR_RETURN(Value bin, EvalConstant(*call.args[3], scope));
  QUARRY_ASSIGN_OR_RETURN(Value count, EvalConstant(*call.args[4], scope));
  auto p = fn::AsReal(pct);
  if (!p || *p < 0 || *p > 100) {
    return Error(call.args[1]->span, "rolling_percentile(): the percentile must be 0..100");
  }
  if (count.is_null() || (count.type() != Type::kLong && count.type() != Type::kInt) ||
      count.int_value() < 1) {
    return Error(call.args[4]->span, "rolling_percentile(): the bins count must be >= 1");
  }
  QUARRY_ASSIGN_OR_RETURN(auto inputs, ArgColumns(call, in, scope, {0, 2}));
  const Column& values = *inputs[0];
  const Column& index = *inputs[1];
  bool ticks = index.type() == Type::kDatetime || index.type() == Type::kTimespan;
  if (!IsNumeric(values.type())) {
    return Error(call.args[0]->span, "rolling_percentile(): the value must be a number");
  }
  if (!ticks && !IsNumeric(index.type())) {
    return Error(call.args[2]->span,
                 "rolling_percentile(): the index must be a datetime, timespan or number");
  }
  auto size = ticks ? (bin.type() == Type::kTimespan && !bin.is_null()
                           ? std::optional<double>(static_cast<double>(bin.int_value()))
                           : std::nullopt)
                    : fn::AsReal(bin);
  if (!size || *size <= 0) {
    return Error(call.args[3]->span,
                 "rolling_percentile(): the bin size must be positive (a "
                 "timespan for a datetime or timespan index)");
  }
  QUARRY_ASSIGN_OR_RETURN(auto dims, DimensionColumns(std::span(call.args).subspan(5), t,
                                                      "rolling_percentile"));
  // (dimension values, bin number) -> the values in that bin.
  std::map<std::vector<std::string>, std::map<int64_t, std::vector<double>>> groups;
  std::map<std::vector<std::string>, size_t> group_row;  // a row carrying the dimension values
  for (size_t r = 0; r < rows; ++r) {
    if (values.IsNull(r) || index.IsNull(r)) continue;
    std::vector<std::string> key;
    for (size_t c : dims) key.push_back(t.column(c)->GetValue(r).ToString());
    double x =
        ticks ? static_cast<double>(index.GetValue(r).int_value()) : *fn::AsReal(index.GetValue(r));
    auto b = static_cast<int64_t>(std::floor(x / *size));
    groups[key][b].push_back(*fn::AsReal(values.GetValue(r)));
    group_row.emplace(key, r);
  }
  ColumnBuilder index_out(ticks ? index.type() : Type::kReal);
  std::vector<ColumnBuilder> dim_out;
  for (size_t c : dims) dim_out.emplace_back(t.schema().field(c).type);
  ColumnBuilder value_out(Type::kReal);
  size_t out_rows = 0;
  for (const auto& [key, bins] : groups) {
    for (const auto& [b, unused] : bins) {
      std::vector<double> window;
      for (auto it = bins.lower_bound(b - count.int_value() + 1);
           it != bins.end() && it->first <= b; ++it) {
        window.insert(window.end(), it->second.begin(), it->second.end());
      }
      std::sort(window.begin(), window.end());
      auto rank = static_cast<size_t>(std::ceil(*p / 100.0 * static_cast<double>(window.size())));
      double v = window[rank == 0 ? 0 : rank - 1];
      double start = static_cast<double>(b) * *size;
      if (ticks) {
        index_out.AppendLong(static_cast<int64_t>(start));
      } else {
        index_out.AppendReal(start);
      }
      for (size_t k = 0; k < dims.size(); ++k)
        dim_out[k].AppendFrom(*t.column(dims[k]), group_row[key]);
      value_out.AppendReal(v);
      ++out_rows;
    }
  }
  std::vector<std::string> names{t.schema().field(0).name};
  if (call.args[2]->kind == ExprKind::kName) names[0] = call.args[2]->name;
  std::vector<ColumnPtr> cols{index_out.Finish()};
  for (size_t k = 0; k < dims.size(); ++k) {
    names.push_back(t.schema().field(dims[k]).name);
    cols.push_back(dim_out[k].Finish());
  }
  std::string value_name = call.args[0]->kind == ExprKind::kName ? call.args[0]->name : "value";
  names.push_back("rolling_" + std::to_string(count.int_value()) + "_percentile_" + value_name +
                  "_" + pct.ToString());
  cols.push_back(value_out.Finish());
  return Rel{MakeTable(std::move(names), std::move(cols), out_rows), in.name};
}

Result<Rel> Executor::SlidingWindowCounts(const Expr& call, Rel in, const ScopePtr& scope) {
  if (call.args.size() < 6) {
    return Error(call.span,
                 "sliding_window_counts() takes the id, time column, start, end, "
                 "lookback, bin and optional dimension columns");
  }
  std::vector<int64_t> params;  // start, end, lookback, bin (ticks)
  for (size_t k = 2; k < 6; ++k) {
    QUARRY_ASSIGN_OR_RETURN(Value v, EvalConstant(*call.args[k], scope));
    Type want = k < 4 ? Type::kDatetime : Type::kTimespan;
    if (v.is_null() || v.type() != want) {
      return Error(call.args[k]->span, std::string("sliding_window_counts(): expected a ") +
                                           std::string(TypeName(want)) + " here");
    }
    params.push_back(v.int_value());
  }
  int64_t start = params[0], end = params[1], lookback = params[2], bin = params[3];
  if (bin <= 0 || lookback < bin || end < start) {
    return Error(call.span, "sliding_window_counts(): needs start <= end and 0 < bin <= lookback");
  }
  if ((end - start) / bin > 1'000'000) {
    return Error(call.span, "sliding_window_counts(): more than 1,000,000 bins");
  }
  const Table& t = *in.table;
  size_t rows = t.num_rows();
  QUARRY_ASSIGN_OR_RETURN(auto inputs, IdAndTimeColumns(call, in, scope, "sliding_window_counts"));
  QUARRY_ASSIGN_OR_RETURN(auto dims, DimensionColumns(std::span(call.args).subspan(6), t,
                                                      "sliding_window_counts"));
  int64_t bins = (end - start) / bin + 1, window = lookback / bin;
  struct Series {
    std::vector<int64_t> counts;
    std::vector<std::multiset<std::string>> ids;
    size_t row = 0;  // a row carrying the dimension values
  };
  std::map<std::vector<std::string>, Series> groups;
  for (size_t r = 0; r < rows; ++r) {
    if (inputs[1]->IsNull(r)) continue;
    int64_t time = inputs[1]->GetValue(r).int_value();
    if (time < start || time > end) continue;
    std::vector<std::string> key;
    for (size_t c : dims) key.push_back(t.column(c)->GetValue(r).ToString());
    Series& s = groups[key];
    if (s.counts.empty()) {
      s.counts.assign(static_cast<size_t>(bins), 0);
      s.ids.resize(static_cast<size_t>(bins));
      s.row = r;
    }
    auto b = static_cast<size_t>((time - start) / bin);
    ++s.counts[b];
    if (!inputs[0]->IsNull(r)) s.ids[b].insert(inputs[0]->GetValue(r).ToString());
  }
  ColumnBuilder time_out(Type::kDatetime), count_out(Type::kLong), dcount_out(Type::kLong);
  std::vector<ColumnBuilder> dim_out;
  for (size_t c : dims) dim_out.emplace_back(t.schema().field(c).type);
  size_t out_rows = 0;
  for (const auto& [key, s] : groups) {
    for (int64_t b = 0; b < bins; ++b) {
      int64_t count = 0;
      std::set<std::string> distinct;
      for (int64_t k = std::max<int64_t>(0, b - window + 1); k <= b; ++k) {
        count += s.counts[static_cast<size_t>(k)];
        distinct.insert(s.ids[static_cast<size_t>(k)].begin(), s.ids[static_cast<size_t>(k)].end());
      }
      time_out.AppendLong(start + b * bin);
      for (size_t k = 0; k < dims.size(); ++k) dim_out[k].AppendFrom(*t.column(dims[k]), s.row);
      count_out.AppendLong(count);
      dcount_out.AppendLong(static_cast<int64_t>(distinct.size()));
      ++out_rows;
    }
  }
  std::string time_name = call.args[1]->kind == ExprKind::kName ? call.args[1]->name : "Timestamp";
  std::vector<std::string> names{time_name};
  std::vector<ColumnPtr> cols{time_out.Finish()};
  for (size_t k = 0; k < dims.size(); ++k) {
    names.push_back(t.schema().field(dims[k]).name);
    cols.push_back(dim_out[k].Finish());
  }
  names.push_back("Count");
  cols.push_back(count_out.Finish());
  names.push_back("dcount");
  cols.push_back(dcount_out.Finish());
  return Rel{MakeTable(std::move(names), std::move(cols), out_rows), in.name};
}

Result<Rel> Executor::ActivityCountsMetrics(const Expr& call, Rel in, const ScopePtr& scope) {
  if (call.args.size() < 5) {
    return Error(call.span,
                 "activity_counts_metrics() takes the id, time column, start, end, "
                 "step and optional dimension columns");
  }
  std::vector<int64_t> params;  // start, end, step (ticks)
  for (size_t k = 2; k < 5; ++k) {
    QUARRY_ASSIGN_OR_RETURN(Value v, EvalConstant(*call.args[k], scope));
    Type want = k < 4 ? Type::kDatetime : Type::kTimespan;
    if (v.is_null() || v.type() != want) {
      return Error(call.args[k]->span, std::string("activity_counts_metrics(): expected a ") +
                                           std::string(TypeName(want)) + " here");
    }
    params.push_back(v.int_value());
  }
  int64_t start = params[0], end = params[1], step = params[2];
  if (step <= 0 || end < start || (end - start) / step > 1'000'000) {
    return Error(call.span,
                 "activity_counts_metrics(): needs start <= end, a positive step and "
                 "at most 1,000,000 steps");
  }
  const Table& t = *in.table;
  size_t rows = t.num_rows();
  QUARRY_ASSIGN_OR_RETURN(auto inputs,
                          IdAndTimeColumns(call, in, scope, "activity_counts_metrics"));
  QUARRY_ASSIGN_OR_RETURN(auto dims, DimensionColumns(std::span(call.args).subspan(5), t,
                                                      "activity_counts_metrics"));
  auto bins = static_cast<size_t>((end - start) / step + 1);
  struct Series {
    std::vector<int64_t> counts;
    std::vector<std::set<std::string>> ids;
    size_t row = 0;
  };
  std::map<std::vector<std::string>, Series> groups;
  for (size_t r = 0; r < rows; ++r) {
    if (inputs[1]->IsNull(r)) continue;
    int64_t time = inputs[1]->GetValue(r).int_value();
    if (time < start || time > end) continue;
    std::vector<std::string> key;
    for (size_t c : dims) key.push_back(t.column(c)->GetValue(r).ToString());
    Series& s = groups[key];
    if (s.counts.empty()) {
      s.counts.assign(bins, 0);
      s.ids.resize(bins);
      s.row = r;
    }
    auto b = static_cast<size_t>((time - start) / step);
    ++s.counts[b];
    if (!inputs[0]->IsNull(r)) s.ids[b].insert(inputs[0]->GetValue(r).ToString());
  }
  ColumnBuilder time_out(Type::kDatetime), count_out(Type::kLong), dcount_out(Type::kLong),
      new_out(Type::kLong), total_out(Type::kLong);
  std::vector<ColumnBuilder> dim_out;
  for (size_t c : dims) dim_out.emplace_back(t.schema().field(c).type);
  size_t out_rows = 0;
  for (const auto& [key, s] : groups) {
    std::set<std::string> seen;
    for (size_t b = 0; b < bins; ++b) {
      int64_t fresh = 0;
      for (const auto& id : s.ids[b]) fresh += seen.insert(id).second ? 1 : 0;
      time_out.AppendLong(start + static_cast<int64_t>(b) * step);
      for (size_t k = 0; k < dims.size(); ++k) dim_out[k].AppendFrom(*t.column(dims[k]), s.row);
      count_out.AppendLong(s.counts[b]);
      dcount_out.AppendLong(static_cast<int64_t>(s.ids[b].size()));
      new_out.AppendLong(fresh);
      total_out.AppendLong(static_cast<int64_t>(seen.size()));
      ++out_rows;
    }
  }
  std::string time_name = call.args[1]->kind == ExprKind::kName ? call.args[1]->name : "Timestamp";
  std::vector<std::string> names{time_name};
  std::vector<ColumnPtr> cols{time_out.Finish()};
  for (size_t k = 0; k < dims.size(); ++k) {
    names.push_back(t.schema().field(dims[k]).name);
    cols.push_back(dim_out[k].Finish());
  }
  for (auto* b : {&count_out, &dcount_out, &new_out, &total_out}) cols.push_back(b->Finish());
  for (const char* n : {"count", "dcount", "new_dcount", "aggregated_dcount"}) names.push_back(n);
  return Rel{MakeTable(std::move(names), std::move(cols), out_rows), in.name};
}

}  // namespace quarry::kql
