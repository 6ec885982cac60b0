// Row-wise operators: where, project*, extend, serialize, take, sort, top, distinct, getschema,
// sample; and the sources datatable, print, range.
#include <algorithm>
#include <limits>
#include <random>

#include "common/time.h"
#include "kql/executor_impl.h"
#include "kql/functions/series_functions.h"
#include "kql/grouper.h"

namespace quarry::kql {
namespace {

// `e` over every row of `t`: in one call, or (when it reads columns row by row and there are
// several morsels) per morsel on `threads` threads with the pieces concatenated in row order.
Result<Datum> EvaluateSplit(const BoundExpr& e, const Table& t, const std::vector<Morsel>& morsels,
                            int threads, const EvalContext& whole) {
  if (morsels.size() <= 1 || e.kind != BoundKind::kCall || !RowLocal(e)) {
    return kql::Evaluate(e, t, whole);
  }
  std::vector<bool> used(t.num_columns());
  MarkColumns(e, &used);
  std::vector<ColumnPtr> parts(morsels.size());
  Status status = RunMorsels(morsels.size(), threads, [&](size_t m) -> Status {
    EvalContext ctx = whole;
    ctx.num_rows = morsels[m].rows;
    auto d = kql::Evaluate(e, *SliceRows(t, morsels[m], used), ctx);
    if (!d.ok()) return d.status();
    parts[m] = DatumToColumn(*d, morsels[m].rows);
    return Status();
  });
  if (!status.ok()) return status;
  return Datum::Of(Column::Concat(parts));
}

}  // namespace

Result<int64_t> Executor::EvalCount(const Expr& e, const ScopePtr& scope, std::string_view what) {
  QUARRY_ASSIGN_OR_RETURN(Value v, EvalConstant(e, scope));
  if (v.is_null() || (v.type() != Type::kLong && v.type() != Type::kInt)) {
    if (!v.is_null() && (v.type() == Type::kReal) && v.real_value() >= 0) {
      // A literal too large for a long (`top 1e30`) is read as real: as many rows as there are.
      constexpr double kBeyondLong = 9223372036854775808.0;  // 2^63
      const double rows = v.real_value();
      return rows >= kBeyondLong ? std::numeric_limits<int64_t>::max()
                                 : static_cast<int64_t>(rows);
    }
    return Error(e.span, std::string(what) + " needs a whole number of rows");
  }
  return std::max<int64_t>(0, v.int_value());
}

Result<Rel> Executor::Where(const Operator& op, Rel in, const ScopePtr& scope,
                            std::optional<size_t> limit) {
  RowContext ctx{&in.table->schema(), in.name, scope, false};
  QUARRY_ASSIGN_OR_RETURN(auto pred, Bind(*op.expr, ctx));
  if (pred->type != Type::kBool) {
    return Error(op.expr->span, "the `where` predicate must be bool, but it is " +
                                    std::string(TypeName(pred->type)));
  }
  const Table& t = *in.table;
  std::vector<Morsel> morsels = Morsels(t.num_rows());
  if (pred->is_constant() || !RowLocal(*pred)) morsels = {Morsel{0, t.num_rows()}};
  std::vector<bool> used(t.num_columns());
  MarkColumns(*pred, &used);
  // Per morsel, the selected rows (as rows of t); a scalar predicate selects all or none.
  std::vector<std::vector<uint32_t>> parts(morsels.size());
  auto filter = [&](size_t m) -> Status {
    const Morsel& range = morsels[m];
    TablePtr slice = morsels.size() == 1 ? in.table : SliceRows(t, range, used);
    auto d = kql::Evaluate(*pred, *slice, Context(range.rows));
    if (!d.ok()) return d.status();  // wrapped below: Wrap is not thread-safe
    std::vector<uint32_t>& idx = parts[m];
    auto base = static_cast<uint32_t>(range.offset);
    if (d->is_scalar()) {
      if (!d->scalar.is_null() && d->scalar.bool_value()) {
        idx.resize(range.rows);
        for (uint32_t i = 0; i < range.rows; ++i) idx[i] = base + i;
      }
      return Status();
    }
    const Column& c = *d->column;
    auto bools = c.bools();
    idx.reserve(range.rows / 4);
    bool all_valid = c.validity().AllValid();
    for (size_t i = 0; i < bools.size(); ++i) {
      if (bools[i] && (all_valid || !c.IsNull(i))) idx.push_back(base + static_cast<uint32_t>(i));
    }
    return Status();
  };
  // Morsels run in waves of one per thread; with a limit, no wave starts once the morsels
  // before it have `limit` rows (the rest stay empty).
  size_t wave = limit ? static_cast<size_t>(std::max(threads_, 1)) : morsels.size();
  size_t kept = 0;
  for (size_t first = 0; first < morsels.size(); first += wave) {
    size_t count = std::min(wave, morsels.size() - first);
    Status status = RunMorsels(count, threads_, [&](size_t k) { return filter(first + k); });
    if (!status.ok()) return Wrap(op.expr->span, status);
    for (size_t m = first; m < first + count; ++m) kept += parts[m].size();
    if (limit && kept >= *limit) break;
  }
  std::vector<uint32_t> idx;
  if (parts.size() == 1) {
    idx = std::move(parts[0]);
  } else {
    size_t total = 0;
    for (const auto& p : parts) total += p.size();
    idx.reserve(total);
    for (const auto& p : parts) idx.insert(idx.end(), p.begin(), p.end());
  }
  if (idx.size() == t.num_rows()) return in;
  return Rel{GatherRowsOn(t, idx, threads_), in.name};
}

Result<Rel> Executor::ProjectExtend(const Operator& op, Rel in, const ScopePtr& scope, bool extend,
                                    bool window) {
  const Table& input = *in.table;
  size_t rows = input.num_rows();
  std::vector<std::string> names;
  std::vector<ColumnPtr> cols;
  if (extend) {
    for (const auto& f : input.schema().fields()) names.push_back(f.name);
    cols = input.columns();
  }
  int unnamed = 0;
  TablePtr current = in.table;
  for (const auto& item : op.items) {
    const Table& source = extend ? *current : input;
    RowContext ctx{&source.schema(), in.name, scope, window};
    if (extend) ctx.pack_all_columns = input.num_columns();
    QUARRY_ASSIGN_OR_RETURN(auto bound, Bind(*item.expr, ctx));
    auto d = EvaluateSplit(*bound, source, Morsels(rows), threads_, Context(rows));
    if (!d.ok()) return Wrap(item.expr->span, d.status());
    ColumnPtr col = DatumToColumn(*d, rows);
    const auto* outputs = item.expr->kind == ExprKind::kCall
                              ? fn::SeriesFunctionOutputs(item.expr->name)
                              : nullptr;
    if (outputs) {
      // A multi-column series function: one column per output, or one per given name. Fewer
      // names than outputs leave the other outputs out, as Kusto's engine does (the recorded
      // engine cases agent-window-series-scan-0015/-0016: `extend st = series_stats(s)` gives
      // one column), though Microsoft's parser types the rest with their default names.
      if (item.names.size() > outputs->size()) {
        return Error(item.span, item.expr->name + "() returns " +
                                    std::to_string(outputs->size()) + " columns but " +
                                    std::to_string(item.names.size()) + " names were given");
      }
      // Kusto: series_decompose_anomalies(x) -> series_decompose_anomalies_x_ad_flag, ...
      std::string arg = item.expr->args.empty() ? "" : DefaultColumnName(*item.expr->args[0]);
      std::string base = item.expr->name + (arg.empty() ? "" : "_" + arg);
      size_t count = item.names.empty() ? outputs->size() : item.names.size();
      for (size_t k = 0; k < count; ++k) {
        const auto& out = (*outputs)[k];
        std::string name = item.names.empty()
                               ? base + "_" + out.suffix
                               : item.names[k];
        ColumnBuilder b(out.type);
        b.Reserve(rows);
        for (size_t r = 0; r < rows; ++r) {
          const Json* bag = col->IsNull(r) ? nullptr : col->dynamic(r).get();
          if (!bag || !bag->contains(out.suffix) || bag->at(out.suffix).is_null()) {
            b.AppendNull();
          } else if (out.type == Type::kLong) {
            b.AppendLong(bag->at(out.suffix).get<int64_t>());
          } else if (out.type == Type::kReal) {
            b.AppendReal(bag->at(out.suffix).get<double>());
          } else {
            b.AppendDynamic(std::make_shared<const Json>(bag->at(out.suffix)));
          }
        }
        ColumnPtr part = b.Finish();
        auto it = std::find(names.begin(), names.end(), name);
        if (it != names.end()) {
          cols[it - names.begin()] = part;
        } else {
          names.push_back(name);
          cols.push_back(part);
        }
      }
      if (extend) current = MakeTable(names, cols, rows);
      continue;
    }
    if (item.names.size() > 1) {
      return Error(item.span, "only one name can be assigned to this expression");
    }
    std::string name = item.names.empty() ? DefaultColumnName(*item.expr) : item.names[0];
    if (name.empty()) {
      do {
        name = "Column" + std::to_string(++unnamed);
      } while (std::find(names.begin(), names.end(), name) != names.end());
    }
    auto it = std::find(names.begin(), names.end(), name);
    if (it != names.end()) {
      if (!extend) {
        return Error(item.span, "column '" + name + "' appears twice in project; give one of "
                                "them another name with `name = ...`");
      }
      cols[it - names.begin()] = col;
    } else {
      names.push_back(name);
      cols.push_back(col);
    }
    if (extend) current = MakeTable(names, cols, rows);
  }
  return Rel{MakeTable(std::move(names), std::move(cols), rows), in.name};
}

Result<Rel> Executor::ProjectPatterns(const Operator& op, Rel in) {
  const Schema& s = in.table->schema();
  std::vector<bool> matched(s.size(), false);
  std::vector<size_t> order;
  for (const auto& entry : op.columns) {
    std::string pattern = entry.substr(0, entry.find(' '));
    std::string direction = entry.find(' ') == std::string::npos ? "" : entry.substr(entry.find(' ') + 1);
    bool any = false;
    size_t first_new = order.size();
    for (size_t i = 0; i < s.size(); ++i) {
      if (WildcardMatch(pattern, s.field(i).name)) {
        any = true;
        if (!matched[i]) order.push_back(i);
        matched[i] = true;
      }
    }
    if (!direction.empty()) {
      bool desc = direction.find("desc") != std::string::npos;
      std::sort(order.begin() + first_new, order.end(), [&](size_t a, size_t b) {
        return desc ? s.field(a).name > s.field(b).name : s.field(a).name < s.field(b).name;
      });
    }
    if (!any && pattern.find('*') == std::string::npos) {
      std::vector<std::string> names;
      for (const auto& f : s.fields()) names.push_back(f.name);
      std::string hint = DidYouMean(pattern, names);
      return Error(op.span, "column '" + pattern + "' not found in " + in.name +
                                (hint.empty() ? "" : " — did you mean '" + hint + "'?"));
    }
  }
  std::vector<std::string> names;
  std::vector<ColumnPtr> cols;
  auto take = [&](size_t i) {
    names.push_back(s.field(i).name);
    cols.push_back(in.table->column(i));
  };
  if (op.kind == OpKind::kProjectAway) {
    for (size_t i = 0; i < s.size(); ++i) {
      if (!matched[i]) take(i);
    }
  } else if (op.kind == OpKind::kProjectKeep) {
    for (size_t i = 0; i < s.size(); ++i) {
      if (matched[i]) take(i);
    }
  } else {
    for (size_t i : order) take(i);
    for (size_t i = 0; i < s.size(); ++i) {
      if (!matched[i]) take(i);
    }
  }
  return Rel{MakeTable(std::move(names), std::move(cols), in.table->num_rows()), in.name};
}

Result<Rel> Executor::ProjectRename(const Operator& op, Rel in) {
  std::vector<std::string> names;
  for (const auto& f : in.table->schema().fields()) names.push_back(f.name);
  for (const auto& [to, from] : op.renames) {
    auto it = std::find(names.begin(), names.end(), from);
    if (it == names.end()) {
      std::string hint = DidYouMean(from, names);
      return Error(op.span, "column '" + from + "' not found in " + in.name +
                                (hint.empty() ? "" : " — did you mean '" + hint + "'?"));
    }
    *it = to;
  }
  return Rel{MakeTable(std::move(names), in.table->columns(), in.table->num_rows()), in.name};
}

Result<Rel> Executor::Take(const Operator& op, Rel in, const ScopePtr& scope) {
  QUARRY_ASSIGN_OR_RETURN(int64_t n, EvalCount(*op.expr, scope, "take"));
  size_t rows = in.table->num_rows();
  if (static_cast<size_t>(n) >= rows) return in;
  std::vector<ColumnPtr> cols;
  for (const auto& c : in.table->columns()) cols.push_back(Column::Slice(*c, 0, n));
  return Rel{std::make_shared<const Table>(in.table->schema(), std::move(cols), n), in.name};
}

Result<Rel> Executor::Sort(const Operator& op, Rel in, const ScopePtr& scope,
                           std::optional<int64_t> limit) {
  const Table& t = *in.table;
  RowContext ctx{&t.schema(), in.name, scope, false};
  std::vector<OrderKey> keys;
  for (const auto& k : op.sort) {
    QUARRY_ASSIGN_OR_RETURN(auto b, Bind(*k.expr, ctx));
    auto d = kql::Evaluate(*b, t, Context(t.num_rows()));
    if (!d.ok()) return Wrap(k.expr->span, d.status());
    OrderKey key;
    key.column = DatumToColumn(*d, t.num_rows());
    key.descending = k.descending;
    key.nulls_first = k.nulls_first ? *k.nulls_first : !k.descending;
    keys.push_back(std::move(key));
  }
  std::optional<size_t> lim;
  if (limit) lim = static_cast<size_t>(*limit);
  auto idx = SortedRowIndices(keys, t.num_rows(), lim);
  return Rel{GatherRows(t, idx), in.name};
}

Result<Rel> Executor::Top(const Operator& op, Rel in, const ScopePtr& scope) {
  QUARRY_ASSIGN_OR_RETURN(int64_t n, EvalCount(*op.expr, scope, "top"));
  return Sort(op, std::move(in), scope, n);
}

Result<Rel> Executor::Distinct(const Operator& op, Rel in, const ScopePtr& scope) {
  const Table& t = *in.table;
  std::vector<std::string> names;
  std::vector<ColumnPtr> keys;
  if (!op.columns.empty()) {
    for (const auto& f : t.schema().fields()) names.push_back(f.name);
    keys = t.columns();
  } else {
    RowContext ctx{&t.schema(), in.name, scope, false};
    int unnamed = 0;
    for (const auto& item : op.items) {
      QUARRY_ASSIGN_OR_RETURN(auto b, Bind(*item.expr, ctx));
      auto d = kql::Evaluate(*b, t, Context(t.num_rows()));
      if (!d.ok()) return Wrap(item.expr->span, d.status());
      std::string name = item.names.empty() ? DefaultColumnName(*item.expr) : item.names[0];
      if (name.empty()) name = "Column" + std::to_string(++unnamed);
      names.push_back(UniqueName(name, names));
      keys.push_back(DatumToColumn(*d, t.num_rows()));
    }
  }
  std::vector<Type> types;
  for (const auto& k : keys) types.push_back(k->type());
  Grouper g(types);
  std::vector<uint32_t> ids;
  g.Add(keys, t.num_rows(), &ids);
  return Rel{MakeTable(std::move(names), g.KeyColumns(), g.num_groups()), in.name};
}

Result<Rel> Executor::Getschema(Rel in) {
  ColumnBuilder name(Type::kString), ordinal(Type::kInt), data_type(Type::kString),
      column_type(Type::kString);
  const Schema& s = in.table->schema();
  for (size_t i = 0; i < s.size(); ++i) {
    name.AppendString(s.field(i).name);
    ordinal.AppendInt(static_cast<int32_t>(i));
    const char* dotnet = "System.Object";
    switch (s.field(i).type) {
      case Type::kBool: dotnet = "System.Boolean"; break;
      case Type::kInt: dotnet = "System.Int32"; break;
      case Type::kLong: dotnet = "System.Int64"; break;
      case Type::kReal: dotnet = "System.Double"; break;
      case Type::kDecimal: dotnet = "System.Data.SqlTypes.SqlDecimal"; break;
      case Type::kString: dotnet = "System.String"; break;
      case Type::kDatetime: dotnet = "System.DateTime"; break;
      case Type::kTimespan: dotnet = "System.TimeSpan"; break;
      case Type::kGuid: dotnet = "System.Guid"; break;
      case Type::kDynamic: dotnet = "System.Object"; break;
    }
    data_type.AppendString(dotnet);
    column_type.AppendString(TypeName(s.field(i).type));
  }
  return Rel{MakeTable({"ColumnName", "ColumnOrdinal", "DataType", "ColumnType"},
                       {name.Finish(), ordinal.Finish(), data_type.Finish(), column_type.Finish()},
                       s.size()),
             in.name};
}

Result<Rel> Executor::Sample(const Operator& op, Rel in, const ScopePtr& scope) {
  QUARRY_ASSIGN_OR_RETURN(int64_t n, EvalCount(*op.expr, scope, op.name));
  const Table& t = *in.table;
  std::mt19937_64 rng(static_cast<uint64_t>(now_ticks_));
  if (op.kind == OpKind::kSampleDistinct) {
    RowContext ctx{&t.schema(), in.name, scope, false};
    QUARRY_ASSIGN_OR_RETURN(auto b, Bind(*op.expr2, ctx));
    auto d = kql::Evaluate(*b, t, Context(t.num_rows()));
    if (!d.ok()) return Wrap(op.expr2->span, d.status());
    ColumnPtr col = DatumToColumn(*d, t.num_rows());
    Grouper g({col->type()});
    std::vector<uint32_t> ids;
    g.Add(std::span<const ColumnPtr>(&col, 1), t.num_rows(), &ids);
    ColumnPtr keys = g.KeyColumns()[0];
    std::vector<uint32_t> idx(keys->size());
    for (size_t i = 0; i < idx.size(); ++i) idx[i] = static_cast<uint32_t>(i);
    std::shuffle(idx.begin(), idx.end(), rng);
    if (idx.size() > static_cast<size_t>(n)) idx.resize(n);
    std::string name = DefaultColumnName(*op.expr2);
    if (name.empty()) name = "Column1";
    return Rel{MakeTable({name}, {Column::Gather(*keys, idx)}, idx.size()), in.name};
  }
  std::vector<uint32_t> idx(t.num_rows());
  for (size_t i = 0; i < idx.size(); ++i) idx[i] = static_cast<uint32_t>(i);
  std::shuffle(idx.begin(), idx.end(), rng);
  if (idx.size() > static_cast<size_t>(n)) idx.resize(n);
  return Rel{GatherRows(t, idx), in.name};
}

Result<Rel> Executor::Datatable(const Operator& op, const ScopePtr& scope) {
  size_t ncols = op.columns.size();
  if (ncols == 0) return Error(op.span, "datatable needs at least one column");
  if (op.exprs.size() % ncols != 0) {
    return Error(op.span, "datatable has " + std::to_string(ncols) + " columns but " +
                              std::to_string(op.exprs.size()) +
                              " values, which is not a whole number of rows");
  }
  std::vector<Field> fields;
  for (size_t i = 0; i < ncols; ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (op.columns[j] == op.columns[i]) {
        return Error(op.span, "datatable declares column '" + op.columns[i] + "' twice");
      }
    }
    fields.push_back({op.columns[i], *op.column_types[i]});
  }
  TableBuilder b{Schema(fields)};
  for (size_t k = 0; k < op.exprs.size(); ++k) {
    const Expr& e = *op.exprs[k];
    QUARRY_ASSIGN_OR_RETURN(Value v, EvalConstant(e, scope));
    Type want = fields[k % ncols].type;
    auto coerced = CoerceValue(v, want);
    if (!coerced) {
      return Error(e.span, "datatable column '" + fields[k % ncols].name + "' is " +
                               std::string(TypeName(want)) + " but this value is " +
                               std::string(TypeName(v.type())));
    }
    b.column(k % ncols).AppendValue(*coerced);
    if (k % ncols == ncols - 1) b.FinishRow();
  }
  return Rel{b.Finish(), "datatable"};
}

