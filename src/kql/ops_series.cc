// make-series and top-nested.
#include <algorithm>
#include <cmath>
#include <functional>

#include "kql/executor_impl.h"
#include "kql/grouper.h"
#include "kql/json_convert.h"

namespace quarry::kql {
namespace {

ExprPtr Option(const Operator& op, const std::string& key) {
  auto it = op.options.find(key);
  return it == op.options.end() ? nullptr : it->second;
}

}  // namespace

Result<Rel> Executor::MakeSeries(const Operator& op, Rel in, const ScopePtr& scope) {
  const Table& t = *in.table;
  size_t rows = t.num_rows();
  RowContext ctx{&t.schema(), in.name, scope, false};
  QUARRY_ASSIGN_OR_RETURN(auto axis_b, Bind(*op.expr, ctx));
  Type axis_type = axis_b->type;
  bool integral = axis_type == Type::kDatetime || axis_type == Type::kLong ||
                  axis_type == Type::kInt || axis_type == Type::kTimespan;
  if (!integral && axis_type != Type::kReal && axis_type != Type::kDecimal) {
    return Error(op.expr->span, "make-series needs a datetime, timespan or numeric axis, not " +
                                    std::string(TypeName(axis_type)));
  }
  auto axis_d = kql::Evaluate(*axis_b, t, Context(rows));
  if (!axis_d.ok()) return Wrap(op.expr->span, axis_d.status());
  ColumnPtr axis = DatumToColumn(*axis_d, rows);
  auto axis_at = [&](size_t r) -> double {
    switch (axis->type()) {
      case Type::kInt: return axis->ints()[r];
      case Type::kReal:
      case Type::kDecimal: return axis->reals()[r];
      default: return static_cast<double>(axis->longs()[r]);
    }
  };
  auto axis_int = [&](size_t r) -> int64_t {
    return axis->type() == Type::kInt ? axis->ints()[r] : axis->longs()[r];
  };
  ExprPtr step_e = Option(op, "__step");
  if (!step_e) return Error(op.span, "make-series needs `step`");
  QUARRY_ASSIGN_OR_RETURN(Value step_v, EvalConstant(*step_e, scope));
  if (step_v.is_null()) return Error(step_e->span, "make-series step must not be null");
  double step = step_v.type() == Type::kReal || step_v.type() == Type::kDecimal
                    ? step_v.real_value()
                    : static_cast<double>(step_v.int_value());
  if (step <= 0) return Error(step_e->span, "make-series step must be positive");
  std::optional<double> from, to;
  std::optional<int64_t> from_i;
  for (const char* key : {"__from", "__to"}) {
    ExprPtr e = Option(op, key);
    if (!e) continue;
    QUARRY_ASSIGN_OR_RETURN(Value v, EvalConstant(*e, scope));
    if (v.is_null()) continue;
    double d = v.type() == Type::kReal || v.type() == Type::kDecimal ? v.real_value()
                                                                      : static_cast<double>(v.int_value());
    if (std::string(key) == "__from") {
      from = d;
      if (integral) from_i = v.int_value();
    } else {
      to = d;
    }
  }
  bool have_rows = false;
  double min_v = 0, max_v = 0;
  int64_t min_i = 0;
  for (size_t r = 0; r < rows; ++r) {
    if (axis->IsNull(r)) continue;
    double v = axis_at(r);
    if (!have_rows || v < min_v) {
      min_v = v;
      if (integral) min_i = axis_int(r);
    }
    if (!have_rows || v > max_v) max_v = v;
    have_rows = true;
  }
  if (!from) {
    from = min_v;
    if (integral) from_i = min_i;
  }
  size_t bins = 0;
  if (to) {
    bins = *to > *from ? static_cast<size_t>(std::ceil((*to - *from) / step)) : 0;
  } else if (have_rows) {
    bins = static_cast<size_t>(std::floor((max_v - *from) / step)) + 1;
  }
  if (bins > 10'000'000) return Error(op.span, "make-series would create more than 10,000,000 bins");
  int64_t step_i = integral ? static_cast<int64_t>(step) : 0;
  auto bin_of = [&](size_t r) -> int64_t {
    if (integral) {
      int64_t d = axis_int(r) - *from_i;
      return d < 0 ? -1 : d / step_i;
    }
    return static_cast<int64_t>(std::floor((axis_at(r) - *from) / step));
  };

  // Keys.
  std::vector<std::string> key_names;
  std::vector<ColumnPtr> key_cols;
  for (const auto& item : op.by) {
    QUARRY_ASSIGN_OR_RETURN(auto b, Bind(*item.expr, ctx));
    auto d = kql::Evaluate(*b, t, Context(rows));
    if (!d.ok()) return Wrap(item.expr->span, d.status());
    std::string name = item.names.empty() ? DefaultColumnName(*item.expr) : item.names[0];
    if (name.empty()) name = "Column" + std::to_string(key_names.size() + 1);
    key_names.push_back(UniqueName(name, key_names));
    key_cols.push_back(DatumToColumn(*d, rows));
  }
  // Rows inside the series.
  std::vector<uint32_t> inside;
  std::vector<int64_t> row_bin;
  for (size_t r = 0; r < rows; ++r) {
    if (axis->IsNull(r)) continue;
    int64_t b = bin_of(r);
    if (b < 0 || static_cast<size_t>(b) >= bins) continue;
    inside.push_back(static_cast<uint32_t>(r));
    row_bin.push_back(b);
  }
  TablePtr sub = GatherRows(t, inside);
  std::vector<ColumnPtr> sub_keys;
  for (const auto& k : key_cols) sub_keys.push_back(Column::Gather(*k, inside));
  std::vector<Type> key_types;
  for (const auto& k : sub_keys) key_types.push_back(k->type());
  Grouper series_groups(key_types);
  std::vector<uint32_t> series_ids;
  series_groups.Add(sub_keys, inside.size(), &series_ids);
  auto kind_opt = Option(op, "kind");
  bool nonempty = kind_opt && kind_opt->kind == ExprKind::kName && kind_opt->name == "nonempty";
  size_t nseries = key_cols.empty() ? ((inside.empty() && !nonempty) ? 0 : 1)
                                    : series_groups.num_groups();
  // Cell id = series * bins + bin.
  std::vector<uint32_t> cell(inside.size());
  for (size_t i = 0; i < inside.size(); ++i) {
    cell[i] = static_cast<uint32_t>((key_cols.empty() ? 0 : series_ids[i]) * bins + row_bin[i]);
  }
  size_t ncells = nseries * bins;
  std::vector<std::string> names = key_names;
  std::vector<ColumnPtr> cols;
  if (!key_cols.empty()) cols = series_groups.KeyColumns();
  RowContext sub_ctx{&sub->schema(), in.name, scope, false};
  for (size_t k = 0; k < op.items.size(); ++k) {
    const auto& item = op.items[k];
    ExprPtr expr = item.expr;
    if (expr->kind != ExprKind::kCall || !registry_.FindAggregate(expr->name)) {
      // A named constant (`other = -1`) is that value in every bin with rows, as in Kusto's
      // make-series example; the default fills the others.
      if (item.names.empty() || !EvalConstant(*expr, scope).ok()) {
        return Error(expr->span, "make-series needs an aggregation here, like count() or "
                                 "sum(x)");
      }
      auto any = std::make_shared<Expr>();
      any->kind = ExprKind::kCall;
      any->name = "take_any";
      any->span = expr->span;
      any->args.push_back(expr);
      expr = any;
    }
    QUARRY_ASSIGN_OR_RETURN(auto agg, BindAggregate(*expr, sub_ctx, key_names));
    std::vector<Datum> args;
    for (const auto& a : agg.args) {
      auto d = kql::Evaluate(*a, *sub, Context(sub->num_rows()));
      if (!d.ok()) return Wrap(a->span, d.status());
      args.push_back(std::move(*d));
    }
    auto state = agg.binding.make_state();
    state->Update(args, cell, ncells);
    auto out = state->Finish(ncells);
    if (!out.ok()) return Wrap(item.span, out.status());
    ColumnPtr values = (*out)[0];
    // Cells with no rows take the default.
    std::vector<bool> filled(ncells, false);
    for (uint32_t c : cell) filled[c] = true;
    Json def = Json(0);
    if (k < op.exprs.size() && op.exprs[k]) {
      QUARRY_ASSIGN_OR_RETURN(Value dv, EvalConstant(*op.exprs[k], scope));
      def = ValueToJson(dv);
    }
    ColumnBuilder series(Type::kDynamic);
    for (size_t s = 0; s < nseries; ++s) {
      Json arr = Json::array();
      for (size_t b = 0; b < bins; ++b) {
        size_t c = s * bins + b;
        arr.push_back(filled[c] ? ValueToJson(values->GetValue(c)) : def);
      }
      series.AppendDynamic(std::make_shared<const Json>(std::move(arr)));
    }
    names.push_back(UniqueName(item.names.empty() ? agg.names[0] : item.names[0], names));
    cols.push_back(series.Finish());
  }
  Json axis_arr = Json::array();
  for (size_t b = 0; b < bins; ++b) {
    if (integral) {
      int64_t v = *from_i + static_cast<int64_t>(b) * step_i;
      Value bv = axis_type == Type::kDatetime ? Value::Datetime(v)
                 : axis_type == Type::kTimespan ? Value::Timespan(v)
                                                : Value::Long(v);
      axis_arr.push_back(ValueToJson(bv));
    } else {
      axis_arr.push_back(*from + static_cast<double>(b) * step);
    }
  }
  ColumnBuilder axis_col(Type::kDynamic);
  for (size_t s = 0; s < nseries; ++s) axis_col.AppendDynamic(std::make_shared<const Json>(axis_arr));
  std::string axis_name = DefaultColumnName(*op.expr);
  if (axis_name.empty()) axis_name = "Column1";
  names.push_back(UniqueName(axis_name, names));
  cols.push_back(axis_col.Finish());
  return Rel{MakeTable(std::move(names), std::move(cols), nseries), in.name};
}

Result<Rel> Executor::TopNested(const Operator& op, Rel in, const ScopePtr& scope) {
  struct Level {
    int64_t limit = -1;
    BoundExprPtr key;
    std::string key_name, agg_name;
    const Expr* agg_expr = nullptr;
    bool descending = true;
  };
  const Table& t = *in.table;
  RowContext ctx{&t.schema(), in.name, scope, false};
  std::vector<Level> levels;
  std::vector<std::string> names;
  for (const auto& n : op.nested) {
    Level l;
    if (n.expr) {
      QUARRY_ASSIGN_OR_RETURN(l.limit, EvalCount(*n.expr, scope, "top-nested"));
    }
    QUARRY_ASSIGN_OR_RETURN(l.key, Bind(*n.items[0].expr, ctx));
    l.key_name = n.items[0].names.empty() ? DefaultColumnName(*n.items[0].expr)
                                          : n.items[0].names[0];
    if (l.key_name.empty()) l.key_name = "Column" + std::to_string(levels.size() + 1);
    l.agg_name = n.by[0].names.empty() ? "aggregated_" + l.key_name : n.by[0].names[0];
    l.agg_expr = n.by[0].expr.get();
    l.descending = n.sort.empty() || n.sort[0].descending;
    if (l.agg_expr->kind != ExprKind::kCall || !registry_.FindAggregate(l.agg_expr->name)) {
      return Error(l.agg_expr->span, "top-nested needs an aggregation after `by`");
    }
    names.push_back(UniqueName(l.key_name, names));
    names.push_back(UniqueName(l.agg_name, names));
    levels.push_back(std::move(l));
  }
  std::vector<std::vector<Value>> out_rows;
  std::vector<Type> types(names.size(), Type::kString);
  std::function<Status(const TablePtr&, size_t, std::vector<Value>&)> level_rows =
      [&](const TablePtr& table, size_t li, std::vector<Value>& prefix) -> Status {
    if (li == levels.size()) {
      out_rows.push_back(prefix);
      return Status::Ok();
    }
    const Level& l = levels[li];
    size_t rows = table->num_rows();
    auto kd = kql::Evaluate(*l.key, *table, Context(rows));
    if (!kd.ok()) return Wrap(op.span, kd.status());
    ColumnPtr key = DatumToColumn(*kd, rows);
    types[li * 2] = key->type();
    Grouper g({key->type()});
    std::vector<uint32_t> ids;
    g.Add(std::span<const ColumnPtr>(&key, 1), rows, &ids);
    RowContext lctx{&table->schema(), in.name, scope, false};
    QUARRY_ASSIGN_OR_RETURN(auto agg, BindAggregate(*l.agg_expr, lctx, {}));
    std::vector<Datum> args;
    for (const auto& a : agg.args) {
      auto d = kql::Evaluate(*a, *table, Context(rows));
      if (!d.ok()) return Wrap(a->span, d.status());
      args.push_back(std::move(*d));
    }
    auto state = agg.binding.make_state();
    state->Update(args, ids, g.num_groups());
    auto res = state->Finish(g.num_groups());
    if (!res.ok()) return Wrap(op.span, res.status());
    ColumnPtr aggs = (*res)[0];
    types[li * 2 + 1] = aggs->type();
    std::vector<OrderKey> order{{aggs, l.descending, !l.descending}};
    std::optional<size_t> lim;
    if (l.limit >= 0) lim = static_cast<size_t>(l.limit);
    std::vector<uint32_t> chosen = SortedRowIndices(order, g.num_groups(), lim);
    ColumnPtr keys = g.KeyColumns()[0];
    std::vector<std::vector<uint32_t>> members(g.num_groups());
    for (size_t r = 0; r < ids.size(); ++r) members[ids[r]].push_back(static_cast<uint32_t>(r));
    for (uint32_t grp : chosen) {
      prefix.push_back(keys->GetValue(grp));
      prefix.push_back(aggs->GetValue(grp));
      QUARRY_RETURN_IF_ERROR(level_rows(GatherRows(*table, members[grp]), li + 1, prefix));
      prefix.pop_back();
      prefix.pop_back();
    }
    return Status::Ok();
  };
  std::vector<Value> prefix;
  QUARRY_RETURN_IF_ERROR(level_rows(in.table, 0, prefix));
  std::vector<ColumnBuilder> builders;
  for (Type ty : types) builders.emplace_back(ty);
  for (const auto& row : out_rows) {
    for (size_t c = 0; c < row.size(); ++c) builders[c].AppendValue(row[c]);
  }
  std::vector<ColumnPtr> cols;
  for (auto& b : builders) cols.push_back(b.Finish());
  return Rel{MakeTable(std::move(names), std::move(cols), out_rows.size()), in.name};
}

}  // namespace quarry::kql
