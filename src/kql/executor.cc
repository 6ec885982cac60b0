// The Engine's entry points and the Executor's query, statement, pipeline and source handling.
#include <algorithm>
#include <cctype>

#include "common/time.h"
#include "common/thread_pool.h"
#include "kql/call_args.h"
#include "kql/executor_impl.h"
#include "kql/parser.h"

namespace quarry::kql {
namespace {

constexpr int kMaxDepth = 48;

bool IsRemoteFunction(std::string_view name) {
  return name == "workspace" || name == "cluster" || name == "database" || name == "app" ||
         name == "adx" || name == ".database" || name == ".table" || name == "external_table" ||
         name == ".workspace";
}

// The conjuncts of `a and b and c`.
void Conjuncts(const ExprPtr& e, std::vector<ExprPtr>* out) {
  if (e->kind == ExprKind::kCall && e->name == "and" && e->args.size() == 2) {
    Conjuncts(e->args[0], out);
    Conjuncts(e->args[1], out);
  } else {
    out->push_back(e);
  }
}

}  // namespace

// Log Analytics gives every table a few standard columns (_ResourceId, _SubscriptionId, ...).
// A table that lacks one the query names gets it as nulls, so such queries bind and run.
TablePtr Executor::WithStandardColumns(const TablePtr& table) const {
  static const std::vector<Field> kStandard = {
      {"_ResourceId", Type::kString},  {"_SubscriptionId", Type::kString},
      {"_BilledSize", Type::kReal},    {"_IsBillable", Type::kString},
      {"_TimeReceived", Type::kDatetime}, {"TenantId", Type::kString},
      {"SourceSystem", Type::kString}, {"Type", Type::kString}};
  std::vector<std::string> names;
  std::vector<ColumnPtr> cols = table->columns();
  for (const auto& f : table->schema().fields()) names.push_back(f.name);
  bool added = false;
  for (const auto& f : kStandard) {
    if (table->schema().IndexOf(f.name)) continue;
    size_t at = text_.find(f.name);
    bool mentioned = false;
    while (at != std::string_view::npos && !mentioned) {
      char before = at > 0 ? text_[at - 1] : ' ';
      char after = at + f.name.size() < text_.size() ? text_[at + f.name.size()] : ' ';
      mentioned = !std::isalnum(static_cast<unsigned char>(before)) && before != '_' &&
                  !std::isalnum(static_cast<unsigned char>(after)) && after != '_';
      at = text_.find(f.name, at + 1);
    }
    if (!mentioned) continue;
    names.push_back(f.name);
    cols.push_back(Column::MakeNulls(f.type, table->num_rows()));
    added = true;
  }
  if (!added) return table;
  return MakeTable(std::move(names), std::move(cols), table->num_rows());
}

Result<TablePtr> SchemaOnlyCatalog::Scan(const ScanRequest& request, ScanStats*) const {
  auto schema = inner_.GetSchema(request.table);
  if (!schema) return NotFound("table '" + request.table + "' not found");
  Schema s = *schema;
  for (const auto& f : inner_.HiddenColumns(request.table)) {
    if (std::find(request.columns.begin(), request.columns.end(), f.name) !=
        request.columns.end()) {
      s.Add(f);
    }
  }
  return Table::Empty(std::move(s));
}

Engine::Engine(const Catalog& catalog) : Engine(catalog, FunctionRegistry::Get()) {}
Engine::Engine(const Catalog& catalog, const FunctionRegistry& registry)
    : catalog_(catalog), registry_(registry) {}

Result<QueryResult> Engine::Run(std::string_view query, const QueryOptions& options,
                                Diagnostic* diagnostic) const {
  QUARRY_ASSIGN_OR_RETURN(QueryPtr q, ParseQuery(query, diagnostic));
  Executor ex(catalog_, registry_, query, options);
  auto rel = ex.RunQuery(*q);
  const bool semantic_error = !rel.ok() && (rel.status().code() == StatusCode::kInvalidArgument ||
                                             rel.status().code() == StatusCode::kNotFound);
  if (semantic_error) {
    // Errors are reported against whole tables (a "did you mean" lists every column), and a
    // query must never fail only because a scan was pruned: run it again reading everything.
    // Only a semantic error can come from pruning; a cap, a timeout or a cancellation would
    // only repeat, so those are returned as they are.
    Executor full(catalog_, registry_, query, options);
    full.prune_columns_ = false;
    auto again = full.RunQuery(*q);
    if (again.ok()) {
      rel = std::move(again);
      ex.notes = std::move(full.notes);
      ex.stats = full.stats;
    } else {
      ex.diagnostic = full.diagnostic;
      rel = std::move(again);
    }
  }
  if (!rel.ok()) {
    if (diagnostic && ex.diagnostic) *diagnostic = *ex.diagnostic;
    return rel.status();
  }
  if (options.max_result_rows && rel->table->num_rows() > options.max_result_rows) {
    return ResourceExhausted("the result has " + std::to_string(rel->table->num_rows()) +
                             " rows, more than the cap of " +
                             std::to_string(options.max_result_rows) + "; add `take` or `summarize`");
  }
  QueryResult out;
  out.table = rel->table;
  out.notes = std::move(ex.notes);
  out.stats = ex.stats;
  return out;
}

Result<Schema> Engine::Check(std::string_view query, Diagnostic* diagnostic) const {
  SchemaOnlyCatalog empty(catalog_);
  Engine inner(empty, registry_);
  QueryOptions options;
  options.threads = 1;
  options.schema_only = true;
  QUARRY_ASSIGN_OR_RETURN(QueryResult r, inner.Run(query, options, diagnostic));
  return r.table->schema();
}

Executor::Executor(const Catalog& catalog, const FunctionRegistry& registry,
                   std::string_view text, const QueryOptions& options)
    : catalog_(catalog), registry_(registry), text_(text), options_(options) {
  now_ticks_ = options.now_ticks ? *options.now_ticks : NowTicks();
  threads_ = ResolveThreadCount(options.threads);
}

std::vector<Morsel> Executor::Morsels(size_t rows) const {
  return SplitRows(rows, threads_,
                   options_.min_morsel_rows ? options_.min_morsel_rows : kDefaultMinMorselRows);
}

Status Executor::Error(Span span, std::string message) {
  Diagnostic d{span, std::move(message)};
  if (!diagnostic) diagnostic = d;
  return DiagnosticStatus(d, text_);
}

Status Executor::Wrap(Span span, const Status& s) {
  if (s.message().rfind("line ", 0) == 0) return s;
  Status positioned = Error(span, s.message());
  return Status(s.code(), positioned.message());
}

EvalContext Executor::Context(size_t rows) const {
  EvalContext ctx;
  ctx.num_rows = rows;
  ctx.now_ticks = now_ticks_;
  return ctx;
}

Result<Rel> Executor::RunQuery(const Query& q) {
  auto scope = std::make_shared<Scope>(nullptr);
  QUARRY_RETURN_IF_ERROR(RunStatements(q, scope));
  if (!q.result) return Error(q.span, "the query has no tabular expression");
  QUARRY_RETURN_IF_ERROR(RejectScalarResult(*q.result, scope));
  return EvalTabular(*q.result, scope);
}

// Kusto rejects a query whose last statement is a scalar expression (`asin(0.5)`, `1 + 1`):
// only tabular results are returned. Say so, and show the `print` that outputs the value.
Status Executor::RejectScalarResult(const Expr& e, const ScopePtr& scope) {
  bool scalar = e.kind == ExprKind::kLiteral || e.kind == ExprKind::kTypeName ||
                e.kind == ExprKind::kIndex;
  if (e.kind == ExprKind::kCall && registry_.FindScalar(e.name) && !scope->Find(e.name)) {
    scalar = true;
  }
  if (!scalar || FindPattern(e, scope)) return Status::Ok();
  std::string text(text_.substr(e.span.begin, e.span.end - e.span.begin));
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  auto saved = diagnostic;
  auto bound = BindConstant(e, scope);
  diagnostic = saved;
  std::string type = bound.ok() ? " (" + std::string(TypeName((*bound)->type)) + ")" : "";
  return Error(e.span, "the query ends in a scalar expression, '" + text + "'" + type +
                           ", but a query's result must be a table; to output a scalar value, "
                           "use print: `print " + text + "`");
}

Status Executor::RunStatements(const Query& q, const ScopePtr& scope) {
  for (const auto& st : q.statements) {
    if (st.kind == Statement::Kind::kSet && st.value &&
        (st.name == "query_bin_auto_size" || st.name == "query_bin_auto_at")) {
      // Options bin_auto() reads, kept under a name no identifier can spell.
      ScopeEntry entry;
      QUARRY_ASSIGN_OR_RETURN(entry.scalar, BindConstant(*st.value, scope));
      scope->Set("set " + st.name, std::move(entry));
      continue;
    }
    if (st.kind == Statement::Kind::kPattern) {
      ScopeEntry entry;
      entry.kind = ScopeEntry::Kind::kPattern;
      entry.function = &st;
      entry.function_scope = scope;
      scope->Set(st.name, std::move(entry));
      continue;
    }
    if (st.kind != Statement::Kind::kLet) continue;
    ScopeEntry entry;
    if (st.is_function) {
      entry.kind = ScopeEntry::Kind::kFunction;
      entry.function = &st;
      entry.function_scope = scope;
      scope->Set(st.name, std::move(entry));
      continue;
    }
    const Expr& v = *st.value;
    bool tabular = v.kind == ExprKind::kTabular;
    if (v.kind == ExprKind::kName) {
      const ScopeEntry* e = scope->Find(v.name);
      tabular = (e && e->kind == ScopeEntry::Kind::kTabular) ||
                (!e && (catalog_.GetSchema(v.name) || catalog_.CanonicalName(v.name)));
    } else if (v.kind == ExprKind::kCall) {
      const ScopeEntry* e = scope->Find(v.name);
      if (e && e->kind == ScopeEntry::Kind::kFunction) {
        const Statement* fn = e->function;
        tabular = fn->body && fn->body->result &&
                  (fn->body->result->kind == ExprKind::kTabular ||
                   (fn->body->result->kind == ExprKind::kName &&
                    !registry_.FindScalar(fn->body->result->name)));
        if (fn->body && fn->body->result && fn->body->result->kind == ExprKind::kName) {
          // A body that is a bare name is tabular when the name is a table or tabular param.
          const std::string& n = fn->body->result->name;
          bool param_table = false;
          for (const auto& p : fn->params) param_table |= (p.name == n && p.tabular);
          tabular = param_table || catalog_.GetSchema(n).has_value() ||
                    (scope->Find(n) && scope->Find(n)->kind == ScopeEntry::Kind::kTabular);
        }
      } else {
        tabular = v.name == "materialize" || v.name == "table" || IsRemoteFunction(v.name) ||
                  v.name == "view";
      }
    } else if (v.kind == ExprKind::kMember && !v.args.empty() &&
               v.args[0]->kind == ExprKind::kCall && IsRemoteFunction(v.args[0]->name)) {
      tabular = true;
    }
    if (FindPattern(v, scope)) tabular = true;
    if (tabular) {
      entry.kind = ScopeEntry::Kind::kTabular;
      entry.tabular = std::make_shared<TabularLet>();
      entry.tabular->expr = st.value;
      entry.tabular->scope = scope;
      entry.tabular->materialize = v.kind == ExprKind::kCall && v.name == "materialize";
      if (v.kind == ExprKind::kTabular && v.pipeline->ops.size() == 1 &&
          v.pipeline->ops[0].kind == OpKind::kCallSource && v.pipeline->ops[0].expr &&
          v.pipeline->ops[0].expr->name == "materialize") {
        entry.tabular->materialize = true;
      }
    } else {
      entry.kind = ScopeEntry::Kind::kScalar;
      QUARRY_ASSIGN_OR_RETURN(entry.scalar, BindConstant(v, scope));
    }
    scope->Set(st.name, std::move(entry));
  }
  return Status::Ok();
}

Result<Rel> Executor::EvalTabular(const Expr& e, const ScopePtr& scope) {
  if (++depth_ > kMaxDepth) {
    --depth_;
    return Error(e.span, "the query nests functions or subqueries too deeply (recursion?)");
  }
  Result<Rel> out = [&]() -> Result<Rel> {
    switch (e.kind) {
      case ExprKind::kTabular: return RunPipeline(*e.pipeline, scope);
      case ExprKind::kName: return ResolveTableName(e.name, e.span, scope);
      case ExprKind::kCall:
      case ExprKind::kMember:
      case ExprKind::kIndex: return CallTabularFunction(e, scope, nullptr);
      default: return Error(e.span, "expected a tabular expression (a table or a query)");
    }
  }();
  --depth_;
  return out;
}

Result<Rel> Executor::ResolveTableName(const std::string& name, Span span,
                                       const ScopePtr& scope) {
  if (const ScopeEntry* e = scope->Find(name)) {
    if (e->kind == ScopeEntry::Kind::kTabular) {
      auto& let = *e->tabular;
      if (let.cache) return *let.cache;
      QUARRY_ASSIGN_OR_RETURN(Rel r, EvalTabular(*let.expr, let.scope.lock()));
      r.name = name;
      if (let.materialize || let.expr->kind != ExprKind::kName) let.cache = r;
      return r;
    }
    if (e->kind == ScopeEntry::Kind::kFunction) {
      if (e->function->params.empty()) {
        Expr call;
        call.kind = ExprKind::kCall;
        call.name = name;
        call.span = span;
        return CallTabularFunction(call, scope, nullptr);
      }
      return Error(span, "'" + name + "' is a function: call it with arguments, like " + name +
                             "(...)");
    }
    if (e->kind == ScopeEntry::Kind::kPattern) {
      Expr invocation;
      invocation.kind = ExprKind::kName;
      invocation.name = name;
      invocation.span = span;
      return InvokePattern(invocation, *e, scope);
    }
    return Error(span, "'" + name + "' is a scalar value, not a table");
  }
  Operator op;
  op.kind = OpKind::kTable;
  op.name = name;
  op.span = span;
  Pipeline p;
  p.ops.push_back(op);
  return ScanTable(p.ops[0], p, 1, scope);
}

Result<Rel> Executor::ScanTable(const Operator& op, const Pipeline& p, size_t next,
                                const ScopePtr& scope) {
  std::string name = op.name;
  if (name.find('*') != std::string::npos) {
    Operator u;
    u.kind = OpKind::kUnion;
    u.span = op.span;
    auto leg = std::make_shared<Pipeline>();
    leg->ops.push_back(op);
    u.subqueries.push_back(leg);
    return Union(u, nullptr, scope);
  }
  if (const ScopeEntry* e = scope->Find(name)) {
    if (e->kind == ScopeEntry::Kind::kTabular || e->kind == ScopeEntry::Kind::kFunction ||
        e->kind == ScopeEntry::Kind::kPattern) {
      return ResolveTableName(name, op.span, scope);
    }
  }
  auto schema = catalog_.GetSchema(name);
  if (!schema) {
    auto canonical = catalog_.CanonicalName(name);
    if (canonical && *canonical != name) {
      name = *canonical;
      schema = catalog_.GetSchema(name);
    }
  }
  if (!schema) {
    std::vector<std::string> candidates = catalog_.TableNames();
    scope->CollectNames(&candidates);
    std::string hint = DidYouMean(name, candidates);
    return Error(op.span, "table '" + op.name + "' not found" +
                              (hint.empty() ? "" : " — did you mean '" + hint + "'?"));
  }
  ScanRequest request;
  request.table = name;
  std::vector<Field> hidden = catalog_.HiddenColumns(name);
  bool wants_hidden = false;
  for (const auto& f : hidden) {
    if (text_.find(f.name) != std::string_view::npos) wants_hidden = true;
  }
  if (prune_columns_) request.columns = ColumnsNeeded(p, next, *schema);
  if (wants_hidden && request.columns.empty()) {
    for (const auto& f : schema->fields()) request.columns.push_back(f.name);
  }
  if (wants_hidden) {
    for (const auto& f : hidden) {
      if (text_.find(f.name) != std::string_view::npos) request.columns.push_back(f.name);
    }
  }
  // Push time bounds of the `where` operators right after the scan into the request.
  for (size_t i = next; i < p.ops.size() && p.ops[i].kind == OpKind::kWhere; ++i) {
    std::vector<ExprPtr> conj;
    if (!p.ops[i].expr) break;
    Conjuncts(p.ops[i].expr, &conj);
    for (const auto& c : conj) {
      if (c->kind != ExprKind::kCall || c->args.size() < 2) continue;
      std::string opname = c->name;
      const Expr* col = c->args[0].get();
      const Expr* other = c->args[1].get();
      if (col->kind != ExprKind::kName && other->kind == ExprKind::kName && c->args.size() == 2) {
        std::swap(col, other);
        if (opname == ">") opname = "<";
        else if (opname == "<") opname = ">";
        else if (opname == ">=") opname = "<=";
        else if (opname == "<=") opname = ">=";
      }
      if (col->kind != ExprKind::kName) continue;
      auto idx = schema->IndexOf(col->name);
      if (!idx || schema->field(*idx).type != Type::kDatetime) continue;
      if (scope->Find(col->name)) continue;
      if (!request.time_column.empty() && request.time_column != col->name) continue;
      auto saved = diagnostic;
      auto lo = EvalConstant(*other, scope);
      std::optional<Value> hi;
      if (opname == "between" && c->args.size() == 3) {
        auto h = EvalConstant(*c->args[2], scope);
        if (h.ok()) hi = *h;
      }
      diagnostic = saved;
      if (!lo.ok() || lo->is_null() || lo->type() != Type::kDatetime) continue;
      int64_t v = lo->int_value();
      auto set_min = [&](int64_t m) {
        request.min_time = request.min_time ? std::max(*request.min_time, m) : m;
      };
      auto set_max = [&](int64_t m) {
        request.max_time = request.max_time ? std::min(*request.max_time, m) : m;
      };
      if (opname == ">") set_min(v + 1);
      else if (opname == ">=") set_min(v);
      else if (opname == "<") set_max(v - 1);
      else if (opname == "<=") set_max(v);
      else if (opname == "==") { set_min(v); set_max(v); }
      else if (opname == "between" && hi && !hi->is_null()) {
        set_min(v);
        if (hi->type() == Type::kDatetime) set_max(hi->int_value());
        else if (hi->type() == Type::kTimespan) set_max(v + hi->int_value());
      } else {
        continue;
      }
      request.time_column = col->name;
    }
  }
  auto table = catalog_.Scan(request, &stats);
  if (!table.ok()) return Wrap(op.span, table.status());
  return Rel{WithStandardColumns(*table), name};
}

// Column pruning. When the operators after a scan end in one that keeps only the columns it
// names (summarize, count, project, distinct, ...), and every operator before it passes columns
// through by name, the scan needs only the columns whose names occur in the query's text (a
// superset of what the query uses: a name in a string or another table's clause only costs a
// column read). `*` and pack_all() anywhere in that stretch mean every column. Returns the
// column names, or nothing for "all columns".
std::vector<std::string> Executor::ColumnsNeeded(const Pipeline& p, size_t next,
                                                 const Schema& schema) const {
  size_t end = next;
  bool restricted = false;
  for (; end < p.ops.size() && !restricted; ++end) {
    switch (p.ops[end].kind) {
      case OpKind::kWhere: case OpKind::kExtend: case OpKind::kSort: case OpKind::kTake:
      case OpKind::kTop: case OpKind::kSerialize: case OpKind::kProjectAway:
      case OpKind::kProjectRename: case OpKind::kMvExpand: case OpKind::kParse:
      case OpKind::kParseWhere: case OpKind::kJoin: case OpKind::kLookup: case OpKind::kSample:
        continue;
      case OpKind::kSummarize: case OpKind::kCount: case OpKind::kProject:
      case OpKind::kProjectKeep: case OpKind::kDistinct: case OpKind::kMakeSeries:
      case OpKind::kTopNested:
        restricted = true;
        continue;
      default:
        return {};
    }
  }
  if (!restricted || end <= next) return {};
  Span stretch{p.ops[next].span.begin, p.ops[end - 1].span.end};
  for (size_t i = next; i < end; ++i) stretch = Span::Join(stretch, p.ops[i].span);
  if (stretch.end > text_.size() || stretch.begin >= stretch.end) return {};
  std::string_view ops_text = text_.substr(stretch.begin, stretch.end - stretch.begin);
  if (ops_text.find('*') != std::string_view::npos ||
      ops_text.find("pack_all") != std::string_view::npos) {
    return {};
  }
  auto is_ident = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  auto mentioned = [&](std::string_view name) {
    for (size_t at = text_.find(name); at != std::string_view::npos;
         at = text_.find(name, at + 1)) {
      bool starts = at == 0 || !is_ident(text_[at - 1]);
      bool ends = at + name.size() >= text_.size() || !is_ident(text_[at + name.size()]);
      if (starts && ends) return true;
    }
    return false;
  };
  std::vector<std::string> needed;
  for (const auto& f : schema.fields()) {
    if (mentioned(f.name)) needed.push_back(f.name);
  }
  // A scan must say how many rows there are even when no column is read (`T | count`).
  if (needed.empty() && schema.size() > 0) needed.push_back(schema.field(0).name);
  return needed;
}

Result<Rel> Executor::CallTabularFunction(const Expr& call, const ScopePtr& scope,
                                          const Rel* input) {
  if (const ScopeEntry* pattern = FindPattern(call, scope)) {
    if (input) return Error(call.span, "'" + pattern->function->name + "' is a pattern: it "
                                       "takes no input table, so it cannot follow `invoke`");
    return InvokePattern(call, *pattern, scope);
  }
  if (call.kind == ExprKind::kIndex) {
    return Error(call.span, "expected a tabular expression (a table or a query)");
  }
  if (call.kind == ExprKind::kMember || IsRemoteFunction(call.name)) {
    return Error(call.span, "workspace(), cluster() and database() are not supported: Quarry "
                            "never reads remote data from a query");
  }
  if (call.name == "materialize" || call.name == "view") {
    if (call.args.size() != 1) return Error(call.span, call.name + "() takes one tabular argument");
    return EvalTabular(*call.args[0], scope);
  }
  if (call.name == "table") {
    if (call.args.size() != 1) return Error(call.span, "table() takes the table's name");
    QUARRY_ASSIGN_OR_RETURN(Value v, EvalConstant(*call.args[0], scope));
    return ResolveTableName(v.ToString(), call.span, scope);
  }
  const ScopeEntry* entry = scope->Find(call.name);
  if (!entry || entry->kind != ScopeEntry::Kind::kFunction) {
    if (entry && entry->kind == ScopeEntry::Kind::kTabular && call.args.empty()) {
      return ResolveTableName(call.name, call.span, scope);
    }
    return Error(call.span, "unknown tabular function '" + call.name + "'");
  }
  const Statement& fn = *entry->function;
  auto inner = std::make_shared<Scope>(entry->function_scope.lock());
  size_t first = input && !fn.params.empty() && fn.params[0].tabular ? 1 : 0;
  std::vector<const Expr*> args;
  if (std::string why; !MatchCallArgs(call.args, fn.params, first, call.name, &args, &why)) {
    return Error(call.span, why);
  }
  for (size_t i = 0; i < fn.params.size(); ++i) {
    const Param& p = fn.params[i];
    ScopeEntry pe;
    if (i == 0 && input && p.tabular) {
      pe.kind = ScopeEntry::Kind::kTabular;
      pe.tabular = std::make_shared<TabularLet>();
      pe.tabular->cache = *input;
      inner->Set(p.name, std::move(pe));
      continue;
    }
    const Expr* arg = args[i];
    if (!arg) {
      if (!p.default_value) {
        return Error(call.span, call.name + "() is missing its argument '" + p.name + "'");
      }
      arg = p.default_value.get();
    }
    if (p.tabular) {
      QUARRY_ASSIGN_OR_RETURN(Rel r, EvalTabular(*arg, scope));
      pe.kind = ScopeEntry::Kind::kTabular;
      pe.tabular = std::make_shared<TabularLet>();
      pe.tabular->cache = r;
    } else {
      pe.kind = ScopeEntry::Kind::kScalar;
      QUARRY_ASSIGN_OR_RETURN(pe.scalar, BindConstant(*arg, scope));
      if (p.type && pe.scalar->type != *p.type) {
        QUARRY_ASSIGN_OR_RETURN(pe.scalar, Convert(pe.scalar, *p.type, arg->span));
      }
    }
    inner->Set(p.name, std::move(pe));
  }
  if (!fn.body || !fn.body->result) return Error(call.span, call.name + "() has an empty body");
  QUARRY_RETURN_IF_ERROR(RunStatements(*fn.body, inner));
  if (++depth_ > kMaxDepth) {
    --depth_;
    return Error(call.span, "the query nests functions too deeply (recursion?)");
  }
  auto r = EvalTabular(*fn.body->result, inner);
  --depth_;
  return r;
}

Result<Rel> Executor::RunPipeline(const Pipeline& p, const ScopePtr& scope, const Rel* input) {
  size_t next = 1;
  Rel rel;
  if (input) {
    rel = *input;
  } else {
    QUARRY_ASSIGN_OR_RETURN(rel, RunSource(p, &next, scope));
  }
  for (size_t i = next; i < p.ops.size(); ++i) {
    const Operator& op = p.ops[i];
    // `where ... | take N` with a literal N: the filter stops once it has N rows.
    if (op.kind == OpKind::kWhere && i + 1 < p.ops.size() && p.ops[i + 1].kind == OpKind::kTake) {
      const Expr& n = *p.ops[i + 1].expr;
      if (n.kind == ExprKind::kLiteral && n.value.type() == Type::kLong && !n.value.is_null() &&
          n.value.int_value() >= 0) {
        QUARRY_ASSIGN_OR_RETURN(
            rel, Where(op, std::move(rel), scope, static_cast<size_t>(n.value.int_value())));
        continue;
      }
    }
    QUARRY_ASSIGN_OR_RETURN(rel, RunOperator(op, std::move(rel), scope));
  }
  return rel;
}

Result<Rel> Executor::RunSource(const Pipeline& p, size_t* next, const ScopePtr& scope) {
  const Operator& op = p.ops[0];
  *next = 1;
  switch (op.kind) {
    case OpKind::kTable: return ScanTable(op, p, 1, scope);
    case OpKind::kDatatable: return Datatable(op, scope);
    case OpKind::kPrint: return Print(op, scope);
    case OpKind::kRange: return Range(op, scope);
    case OpKind::kUnion: return Union(op, nullptr, scope);
    case OpKind::kCallSource: return CallTabularFunction(*op.expr, scope, nullptr);
    case OpKind::kSearch: return Search(op, nullptr, scope);
    case OpKind::kExternal:
      return Error(op.span, op.name + " is not supported: Quarry never reads remote data from "
                            "a query (load the file with `quarry ingest` or --file instead)");
    default:
      return Error(op.span, "'" + op.name + "' is not supported as the start of a query");
  }
}

Result<Rel> Executor::RunOperator(const Operator& op, Rel in, const ScopePtr& scope) {
  switch (op.kind) {
    case OpKind::kWhere: return Where(op, std::move(in), scope);
    case OpKind::kProject: return ProjectExtend(op, std::move(in), scope, false, false);
    case OpKind::kExtend: return ProjectExtend(op, std::move(in), scope, true, true);
    case OpKind::kSerialize: return ProjectExtend(op, std::move(in), scope, true, true);
    case OpKind::kProjectAway:
    case OpKind::kProjectKeep:
    case OpKind::kProjectReorder:
      if (op.name == "project-by-names") return ProjectByNames(op, std::move(in), scope);
      return ProjectPatterns(op, std::move(in));
    case OpKind::kProjectRename: return ProjectRename(op, std::move(in));
    case OpKind::kSummarize: return Summarize(op, std::move(in), scope);
    case OpKind::kCount: return Count(std::move(in));
    case OpKind::kTake: return Take(op, std::move(in), scope);
    case OpKind::kTop: return Top(op, std::move(in), scope);
    case OpKind::kSort: return Sort(op, std::move(in), scope, std::nullopt);
    case OpKind::kDistinct: return Distinct(op, std::move(in), scope);
    case OpKind::kGetschema: return Getschema(std::move(in));
    case OpKind::kAs: {
      in.name = op.columns[0];  // union withsource reports the leg by this name
      ScopeEntry e;
      e.kind = ScopeEntry::Kind::kTabular;
      e.tabular = std::make_shared<TabularLet>();
      e.tabular->cache = in;
      scope->Set(op.columns[0], std::move(e));
      return in;
    }
    case OpKind::kRender:
      notes.push_back("render is ignored: Quarry returns the table, not a chart");
      return in;
    case OpKind::kConsume: return Rel{Table::Empty(Schema()), in.name};
    case OpKind::kJoin:
    case OpKind::kLookup: return Join(op, std::move(in), scope);
    case OpKind::kUnion: return Union(op, &in, scope);
    case OpKind::kMvExpand: return MvExpand(op, std::move(in), scope);
    case OpKind::kMvApply: return MvApply(op, std::move(in), scope);
    case OpKind::kParse:
    case OpKind::kParseWhere: return Parse(op, std::move(in), scope);
    case OpKind::kParseKv: return ParseKv(op, std::move(in), scope);
    case OpKind::kMakeSeries: return MakeSeries(op, std::move(in), scope);
    case OpKind::kTopNested: return TopNested(op, std::move(in), scope);
    case OpKind::kSample:
    case OpKind::kSampleDistinct: return Sample(op, std::move(in), scope);
    case OpKind::kSearch: return Search(op, &in, scope);
    case OpKind::kEvaluate: return Evaluate(op, std::move(in), scope);
    case OpKind::kInvoke: {
      if (!op.expr || op.expr->kind != ExprKind::kCall) {
        return Error(op.span, "invoke needs a function call, like `invoke f()`");
      }
      return CallTabularFunction(*op.expr, scope, &in);
    }
    default:
      return Error(op.span, "the '" + op.name + "' operator is not supported by Quarry yet");
  }
}

}  // namespace quarry::kql