Result<Rel> Executor::Print(const Operator& op, const ScopePtr& scope) {
  Table one(Schema(), {}, 1);
  std::vector<std::string> names;
  std::vector<ColumnPtr> cols;
  for (size_t i = 0; i < op.items.size(); ++i) {
    const auto& item = op.items[i];
    QUARRY_ASSIGN_OR_RETURN(auto b, BindConstant(*item.expr, scope));
    auto d = kql::Evaluate(*b, one, Context(1));
    if (!d.ok()) return Wrap(item.expr->span, d.status());
    ColumnPtr col = DatumToColumn(*d, 1);
    // array_sort_asc/desc of several named arrays prints one column per array, `<name>_sorted`
    // (Kusto's docs example); the kernel gives them as one array of arrays.
    const Expr& e = *item.expr;
    if (item.names.empty() && e.kind == ExprKind::kCall &&
        (e.name == "array_sort_asc" || e.name == "array_sort_desc") && e.args.size() >= 2 &&
        col->type() == Type::kDynamic && !col->IsNull(0) && col->dynamic(0)->is_array()) {
      const Json& arrays = *col->dynamic(0);
      bool split = arrays.size() >= 2 && arrays.size() <= e.args.size();
      for (size_t k = 0; split && k < arrays.size(); ++k) {
        split = arrays[k].is_array() && !DefaultColumnName(*e.args[k]).empty();
      }
      if (split) {
        for (size_t k = 0; k < arrays.size(); ++k) {
          ColumnBuilder part(Type::kDynamic);
          part.AppendDynamic(std::make_shared<const Json>(arrays[k]));
          names.push_back(UniqueName(DefaultColumnName(*e.args[k]) + "_sorted", names));
          cols.push_back(part.Finish());
        }
        continue;
      }
    }
    std::string name = item.names.empty() ? "print_" + std::to_string(i) : item.names[0];
    names.push_back(UniqueName(name, names));
    cols.push_back(col);
  }
  return Rel{MakeTable(std::move(names), std::move(cols), 1), "print"};
}

