// User-activity evaluate plugins over windows of Step (or Window) from Start to End, each
// window starting at Start + k * Step; rows outside Start..End only count as history:
//   activity_metrics(Id, Time, Start, End, Window [, Dim, ...]): per window, the distinct ids
//     (dcount_values), those not seen in an earlier window (dcount_newvalues), and the share of
//     the previous window's ids seen again (retention_rate) or not (churn_rate; both NaN for the
//     first window);
//   new_activity_metrics(Id, Time, Start, End, Window [, Cohort] [, Dim, ...] [, Lookback]): per
//     cohort (the ids first seen in a window, not counting ids in the Lookback table) and every
//     window from it on, how many of the cohort are seen there (retained) or not (churn);
//   active_users_count(Id, Time, Start, End, Lookback, Period, ActivePeriods, Bin [, Dim, ...]):
//     per Bin, the distinct ids that at some row in it had been seen in at least ActivePeriods
//     distinct Periods within the Lookback before that row (bins with none are left out).
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "kql/executor_impl.h"

namespace quarry::kql {

namespace {

// The ids seen in each window, for one combination of dimension values.
struct WindowIds {
  std::vector<std::set<std::string>> ids;
  size_t row = 0;  // a row carrying the dimension values
};

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

double Ratio(size_t part, size_t whole) {
  return whole == 0 ? std::numeric_limits<double>::quiet_NaN()
                    : static_cast<double>(part) / static_cast<double>(whole);
}

std::string NameOf(const Expr& e, const char* fallback) {
  return e.kind == ExprKind::kName ? e.name : fallback;
}

// A metrics plugin's output: the metric columns (`names`, `metrics`), then the dimension
// columns of `t` (`dims`, their values in `dim_out`).
TablePtr MetricsTable(std::vector<std::string> names, std::initializer_list<ColumnBuilder*> metrics,
                      std::vector<ColumnBuilder>& dim_out, const std::vector<size_t>& dims,
                      const Table& t, size_t rows) {
  std::vector<ColumnPtr> cols;
  for (auto* b : metrics) cols.push_back(b->Finish());
  for (size_t d = 0; d < dims.size(); ++d) {
    names.push_back(t.schema().field(dims[d]).name);
    cols.push_back(dim_out[d].Finish());
  }
  return MakeTable(std::move(names), std::move(cols), rows);
}

}  // namespace

// Reads `Id, Time, Start, End, Step` (args 0..4) of an activity plugin and groups the ids by
// window and dimension values (the column names in `dim_args`).
struct Executor::ActivityWindows {
  int64_t start = 0, step = 0;
  size_t windows = 0;
  std::vector<size_t> dims;
  std::map<std::vector<std::string>, WindowIds> groups;
};

Result<Executor::ActivityWindows> Executor::GroupActivity(const Expr& call, const Rel& in,
                                                          const ScopePtr& scope,
                                                          const std::vector<ExprPtr>& dim_args) {
  const std::string& plugin = call.name;
  std::vector<int64_t> params;  // start, end, step (ticks)
  for (size_t k = 2; k < 5; ++k) {
    QUARRY_ASSIGN_OR_RETURN(Value v, EvalConstant(*call.args[k], scope));
    Type want = k < 4 ? Type::kDatetime : Type::kTimespan;
    if (v.is_null() || v.type() != want) {
      return Error(call.args[k]->span, plugin + "(): expected a " + std::string(TypeName(want)) +
                                           " here");
    }
    params.push_back(v.int_value());
  }
  ActivityWindows w;
  w.start = params[0];
  int64_t end = params[1];
  w.step = params[2];
  if (w.step <= 0 || end < w.start || (end - w.start) / w.step > 100'000) {
    return Error(call.span, plugin + "(): needs start <= end, a positive window and at most "
                                     "100,000 windows");
  }
  w.windows = static_cast<size_t>((end - w.start) / w.step + 1);
  const Table& t = *in.table;
  size_t rows = t.num_rows();
  QUARRY_ASSIGN_OR_RETURN(auto inputs, IdAndTimeColumns(call, in, scope, plugin));
  QUARRY_ASSIGN_OR_RETURN(w.dims, DimensionColumns(dim_args, t, plugin));
  for (size_t r = 0; r < rows; ++r) {
    if (inputs[1]->IsNull(r) || inputs[0]->IsNull(r)) continue;
    int64_t time = inputs[1]->GetValue(r).int_value();
    if (time < w.start || time > end) continue;
    std::vector<std::string> key;
    for (size_t c : w.dims) key.push_back(t.column(c)->GetValue(r).ToString());
    WindowIds& g = w.groups[key];
    if (g.ids.empty()) {
      g.ids.resize(w.windows);
      g.row = r;
    }
    g.ids[static_cast<size_t>((time - w.start) / w.step)].insert(inputs[0]->GetValue(r).ToString());
  }
  return w;
}

Result<Rel> Executor::ActivityMetrics(const Expr& call, Rel in, const ScopePtr& scope) {
  if (call.args.size() < 5) {
    return Error(call.span, "activity_metrics() takes the id, time column, start, end, window "
                            "and optional dimension columns");
  }
  std::vector<ExprPtr> dim_args(call.args.begin() + 5, call.args.end());
  QUARRY_ASSIGN_OR_RETURN(ActivityWindows w, GroupActivity(call, in, scope, dim_args));
  const Table& t = *in.table;
  ColumnBuilder time_out(Type::kDatetime), dcount_out(Type::kLong), new_out(Type::kLong),
      retention_out(Type::kReal), churn_out(Type::kReal);
  std::vector<ColumnBuilder> dim_out;
  for (size_t c : w.dims) dim_out.emplace_back(t.schema().field(c).type);
  size_t out_rows = 0;
  for (const auto& [key, g] : w.groups) {
    std::set<std::string> seen;
    for (size_t k = 0; k < w.windows; ++k) {
      size_t fresh = 0, returned = 0;
      for (const auto& id : g.ids[k]) {
        fresh += seen.insert(id).second ? 1 : 0;
        returned += k > 0 && g.ids[k - 1].count(id) ? 1 : 0;
      }
      double retention = k == 0 ? std::numeric_limits<double>::quiet_NaN()
                                : Ratio(returned, g.ids[k - 1].size());
      time_out.AppendLong(w.start + static_cast<int64_t>(k) * w.step);
      dcount_out.AppendLong(static_cast<int64_t>(g.ids[k].size()));
      new_out.AppendLong(static_cast<int64_t>(fresh));
      retention_out.AppendReal(retention);
      churn_out.AppendReal(1.0 - retention);
      for (size_t d = 0; d < w.dims.size(); ++d) dim_out[d].AppendFrom(*t.column(w.dims[d]), g.row);
      ++out_rows;
    }
  }
  std::vector<std::string> names{NameOf(*call.args[1], "Timestamp"), "dcount_values",
                                 "dcount_newvalues", "retention_rate", "churn_rate"};
  return Rel{MetricsTable(std::move(names),
                          {&time_out, &dcount_out, &new_out, &retention_out, &churn_out},
                          dim_out, w.dims, t, out_rows),
             in.name};
}

Result<Rel> Executor::NewActivityMetrics(const Expr& call, Rel in, const ScopePtr& scope) {
  if (call.args.size() < 5) {
    return Error(call.span, "new_activity_metrics() takes the id, time column, start, end, "
                            "window, and optionally a cohort, dimension columns and a lookback "
                            "table");
  }
  const Table& t = *in.table;
  // After the window: a cohort (a value, not a column), dimension columns, and last a table of
  // ids seen before Start.
  std::vector<ExprPtr> rest(call.args.begin() + 5, call.args.end());
  std::optional<Rel> lookback;
  if (!rest.empty()) {
    const Expr& last = *rest.back();
    const ScopeEntry* entry = last.kind == ExprKind::kName ? scope->Find(last.name) : nullptr;
    bool tabular = last.kind == ExprKind::kTabular ||
                   (entry && entry->kind == ScopeEntry::Kind::kTabular &&
                    !t.schema().IndexOf(last.name));
    if (tabular) {
      QUARRY_ASSIGN_OR_RETURN(Rel l, EvalTabular(last, scope));
      lookback = std::move(l);
      rest.pop_back();
    }
  }
  std::optional<int64_t> cohort;
  if (!rest.empty() && !(rest.front()->kind == ExprKind::kName &&
                         t.schema().IndexOf(rest.front()->name))) {
    QUARRY_ASSIGN_OR_RETURN(Value v, EvalConstant(*rest.front(), scope));
    if (v.is_null() || v.type() != Type::kDatetime) {
      return Error(rest.front()->span, "new_activity_metrics(): the cohort must be a datetime");
    }
    cohort = v.int_value();
    rest.erase(rest.begin());
  }
  QUARRY_ASSIGN_OR_RETURN(ActivityWindows w, GroupActivity(call, in, scope, rest));
  std::set<std::string> known;
  if (lookback) {
    std::string id_name = NameOf(*call.args[0], "");
    auto idx = lookback->table->schema().IndexOf(id_name);
    if (!idx) {
      return Error(rest.empty() ? call.span : call.args.back()->span,
                   "new_activity_metrics(): the lookback table needs the id column '" + id_name +
                       "'");
    }
    const Column& ids = *lookback->table->column(*idx);
    for (size_t r = 0; r < ids.size(); ++r) {
      if (!ids.IsNull(r)) known.insert(ids.GetValue(r).ToString());
    }
  }
  ColumnBuilder from_out(Type::kDatetime), to_out(Type::kDatetime), new_out(Type::kLong),
      retained_out(Type::kLong), churned_out(Type::kReal), retention_out(Type::kReal),
      churn_out(Type::kReal);
  std::vector<ColumnBuilder> dim_out;
  for (size_t c : w.dims) dim_out.emplace_back(t.schema().field(c).type);
  size_t out_rows = 0;
  for (const auto& [key, g] : w.groups) {
    std::set<std::string> seen = known;
    for (size_t f = 0; f < w.windows; ++f) {
      std::set<std::string> members;
      for (const auto& id : g.ids[f]) {
        if (seen.insert(id).second) members.insert(id);
      }
      int64_t from = w.start + static_cast<int64_t>(f) * w.step;
      if (cohort && (*cohort < from || *cohort >= from + w.step)) continue;
      for (size_t to = f; to < w.windows; ++to) {
        size_t retained = 0;
        for (const auto& id : members) retained += g.ids[to].count(id);
        size_t churned = members.size() - retained;
        from_out.AppendLong(from);
        to_out.AppendLong(w.start + static_cast<int64_t>(to) * w.step);
        new_out.AppendLong(static_cast<int64_t>(members.size()));
        retained_out.AppendLong(static_cast<int64_t>(retained));
        churned_out.AppendReal(static_cast<double>(churned));
        retention_out.AppendReal(Ratio(retained, members.size()));
        churn_out.AppendReal(Ratio(churned, members.size()));
        for (size_t d = 0; d < w.dims.size(); ++d) {
          dim_out[d].AppendFrom(*t.column(w.dims[d]), g.row);
        }
        ++out_rows;
      }
    }
  }
  std::string time_name = NameOf(*call.args[1], "Timestamp");
  std::vector<std::string> names{"from_" + time_name,      "to_" + time_name,
                                 "dcount_new_values",      "dcount_retained_values",
                                 "dcount_churn_values",    "retention_rate",
                                 "churn_rate"};
  return Rel{MetricsTable(std::move(names),
                          {&from_out, &to_out, &new_out, &retained_out, &churned_out,
                           &retention_out, &churn_out},
                          dim_out, w.dims, t, out_rows),
             in.name};
}

Result<Rel> Executor::ActiveUsersCount(const Expr& call, Rel in, const ScopePtr& scope) {
  if (call.args.size() < 8) {
    return Error(call.span, "active_users_count() takes the id, time column, start, end, "
                            "lookback, period, active periods, bin and optional dimension "
                            "columns");
  }
  // start, end (datetimes), lookback, period (timespans), active periods (a count), bin.
  std::vector<int64_t> params;
  for (size_t k = 2; k < 8; ++k) {
    QUARRY_ASSIGN_OR_RETURN(Value v, EvalConstant(*call.args[k], scope));
    Type want = k < 4 ? Type::kDatetime : k == 6 ? Type::kLong : Type::kTimespan;
    bool fits = !v.is_null() &&
                (v.type() == want || (want == Type::kLong && v.type() == Type::kInt));
    if (!fits) {
      return Error(call.args[k]->span, "active_users_count(): expected a " +
                                           std::string(TypeName(want)) + " here");
    }
    params.push_back(v.int_value());
  }
  int64_t start = params[0], end = params[1], lookback = params[2], period = params[3];
  int64_t active = params[4], bin = params[5];
  if (end < start || lookback <= 0 || period <= 0 || bin <= 0 || active < 1 ||
      (end - start) / bin > 100'000) {
    return Error(call.span, "active_users_count(): needs start <= end, a positive lookback, "
                            "period and bin, at least one active period and at most 100,000 "
                            "bins");
  }
  const Table& t = *in.table;
  size_t rows = t.num_rows();
  QUARRY_ASSIGN_OR_RETURN(auto inputs, IdAndTimeColumns(call, in, scope, "active_users_count"));
  QUARRY_ASSIGN_OR_RETURN(auto dims, DimensionColumns(std::span(call.args).subspan(8), t,
                                                      "active_users_count"));
  // Every id's times (any time: rows before start are history), per dimension values.
  struct Group {
    std::map<std::string, std::vector<int64_t>> times;
    size_t row = 0;
  };
  std::map<std::vector<std::string>, Group> groups;
  for (size_t r = 0; r < rows; ++r) {
    if (inputs[0]->IsNull(r) || inputs[1]->IsNull(r)) continue;
    std::vector<std::string> key;
    for (size_t c : dims) key.push_back(t.column(c)->GetValue(r).ToString());
    auto [it, fresh] = groups.try_emplace(key);
    if (fresh) it->second.row = r;
    it->second.times[inputs[0]->GetValue(r).ToString()].push_back(
        inputs[1]->GetValue(r).int_value());
  }
  ColumnBuilder time_out(Type::kDatetime), dcount_out(Type::kLong);
  std::vector<ColumnBuilder> dim_out;
  for (size_t c : dims) dim_out.emplace_back(t.schema().field(c).type);
  size_t out_rows = 0;
  for (auto& [key, g] : groups) {
    std::map<int64_t, std::set<std::string>> active_in_bin;
    for (auto& [id, times] : g.times) {
      std::sort(times.begin(), times.end());
      // The periods seen in (time - lookback, time], kept as a sliding window.
      std::map<int64_t, int64_t> periods;
      size_t first = 0;
      for (size_t i = 0; i < times.size(); ++i) {
        ++periods[FloorDiv(times[i], period)];
        while (times[first] <= times[i] - lookback) {
          auto p = periods.find(FloorDiv(times[first], period));
          if (--p->second == 0) periods.erase(p);
          ++first;
        }
        if (times[i] < start || times[i] > end) continue;
        if (static_cast<int64_t>(periods.size()) >= active) {
          active_in_bin[(times[i] - start) / bin].insert(id);
        }
      }
    }
    for (const auto& [b, ids] : active_in_bin) {
      time_out.AppendLong(start + b * bin);
      for (size_t d = 0; d < dims.size(); ++d) dim_out[d].AppendFrom(*t.column(dims[d]), g.row);
      dcount_out.AppendLong(static_cast<int64_t>(ids.size()));
      ++out_rows;
    }
  }
  std::vector<std::string> names{NameOf(*call.args[1], "Timestamp")};
  std::vector<ColumnPtr> cols{time_out.Finish()};
  for (size_t d = 0; d < dims.size(); ++d) {
    names.push_back(t.schema().field(dims[d]).name);
    cols.push_back(dim_out[d].Finish());
  }
  names.push_back("dcount");
  cols.push_back(dcount_out.Finish());
  return Rel{MakeTable(std::move(names), std::move(cols), out_rows), in.name};
}

}  // namespace quarry::kql
