// summarize (group-by with aggregations, Kusto's output naming) and count.
#include <algorithm>
#include <functional>
#include <optional>

#include "kql/executor_impl.h"
#include "kql/grouper.h"

namespace quarry::kql {
namespace {

// The column an expression is "about": `x` for x, tostring(x), bin(x, 1h), sum(toint(x)).
std::string SourceColumnName(const Expr& e) {
  std::string direct = DefaultColumnName(e);
  if (!direct.empty()) return direct;
  if (e.kind == ExprKind::kCall) {
    for (const auto& a : e.args) {
      std::string n = SourceColumnName(*a);
      if (!n.empty()) return n;
    }
  }
  return "";
}

std::string PercentileSuffix(const Value& v) {
  std::string s = v.ToString();
  std::replace(s.begin(), s.end(), '.', '_');
  return s;
}

std::vector<std::string> AggregateNames(const std::string& fn, const std::vector<ExprPtr>& args,
                                        const std::vector<std::string>& star_names,
                                        const std::vector<std::optional<Value>>& constants,
                                        size_t outputs) {
  std::string arg0 = args.empty() ? "" : SourceColumnName(*args[0]);
  std::vector<std::string> names;
  if (fn == "count" || fn == "countif" || fn == "count_distinct" || fn == "count_distinctif") {
    bool bare = (fn == "count" && args.empty()) || fn == "countif";
    names.push_back(bare ? fn + "_" : fn + "_" + arg0);
  } else if (fn == "arg_max" || fn == "arg_min" || fn == "argmax" || fn == "argmin" ||
             fn == "take_any" || fn == "take_anyif" || fn == "any" || fn == "anyif") {
    size_t first_extra = (fn == "take_anyif" || fn == "anyif") ? 0 : 0;
    for (size_t i = first_extra; i < args.size(); ++i) {
      if (args[i]->kind == ExprKind::kStar) {
        names.insert(names.end(), star_names.begin(), star_names.end());
      } else if ((fn == "take_anyif" || fn == "anyif") && i == args.size() - 1) {
        break;
      } else {
        std::string n = SourceColumnName(*args[i]);
        names.push_back(n.empty() ? (fn == "any" ? "any_" : fn + "_") : n);
      }
    }
    if (fn == "any" && args.size() == 1 && args[0]->kind != ExprKind::kStar) {
      names[0] = "any_" + arg0;
    }
  } else if (fn == "make_list" || fn == "makelist" || fn == "make_list_if" ||
             fn == "make_list_with_nulls") {
    names.push_back("list_" + arg0);
  } else if (fn == "make_set" || fn == "makeset" || fn == "make_set_if") {
    names.push_back("set_" + arg0);
  } else if (fn == "make_bag" || fn == "make_bag_if") {
    names.push_back("bag_" + arg0);
  } else if (fn == "percentile" || fn == "percentiles" || fn == "percentilew" ||
             fn == "percentilesw") {
    size_t first = (fn == "percentilew" || fn == "percentilesw") ? 2 : 1;
    for (size_t i = first; i < args.size(); ++i) {
      std::string p = constants[i] ? PercentileSuffix(*constants[i]) : std::to_string(i);
      names.push_back("percentile_" + arg0 + "_" + p);
    }
  } else if (fn == "buildschema") {
    names.push_back("schema_" + arg0);
  } else if (fn == "percentiles_array" || fn == "percentilesw_array") {
    names.push_back("percentile_" + arg0);
  } else if (fn == "covariance" || fn == "covariancep" || fn == "covarianceif" ||
             fn == "covariancepif") {
    std::string arg1 = args.size() > 1 ? SourceColumnName(*args[1]) : "";
    names.push_back(fn + "_" + arg0 + "_" + arg1);
  } else {
    names.push_back(fn + "_" + arg0);
  }
  while (names.size() < outputs) names.push_back(fn + "_" + std::to_string(names.size()));
  names.resize(outputs);
  return names;
}

// Copies `e`, replacing every aggregation call by a name `__aggN` and collecting the calls.
ExprPtr ExtractAggregates(const ExprPtr& e, const FunctionRegistry& reg, const ScopePtr& scope,
                          std::vector<ExprPtr>* aggs) {
  if (e->kind == ExprKind::kCall && reg.FindAggregate(e->name) &&
      !(scope && scope->Find(e->name))) {
    auto ref = std::make_shared<Expr>();
    ref->kind = ExprKind::kName;
    ref->span = e->span;
    ref->name = "__agg" + std::to_string(aggs->size());
    aggs->push_back(e);
    return ref;
  }
  if (e->args.empty()) return e;
  auto copy = std::make_shared<Expr>(*e);
  for (auto& a : copy->args) a = ExtractAggregates(a, reg, scope, aggs);
  return copy;
}

}  // namespace

Result<BoundAggregate> Executor::BindAggregate(const Expr& call, const RowContext& ctx,
                                               const std::vector<std::string>& exclude_star) {
  const AggregateBinder* binder = registry_.FindAggregate(call.name);
  if (!binder) return Error(call.span, "'" + call.name + "' is not an aggregation function");
  BoundAggregate out;
  out.function = call.name;
  std::vector<std::string> star_names;
  std::vector<ArgInfo> infos;
  std::vector<std::optional<Value>> constants;
  for (const auto& a : call.args) {
    if (a->kind == ExprKind::kStar) {
      if (call.name == "count" || call.name == "countif") continue;
      for (size_t i = 0; i < ctx.schema->size(); ++i) {
        const auto& f = ctx.schema->field(i);
        if (std::find(exclude_star.begin(), exclude_star.end(), f.name) != exclude_star.end()) {
          continue;
        }
        bool already = false;
        for (const auto& other : call.args) {
          already |= other->kind == ExprKind::kName && other->name == f.name;
        }
        if (already) continue;
        star_names.push_back(f.name);
        out.args.push_back(MakeColumnExpr(i, f.type, a->span));
        infos.push_back({f.type, std::nullopt});
      }
      constants.push_back(std::nullopt);
      continue;
    }
    QUARRY_ASSIGN_OR_RETURN(auto b, Bind(*a, ctx));
    ArgInfo info{b->type, std::nullopt};
    if (b->is_constant()) info.constant = b->constant;
    constants.push_back(info.constant);
    infos.push_back(info);
    out.args.push_back(b);
  }
  auto binding = (*binder)(infos);
  if (!binding.ok()) return Error(call.span, binding.status().message());
  out.binding = std::move(*binding);
  out.names = AggregateNames(call.name, call.args, star_names, constants,
                             out.binding.return_types.size());
  return out;
}

Result<Rel> Executor::Summarize(const Operator& op, Rel in, const ScopePtr& scope) {
  const Table& t = *in.table;
  size_t rows = t.num_rows();
  RowContext ctx{&t.schema(), in.name, scope, false};

  // Group keys.
  std::vector<std::string> key_names;
  std::vector<BoundExprPtr> key_exprs;
  int unnamed = 0;
  for (const auto& item : op.by) {
    QUARRY_ASSIGN_OR_RETURN(auto b, Bind(*item.expr, ctx));
    std::string name = item.names.empty() ? SourceColumnName(*item.expr) : item.names[0];
    if (name.empty()) name = "Column" + std::to_string(++unnamed);
    key_names.push_back(UniqueName(name, key_names));
    key_exprs.push_back(std::move(b));
  }

  // Aggregations: direct calls, or expressions over aggregations.
  struct Item {
    std::vector<size_t> aggs;  // indexes into `aggs`
    ExprPtr post;              // non-null: evaluated over the aggregated table
    std::vector<std::string> names;
    Span span;
  };
  std::vector<BoundAggregate> aggs;
  std::vector<Item> items;
  for (const auto& a : op.items) {
    Item item;
    item.span = a.span;
    std::vector<ExprPtr> calls;
    ExprPtr rewritten = ExtractAggregates(a.expr, registry_, scope, &calls);
    if (calls.empty()) {
      return Error(a.expr->span, "summarize needs an aggregation here (like count(), sum(x), "
                                 "dcount(x)); to group by this expression put it after `by`");
    }
    bool direct = rewritten->kind == ExprKind::kName && calls.size() == 1;
    for (const auto& c : calls) {
      QUARRY_ASSIGN_OR_RETURN(auto bound, BindAggregate(*c, ctx, key_names));
      item.aggs.push_back(aggs.size());
      aggs.push_back(std::move(bound));
    }
    if (direct) {
      const auto& agg = aggs[item.aggs[0]];
      if (!a.names.empty()) {
        if (a.names.size() != agg.names.size() && !(a.names.size() < agg.names.size())) {
          return Error(a.span, "this aggregation returns " + std::to_string(agg.names.size()) +
                                   " columns but " + std::to_string(a.names.size()) +
                                   " names were given");
        }
        item.names = agg.names;
        for (size_t i = 0; i < a.names.size(); ++i) item.names[i] = a.names[i];
      } else {
        item.names = agg.names;
      }
    } else {
      item.post = rewritten;
      std::string name = a.names.empty() ? "" : a.names[0];
      // `tostring(make_set(x))` keeps the aggregation's name (set_x), as Kusto names it.
      if (name.empty() && calls.size() == 1 && rewritten->kind == ExprKind::kCall &&
          IsConversion(rewritten->name) && rewritten->args.size() == 1 &&
          rewritten->args[0]->kind == ExprKind::kName && aggs[item.aggs[0]].names.size() == 1) {
        name = aggs[item.aggs[0]].names[0];
      }
      item.names.push_back(name);
    }
    items.push_back(std::move(item));
  }

  // Group and aggregate: each morsel into a grouper and states of its own, then the partial
  // results merged in row order (groups keep their order of first appearance).
  std::vector<Morsel> morsels = Morsels(rows);
  bool splittable = true;
  std::vector<bool> used(t.num_columns());
  for (const auto& k : key_exprs) {
    splittable &= RowLocal(*k);
    MarkColumns(*k, &used);
  }
  for (const auto& agg : aggs) {
    splittable &= agg.binding.exact_merge;
    for (const auto& a : agg.args) {
      splittable &= RowLocal(*a);
      MarkColumns(*a, &used);
    }
  }
  if (!splittable) morsels = {Morsel{0, rows}};
  struct Partial {
    std::unique_ptr<Grouper> grouper;
    std::vector<std::unique_ptr<AggregateState>> states;
    size_t groups = 0;
    std::optional<Span> error_span;  // where this morsel's evaluation failed
  };
  std::vector<Partial> partials(morsels.size());
  Status status = RunMorsels(morsels.size(), threads_, [&](size_t m) -> Status {
    const Morsel& range = morsels[m];
    TablePtr slice = morsels.size() == 1 ? in.table : SliceRows(t, range, used);
    EvalContext ectx = Context(range.rows);
    Partial& part = partials[m];
    std::vector<ColumnPtr> key_cols;
    std::vector<Type> key_types;
    for (size_t i = 0; i < key_exprs.size(); ++i) {
      auto d = kql::Evaluate(*key_exprs[i], *slice, ectx);
      if (!d.ok()) {
        part.error_span = op.by[i].expr->span;
        return d.status();
      }
      key_cols.push_back(DatumToColumn(*d, range.rows));
      key_types.push_back(key_cols.back()->type());
    }
    part.grouper = std::make_unique<Grouper>(key_types);
    std::vector<uint32_t> ids;
    part.grouper->Add(key_cols, range.rows, &ids);
    part.groups = key_cols.empty() ? 1 : part.grouper->num_groups();
    for (const auto& agg : aggs) {
      std::vector<Datum> args;
      for (const auto& a : agg.args) {
        auto d = kql::Evaluate(*a, *slice, ectx);
        if (!d.ok()) {
          part.error_span = a->span;
          return d.status();
        }
        args.push_back(std::move(*d));
      }
      part.states.push_back(agg.binding.make_state());
      part.states.back()->Update(args, ids, part.groups);
    }
    return Status();
  });
  if (!status.ok()) {
    for (const auto& part : partials) {
      if (part.error_span) return Wrap(*part.error_span, status);
    }
    return Wrap(op.span, status);
  }
  Partial& total = partials[0];
  std::vector<uint32_t> mapping;
  for (size_t m = 1; m < partials.size(); ++m) {
    Partial& part = partials[m];
    if (key_exprs.empty()) {
      mapping.assign(1, 0);
    } else {
      total.grouper->Merge(*part.grouper, &mapping);
      total.groups = total.grouper->num_groups();
    }
    for (size_t k = 0; k < aggs.size(); ++k) {
      total.states[k]->Merge(*part.states[k], mapping, total.groups);
    }
    part = Partial();
  }
  Grouper& grouper = *total.grouper;
  size_t groups = total.groups;
  std::vector<std::vector<ColumnPtr>> agg_outputs;
  for (size_t k = 0; k < aggs.size(); ++k) {
    auto cols = total.states[k]->Finish(groups);
    if (!cols.ok()) return Wrap(op.span, cols.status());
    agg_outputs.push_back(std::move(*cols));
  }

  // Assemble: keys, then each item's columns.
  std::vector<std::string> names = key_names;
  std::vector<ColumnPtr> cols =
      key_exprs.empty() ? std::vector<ColumnPtr>{} : grouper.KeyColumns();
  std::vector<std::string> inner_names = names;
  std::vector<ColumnPtr> inner_cols = cols;
  for (size_t k = 0; k < aggs.size(); ++k) {
    for (size_t j = 0; j < agg_outputs[k].size(); ++j) {
      inner_names.push_back("__agg" + std::to_string(k) + (j ? "_" + std::to_string(j) : ""));
      inner_cols.push_back(agg_outputs[k][j]);
    }
  }
  TablePtr inner;
  int unnamed_items = 0;
  for (const auto& item : items) {
    if (!item.post) {
      const auto& outs = agg_outputs[item.aggs[0]];
      for (size_t j = 0; j < outs.size(); ++j) {
        names.push_back(UniqueName(item.names[j], names));
        cols.push_back(outs[j]);
      }
      continue;
    }
    if (!inner) inner = MakeTable(inner_names, inner_cols, groups);
    // Aggregation references were numbered per item; renumber to the global indexes.
    std::vector<ExprPtr> calls;
    ExprPtr post = item.post;
    std::function<ExprPtr(const ExprPtr&)> renumber = [&](const ExprPtr& e) -> ExprPtr {
      if (e->kind == ExprKind::kName && e->name.rfind("__agg", 0) == 0) {
        size_t local = std::stoul(e->name.substr(5));
        auto ref = std::make_shared<Expr>(*e);
        ref->name = "__agg" + std::to_string(item.aggs[local]);
        return ref;
      }
      if (e->args.empty()) return e;
      auto copy = std::make_shared<Expr>(*e);
      for (auto& a : copy->args) a = renumber(a);
      return copy;
    };
    post = renumber(post);
    RowContext pctx{&inner->schema(), in.name, scope, false};
    QUARRY_ASSIGN_OR_RETURN(auto b, Bind(*post, pctx));
    auto d = kql::Evaluate(*b, *inner, Context(groups));
    if (!d.ok()) return Wrap(item.span, d.status());
    std::string name = item.names[0];
    if (name.empty()) name = "Column" + std::to_string(++unnamed_items);
    names.push_back(UniqueName(name, names));
    cols.push_back(DatumToColumn(*d, groups));
  }
  return Rel{MakeTable(std::move(names), std::move(cols), groups), in.name};
}

Result<Rel> Executor::Count(Rel in) {
  ColumnBuilder b(Type::kLong);
  b.AppendLong(static_cast<int64_t>(in.table->num_rows()));
  return Rel{MakeTable({"Count"}, {b.Finish()}, 1), in.name};
}

}  // namespace quarry::kql
