// Binding scalar expressions: names, literals, function and operator calls (through the
// function registry), user functions (let lambdas), dynamic property access, subqueries used as
// scalars or lists, window functions, constant folding.
#include <algorithm>

#include "kql/call_args.h"
#include "kql/executor_impl.h"
#include "kql/json_convert.h"

namespace quarry::kql {
namespace {

bool IsWindowFunction(std::string_view n) {
  return n == "row_number" || n == "prev" || n == "next" || n == "row_cumsum" ||
         n == "row_rank_dense" || n == "row_rank_min" || n == "row_window_session";
}

bool IsListOperator(std::string_view n) {
  return n == "in" || n == "!in" || n == "in~" || n == "!in~" || n == "has_any" ||
         n == "has_all" || n == "!has_any" || n == "!has_all";
}

}  // namespace

std::string Executor::ColumnNotFound(std::string_view name, const RowContext& ctx) {
  std::vector<std::string> candidates;
  if (ctx.schema) {
    for (const auto& f : ctx.schema->fields()) candidates.push_back(f.name);
  }
  std::string hint = DidYouMean(name, candidates);
  if (hint.empty() && ctx.scope) {
    std::vector<std::string> names;
    ctx.scope->CollectNames(&names);
    hint = DidYouMean(name, names);
  }
  std::string where = ctx.table_name.empty() ? "" : " in " + std::string(ctx.table_name);
  std::string msg = "column '" + std::string(name) + "' not found" + where;
  if (!hint.empty()) msg += " — did you mean '" + hint + "'?";
  return msg;
}

Result<BoundExprPtr> Executor::Bind(const Expr& e, const RowContext& ctx) {
  switch (e.kind) {
    case ExprKind::kLiteral: return MakeConstantExpr(e.value, e.span);
    case ExprKind::kTypeName: return MakeConstantExpr(e.value, e.span);
    case ExprKind::kName: return BindName(e, ctx);
    case ExprKind::kCall: return BindCall(e, ctx);
    case ExprKind::kNamedArg: return Bind(*e.args[0], ctx);
    case ExprKind::kStar: return Error(e.span, "'*' is not allowed here");
    case ExprKind::kTabular:
      return Error(e.span, "a tabular expression cannot be used as a scalar value; wrap it in "
                           "toscalar(...)");
    case ExprKind::kMember: {
      const Expr& base = *e.args[0];
      if (base.kind == ExprKind::kName && (base.name == "$left" || base.name == "$right")) {
        return Error(e.span, base.name + " can only be used in a join's `on` clause");
      }
      QUARRY_ASSIGN_OR_RETURN(auto b, Bind(base, ctx));
      return BindRegistryCall("__get_property", e.span,
                              {b, MakeConstantExpr(Value::String(e.name), e.span)});
    }
    case ExprKind::kIndex: {
      QUARRY_ASSIGN_OR_RETURN(auto b, Bind(*e.args[0], ctx));
      QUARRY_ASSIGN_OR_RETURN(auto ix, Bind(*e.args[1], ctx));
      bool by_name = ix->type == Type::kString;
      return BindRegistryCall(by_name ? "__get_property" : "__get_index", e.span, {b, ix});
    }
  }
  return Error(e.span, "unsupported expression");
}

Result<BoundExprPtr> Executor::BindName(const Expr& e, const RowContext& ctx) {
  if (ctx.schema) {
    if (auto idx = ctx.schema->IndexOf(e.name)) {
      return MakeColumnExpr(*idx, ctx.schema->field(*idx).type, e.span);
    }
  }
  if (ctx.scope) {
    if (const ScopeEntry* entry = ctx.scope->Find(e.name)) {
      if (entry->kind == ScopeEntry::Kind::kScalar) return entry->scalar;
      if (entry->kind == ScopeEntry::Kind::kTabular) {
        return Error(e.span, "'" + e.name + "' is a table, not a scalar value (use toscalar() "
                                            "or a column of it)");
      }
      if (entry->kind == ScopeEntry::Kind::kPattern) {
        return Error(e.span, "'" + e.name + "' is a pattern, which returns a table: use it where "
                             "a table is expected, not as a scalar value");
      }
      // A function without parameters may be named without (): `let f = () {rand()}; print f`.
      if (entry->function && entry->function->params.empty()) {
        Expr call;
        call.kind = ExprKind::kCall;
        call.name = e.name;
        call.span = e.span;
        return Bind(call, ctx);
      }
      return Error(e.span, "'" + e.name + "' is a function: call it with (...)");
    }
  }
  if (e.name == "true" || e.name == "false") return MakeConstantExpr(Value::Bool(e.name == "true"), e.span);
  return Error(e.span, ColumnNotFound(e.name, ctx));
}

Result<BoundExprPtr> Executor::BindTabularArg(const Expr& e, const RowContext& ctx, bool scalar) {
  QUARRY_ASSIGN_OR_RETURN(Rel r, EvalTabular(e, ctx.scope));
  if (r.table->num_columns() == 0) {
    return Error(e.span, "the subquery returns no columns");
  }
  const Column& c = *r.table->column(0);
  if (scalar) {
    if (r.table->num_rows() == 0) return MakeConstantExpr(Value::Null(c.type()), e.span);
    return MakeConstantExpr(c.GetValue(0), e.span);
  }
  Json arr = Json::array();
  for (size_t i = 0; i < c.size(); ++i) {
    if (!c.IsNull(i)) arr.push_back(ValueToJson(c.GetValue(i)));
  }
  return MakeConstantExpr(Value::Dynamic(std::move(arr)), e.span);
}

Result<BoundExprPtr> Executor::BindCall(const Expr& e, const RowContext& ctx) {
  if (ctx.scope) {
    if (const ScopeEntry* entry = ctx.scope->Find(e.name)) {
      if (entry->kind == ScopeEntry::Kind::kFunction) return BindFunctionCall(e, *entry, ctx);
      if (entry->kind == ScopeEntry::Kind::kPattern) {
        return Error(e.span, "'" + e.name + "' is a pattern, which returns a table: use it where "
                             "a table is expected, not as a scalar value");
      }
    }
  }
  const std::string& name = e.name;
  if (name == "workspace" || name == "cluster" || name == "database" || name == "app" ||
      name == ".database" || name == "externaldata") {
    return Error(e.span, "workspace(), cluster() and database() are not supported: Quarry never "
                         "reads remote data from a query");
  }
  if (name == "toscalar") {
    if (e.args.size() != 1) return Error(e.span, "toscalar() takes one argument");
    const Expr& arg = *e.args[0];
    bool tabular = arg.kind == ExprKind::kTabular;
    if (arg.kind == ExprKind::kName && ctx.scope) {
      const ScopeEntry* en = ctx.scope->Find(arg.name);
      tabular = (en && en->kind == ScopeEntry::Kind::kTabular) ||
                (!en && catalog_.GetSchema(arg.name).has_value());
    }
    if (arg.kind == ExprKind::kCall && ctx.scope) {
      const ScopeEntry* en = ctx.scope->Find(arg.name);
      tabular = (en && en->kind == ScopeEntry::Kind::kFunction) || arg.name == "materialize";
      if (tabular && en && en->kind == ScopeEntry::Kind::kFunction) {
        auto scalar_try = BindFunctionCall(arg, *en, ctx);
        if (scalar_try.ok()) return scalar_try;
        diagnostic.reset();
      }
    }
    if (tabular) return BindTabularArg(arg, ctx, true);
    return Bind(arg, ctx);
  }
  if (name == "column_names_of") {  // a table's column names, as a dynamic array
    if (e.args.size() != 1) return Error(e.span, "column_names_of() takes one table");
    QUARRY_ASSIGN_OR_RETURN(Rel t, EvalTabular(*e.args[0], ctx.scope));
    Json names = Json::array();
    for (const auto& f : t.table->schema().fields()) names.push_back(f.name);
    return MakeConstantExpr(Value::Dynamic(std::move(names)), e.span);
  }
  if (name == "estimate_data_size") {  // `*` is every column
    std::vector<BoundExprPtr> args;
    for (const auto& a : e.args) {
      if (a->kind != ExprKind::kStar) {
        QUARRY_ASSIGN_OR_RETURN(auto b, Bind(*a, ctx));
        args.push_back(std::move(b));
        continue;
      }
      if (!ctx.schema) return Error(a->span, "estimate_data_size(*) needs the columns of a table");
      for (size_t i = 0; i < ctx.schema->size(); ++i) {
        args.push_back(MakeColumnExpr(i, ctx.schema->field(i).type, a->span));
      }
    }
    if (args.empty()) return Error(e.span, "estimate_data_size() takes columns, or *");
    return BindRegistryCall(name, e.span, std::move(args));
  }
  if (name == "bin_auto") {  // bin_at / bin by the query's `set query_bin_auto_size/_at`
    if (e.args.size() != 1) return Error(e.span, "bin_auto() takes one value");
    const ScopeEntry* size = ctx.scope ? ctx.scope->Find("set query_bin_auto_size") : nullptr;
    if (!size) {
      return Error(e.span, "bin_auto() needs `set query_bin_auto_size = <size>;` before the query");
    }
    const ScopeEntry* at = ctx.scope->Find("set query_bin_auto_at");
    QUARRY_ASSIGN_OR_RETURN(auto value, Bind(*e.args[0], ctx));
    std::vector<BoundExprPtr> args{value, size->scalar};
    if (!at) return BindRegistryCall("bin", e.span, std::move(args));
    args.push_back(at->scalar);
    return BindRegistryCall("bin_at", e.span, std::move(args));
  }
  if (name == "column_ifexists" || name == "columnifexists") {
    if (e.args.size() != 2) return Error(e.span, name + "() takes a column name and a default");
    QUARRY_ASSIGN_OR_RETURN(Value col, EvalConstant(*e.args[0], ctx.scope));
    if (ctx.schema) {
      if (auto idx = ctx.schema->IndexOf(col.ToString())) {
        return MakeColumnExpr(*idx, ctx.schema->field(*idx).type, e.span);
      }
    }
    return Bind(*e.args[1], ctx);
  }
  if (name == "pack_all" || name == "bag_pack_columns") return BindPackColumns(e, ctx);
  if (IsWindowFunction(name)) {
    auto bind_restart = [&](const Expr& a) -> Result<BoundExprPtr> {
      QUARRY_ASSIGN_OR_RETURN(auto restart, Bind(a, ctx));
      if (restart->type != Type::kBool) {
        return Error(a.span, name + "()'s restart argument must be a bool");
      }
      return restart;
    };
    auto w = std::make_shared<BoundExpr>();
    w->span = e.span;
    w->name = name;
    if (name == "row_number") {
      w->kind = BoundKind::kRowNumber;
      w->type = Type::kLong;
      if (!e.args.empty()) {
        QUARRY_ASSIGN_OR_RETURN(Value start, EvalConstant(*e.args[0], ctx.scope));
        if (start.is_null() || (start.type() != Type::kLong && start.type() != Type::kInt)) {
          return Error(e.args[0]->span, "row_number()'s start must be a whole number");
        }
        w->offset = start.int_value();
      }
      if (e.args.size() >= 2) {
        QUARRY_ASSIGN_OR_RETURN(auto restart, bind_restart(*e.args[1]));
        w->args.push_back(restart);
      }
      return BoundExprPtr(w);
    }
    if (e.args.empty()) return Error(e.span, name + "() needs a column argument");
    QUARRY_ASSIGN_OR_RETURN(auto arg, Bind(*e.args[0], ctx));
    w->args.push_back(arg);
    w->type = arg->type;
    if (name == "row_rank_dense" || name == "row_rank_min") {
      w->kind = name == "row_rank_dense" ? BoundKind::kRowRankDense : BoundKind::kRowRankMin;
      w->type = Type::kLong;
      if (e.args.size() >= 2) {
        QUARRY_ASSIGN_OR_RETURN(auto restart, bind_restart(*e.args[1]));
        w->args.push_back(restart);
      }
      return BoundExprPtr(w);
    }
    if (name == "row_window_session") {
      if (arg->type != Type::kDatetime || e.args.size() < 3 || e.args.size() > 4) {
        return Error(e.span, "row_window_session() takes a datetime, the longest session, the "
                             "longest gap between rows and an optional restart predicate");
      }
      for (size_t k = 1; k < 3; ++k) {
        QUARRY_ASSIGN_OR_RETURN(auto limit, Bind(*e.args[k], ctx));
        if (limit->type != Type::kTimespan) {
          return Error(e.args[k]->span, "row_window_session()'s limits must be timespans");
        }
        w->args.push_back(limit);
      }
      if (e.args.size() == 4) {
        QUARRY_ASSIGN_OR_RETURN(auto restart, bind_restart(*e.args[3]));
        w->args.push_back(restart);
      }
      w->kind = BoundKind::kRowWindowSession;
      w->type = Type::kDatetime;
      return BoundExprPtr(w);
    }
    if (name == "row_cumsum") {
      if (!IsNumeric(arg->type) && arg->type != Type::kTimespan) {
        return Error(e.args[0]->span, "row_cumsum() needs a numeric argument");
      }
      w->kind = BoundKind::kRowCumsum;
      if (arg->type == Type::kTimespan) w->type = Type::kLong;
      return BoundExprPtr(w);
    }
    w->kind = name == "prev" ? BoundKind::kPrev : BoundKind::kNext;
    if (e.args.size() >= 2) {
      QUARRY_ASSIGN_OR_RETURN(Value off, EvalConstant(*e.args[1], ctx.scope));
      if (off.is_null() || (off.type() != Type::kLong && off.type() != Type::kInt) ||
          off.int_value() < 1) {
        return Error(e.args[1]->span, name + "()'s offset must be a positive whole number");
      }
      w->offset = off.int_value();
    }
    if (e.args.size() >= 3) {
      QUARRY_ASSIGN_OR_RETURN(Value def, EvalConstant(*e.args[2], ctx.scope));
      auto coerced = CoerceValue(def, arg->type);
      if (!coerced) return Error(e.args[2]->span, name + "()'s default must have the column's type");
      w->fallback = *coerced;
    }
    return BoundExprPtr(w);
  }
  if (registry_.FindAggregate(name) && !registry_.FindScalar(name)) {
    return Error(e.span, "aggregation '" + name + "()' can only be used in summarize, "
                         "make-series or top-nested");
  }
  std::vector<BoundExprPtr> args;
  for (size_t i = 0; i < e.args.size(); ++i) {
    const Expr& a = *e.args[i];
    if (a.kind == ExprKind::kTabular && i > 0 && IsListOperator(name)) {
      QUARRY_ASSIGN_OR_RETURN(auto list, BindTabularArg(a, ctx, false));
      args.push_back(list);
      continue;
    }
    if (a.kind == ExprKind::kName && i > 0 && IsListOperator(name) && ctx.scope &&
        !(ctx.schema && ctx.schema->IndexOf(a.name))) {
      const ScopeEntry* en = ctx.scope->Find(a.name);
      if ((en && en->kind == ScopeEntry::Kind::kTabular) ||
          (!en && catalog_.GetSchema(a.name).has_value())) {
        QUARRY_ASSIGN_OR_RETURN(auto list, BindTabularArg(a, ctx, false));
        args.push_back(list);
        continue;
      }
    }
    QUARRY_ASSIGN_OR_RETURN(auto b, Bind(a, ctx));
    args.push_back(b);
  }
  return BindRegistryCall(name, e.span, std::move(args));
}

// pack_all([ignore_null_empty]) and bag_pack_columns(col, ...) become calls of the registered
// functions of the same name with (ignore_null_empty, "name1", col1, "name2", col2, ...).
Result<BoundExprPtr> Executor::BindPackColumns(const Expr& e, const RowContext& ctx) {
  const std::string& name = e.name;
  std::vector<BoundExprPtr> args;
  auto add_column = [&](size_t i, Span span) {
    args.push_back(MakeConstantExpr(Value::String(ctx.schema->field(i).name), span));
    args.push_back(MakeColumnExpr(i, ctx.schema->field(i).type, span));
  };
  if (!ctx.schema) return Error(e.span, name + "() needs the columns of a table");
  if (name == "pack_all") {
    if (e.args.size() > 1) return Error(e.span, "pack_all() takes at most one argument");
    BoundExprPtr ignore = MakeConstantExpr(Value::Bool(false), e.span);
    if (!e.args.empty()) {
      QUARRY_ASSIGN_OR_RETURN(ignore, Bind(*e.args[0], ctx));
      if (ignore->type != Type::kBool) {
        return Error(e.args[0]->span, "pack_all()'s argument must be a bool");
      }
    }
    args.push_back(ignore);
    size_t packed = std::min(ctx.schema->size(), ctx.pack_all_columns);
    for (size_t i = 0; i < packed; ++i) add_column(i, e.span);
    return BindRegistryCall(name, e.span, std::move(args));
  }
  args.push_back(MakeConstantExpr(Value::Bool(false), e.span));
  for (const auto& a : e.args) {
    auto idx = a->kind == ExprKind::kName ? ctx.schema->IndexOf(a->name) : std::nullopt;
    if (!idx) return Error(a->span, "bag_pack_columns() takes column names");
    add_column(*idx, a->span);
  }
  return BindRegistryCall(name, e.span, std::move(args));
}

Result<BoundExprPtr> Executor::BindRegistryCall(const std::string& name, Span span,
                                                std::vector<BoundExprPtr> args) {
  const ScalarBinder* binder = registry_.FindScalar(name);
  if (!binder) {
    std::vector<std::string> names = registry_.ScalarNames();
    std::string hint = DidYouMean(name, names);
    return Error(span, "unknown function '" + name + "'" +
                           (hint.empty() ? "" : " — did you mean '" + hint + "'?"));
  }
  std::vector<ArgInfo> infos;
  infos.reserve(args.size());
  bool all_constant = true;
  for (const auto& a : args) {
    ArgInfo info{a->type, std::nullopt};
    if (a->is_constant()) info.constant = a->constant;
    else all_constant = false;
    infos.push_back(std::move(info));
  }
  auto binding = (*binder)(infos);
  if (!binding.ok()) return Error(span, binding.status().message());
  auto call = std::make_shared<BoundExpr>();
  call->kind = BoundKind::kCall;
  call->type = binding->return_type;
  call->span = span;
  call->name = name;
  call->kernel = binding->kernel;
  call->args = std::move(args);
  if (all_constant && (binding->deterministic || name == "now" || name == "ago")) {
    Table one(Schema(), {}, 1);
    auto folded = kql::Evaluate(*call, one, Context(1));
    if (!folded.ok()) return Error(span, folded.status().message());
    Value v = folded->is_scalar() ? folded->scalar
              : folded->column->size() > 0 ? folded->column->GetValue(0)
                                           : Value::Null(call->type);
    if (v.is_null() && v.type() != call->type) v = Value::Null(call->type);
    return MakeConstantExpr(std::move(v), span);
  }
  return BoundExprPtr(call);
}

Result<BoundExprPtr> Executor::BindFunctionCall(const Expr& e, const ScopeEntry& fn_entry,
                                                const RowContext& ctx) {
  const Statement& fn = *fn_entry.function;
  if (++depth_ > 48) {
    --depth_;
    return Error(e.span, "the query nests functions too deeply (recursion?)");
  }
  struct Exit {
    int* d;
    ~Exit() { --*d; }
  } exit{&depth_};
  auto inner = std::make_shared<Scope>(fn_entry.function_scope.lock());
  std::vector<const Expr*> args;
  if (std::string why; !MatchCallArgs(e.args, fn.params, 0, e.name, &args, &why)) {
    return Error(e.span, why);
  }
  for (size_t i = 0; i < fn.params.size(); ++i) {
    const Param& p = fn.params[i];
    const Expr* arg = args[i];
    ScopeEntry pe;
    if (p.tabular) {
      if (!arg) return Error(e.span, e.name + "() is missing its table argument '" + p.name + "'");
      QUARRY_ASSIGN_OR_RETURN(Rel r, EvalTabular(*arg, ctx.scope));
      pe.kind = ScopeEntry::Kind::kTabular;
      pe.tabular = std::make_shared<TabularLet>();
      pe.tabular->cache = r;
    } else {
      pe.kind = ScopeEntry::Kind::kScalar;
      if (arg) {
        QUARRY_ASSIGN_OR_RETURN(pe.scalar, Bind(*arg, ctx));
      } else if (p.default_value) {
        QUARRY_ASSIGN_OR_RETURN(pe.scalar,
                                BindConstant(*p.default_value, fn_entry.function_scope.lock()));
      } else {
        return Error(e.span, e.name + "() is missing its argument '" + p.name + "'");
      }
      if (p.type && pe.scalar->type != *p.type && *p.type != Type::kDynamic) {
        QUARRY_ASSIGN_OR_RETURN(pe.scalar, Convert(pe.scalar, *p.type, e.span));
      }
    }
    inner->Set(p.name, std::move(pe));
  }
  if (!fn.body || !fn.body->result) return Error(e.span, e.name + "() has an empty body");
  QUARRY_RETURN_IF_ERROR(RunStatements(*fn.body, inner));
  if (fn.body->result->kind == ExprKind::kTabular) {
    return Error(e.span, e.name + "() returns a table; use it where a table is expected");
  }
  RowContext inner_ctx = ctx;
  inner_ctx.scope = inner;
  return Bind(*fn.body->result, inner_ctx);
}

Result<BoundExprPtr> Executor::BindConstant(const Expr& e, const ScopePtr& scope) {
  Schema empty;
  RowContext ctx;
  ctx.schema = &empty;
  ctx.scope = scope;
  return Bind(e, ctx);
}

Result<Value> Executor::EvalConstant(const Expr& e, const ScopePtr& scope) {
  QUARRY_ASSIGN_OR_RETURN(auto b, BindConstant(e, scope));
  if (b->is_constant()) return b->constant;
  Table one(Schema(), {}, 1);
  auto d = kql::Evaluate(*b, one, Context(1));
  if (!d.ok()) return Wrap(e.span, d.status());
  return DatumValue(*d, 0);
}

Result<BoundExprPtr> Executor::Convert(BoundExprPtr e, Type to, Span span) {
  if (e->type == to) return e;
  if (e->is_constant() && e->constant.is_null()) return MakeConstantExpr(Value::Null(to), span);
  std::string fn;
  switch (to) {
    case Type::kBool: fn = "tobool"; break;
    case Type::kInt: fn = "toint"; break;
    case Type::kLong: fn = "tolong"; break;
    case Type::kReal: fn = "toreal"; break;
    case Type::kDecimal: fn = "todecimal"; break;
    case Type::kString: fn = "tostring"; break;
    case Type::kDatetime: fn = "todatetime"; break;
    case Type::kTimespan: fn = "totimespan"; break;
    case Type::kGuid: fn = "toguid"; break;
    case Type::kDynamic: fn = "todynamic"; break;
  }
  return BindRegistryCall(fn, span, {e});
}

}  // namespace quarry::kql