namespace {
// How many values `range` yields from a to z by s (s != 0), without overflow.
uint64_t CountSteps(int64_t a, int64_t z, int64_t s) {
  __int128 span = static_cast<__int128>(z) - a;
  if ((s > 0 && span < 0) || (s < 0 && span > 0)) return 0;
  __int128 n = span / s + 1;
  return n > static_cast<__int128>(UINT64_MAX) ? UINT64_MAX : static_cast<uint64_t>(n);
}
}  // namespace

Result<Rel> Executor::Range(const Operator& op, const ScopePtr& scope) {
  QUARRY_ASSIGN_OR_RETURN(Value from, EvalConstant(*op.exprs[0], scope));
  QUARRY_ASSIGN_OR_RETURN(Value to, EvalConstant(*op.exprs[1], scope));
  QUARRY_ASSIGN_OR_RETURN(Value step, EvalConstant(*op.exprs[2], scope));
  constexpr size_t kMaxRows = 100'000'000;
  if (from.is_null() || to.is_null() || step.is_null()) {
    return Error(op.span, "range needs non-null from, to and step");
  }
  Type t = from.type();
  ColumnBuilder b(t == Type::kInt ? Type::kLong : t);
  auto too_many = [&]() { return Error(op.span, "range would produce more than 100,000,000 rows"); };
  // Checking a query binds types only; the arguments are still validated below.
  const bool no_rows = options_.schema_only;
  if (t == Type::kLong || t == Type::kInt) {
    if (!(to.type() == Type::kLong || to.type() == Type::kInt)) {
      if (to.type() == Type::kReal) {
        t = Type::kReal;
      } else {
        return Error(op.exprs[1]->span, "range's `to` must have the type of `from`");
      }
    }
  }
  if (t == Type::kLong || t == Type::kInt) {
    if (step.type() != Type::kLong && step.type() != Type::kInt) {
      return Error(op.exprs[2]->span, "range's step must be a whole number here");
    }
    int64_t s = step.int_value(), a = from.int_value(), z = to.int_value();
    if (s == 0) return Error(op.exprs[2]->span, "range's step must not be 0");
    if (CountSteps(a, z, s) > kMaxRows) return too_many();
    for (int64_t v = a; s > 0 ? v <= z : v >= z; v += s) {
      if (no_rows) break;
      if (b.size() >= kMaxRows) return too_many();
      b.AppendLong(v);
      if ((s > 0 && v > INT64_MAX - s) || (s < 0 && v < INT64_MIN - s)) break;
    }
  } else if (t == Type::kReal || t == Type::kDecimal) {
    auto num = [](const Value& v) {
      return v.type() == Type::kReal || v.type() == Type::kDecimal ? v.real_value()
                                                                   : static_cast<double>(v.int_value());
    };
    if (!IsNumeric(to.type()) || !IsNumeric(step.type())) {
      return Error(op.span, "range over reals needs numeric to and step");
    }
    double a = num(from), z = num(to), s = num(step);
    if (s == 0) return Error(op.exprs[2]->span, "range's step must not be 0");
    ColumnBuilder rb(Type::kReal);
    for (double v = a; s > 0 ? v <= z : v >= z; v += s) {
      if (no_rows) break;
      if (rb.size() >= kMaxRows) return too_many();
      rb.AppendReal(v);
    }
    size_t n = rb.size();  // before Finish(), which empties the builder (argument order is unspecified)
    return Rel{MakeTable({op.columns[0]}, {rb.Finish()}, n), "range"};
  } else if (t == Type::kDatetime || t == Type::kTimespan) {
    if (to.type() != t || step.type() != Type::kTimespan) {
      return Error(op.span, "range over " + std::string(TypeName(t)) + " needs a " +
                                std::string(TypeName(t)) + " `to` and a timespan step");
    }
    int64_t s = step.int_value(), a = from.int_value(), z = to.int_value();
    if (s == 0) return Error(op.exprs[2]->span, "range's step must not be 0");
    if (CountSteps(a, z, s) > kMaxRows) return too_many();
    for (int64_t v = a; s > 0 ? v <= z : v >= z; v += s) {
      if (no_rows) break;
      if (b.size() >= kMaxRows) return too_many();
      b.AppendLong(v);
    }
  } else {
    return Error(op.exprs[0]->span, "range works over numbers, datetimes and timespans, not " +
                                        std::string(TypeName(t)));
  }
  size_t n = b.size();
  return Rel{MakeTable({op.columns[0]}, {b.Finish()}, n), "range"};
}

}  // namespace quarry::kql
