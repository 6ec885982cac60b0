// Internal to the engine: the per-query Executor (binder + operator implementations), shared by
// executor.cc, binder.cc and the ops_*.cc files. One Executor per Run(); not thread-safe itself
// (morsel workers it starts only read bound expressions and immutable tables).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kql/ast.h"
#include "kql/bound_expr.h"
#include "kql/catalog.h"
#include "kql/engine.h"
#include "kql/function_registry.h"
#include "kql/morsels.h"

namespace quarry::kql {

class Scope;
using ScopePtr = std::shared_ptr<Scope>;

// An intermediate result: a table and the name errors call it by ("DeviceLogonEvents").
struct Rel {
  TablePtr table;
  std::string name;
};

// A let's and a function's defining scope are held weakly: the entry lives in that very scope,
// and a strong reference back would be a cycle that never frees the query's scopes. The scope
// outlives every use (a query's statements run while its scope is held).
struct TabularLet {
  ExprPtr expr;
  std::weak_ptr<Scope> scope;
  bool materialize = false;
  std::optional<Rel> cache;
};

struct ScopeEntry {
  enum class Kind { kScalar, kTabular, kFunction, kPattern };
  Kind kind = Kind::kScalar;
  BoundExprPtr scalar;
  std::shared_ptr<TabularLet> tabular;
  const Statement* function = nullptr;  // a let function's or a declare pattern's statement
  std::weak_ptr<Scope> function_scope;
};

class Scope {
 public:
  explicit Scope(ScopePtr parent) : parent_(std::move(parent)) {}
  const ScopeEntry* Find(std::string_view name) const {
    auto it = entries_.find(std::string(name));
    if (it != entries_.end()) return &it->second;
    return parent_ ? parent_->Find(name) : nullptr;
  }
  void Set(const std::string& name, ScopeEntry entry) { entries_[name] = std::move(entry); }
  void CollectNames(std::vector<std::string>* out) const {
    for (const auto& [k, v] : entries_) out->push_back(k);
    if (parent_) parent_->CollectNames(out);
  }

 private:
  ScopePtr parent_;
  std::map<std::string, ScopeEntry> entries_;
};

// What a scalar expression may refer to while being bound.
struct RowContext {
  const Schema* schema = nullptr;
  std::string_view table_name;
  ScopePtr scope;
  bool allow_window = false;  // row_number/prev/next/row_cumsum (serialize, extend on serialized)
  // pack_all() packs the first this many columns: in an extend, its input's, not the ones
  // the same extend adds before it.
  size_t pack_all_columns = static_cast<size_t>(-1);
};

// One aggregation of a summarize/make-series, bound.
struct BoundAggregate {
  std::string function;
  std::vector<BoundExprPtr> args;
  AggregateBinding binding;
  std::vector<std::string> names;  // one per output column
};

class Executor {
 public:
  Executor(const Catalog& catalog, const FunctionRegistry& registry, std::string_view text,
           const QueryOptions& options);

  Result<Rel> RunQuery(const Query& q);

  std::vector<std::string> notes;
  ScanStats stats;
  std::optional<Diagnostic> diagnostic;

  // ---- executor.cc ----
  Status RunStatements(const Query& q, const ScopePtr& scope);
  // An error when a query's final expression `e` is a scalar, not a table.
  Status RejectScalarResult(const Expr& e, const ScopePtr& scope);
  Result<Rel> EvalTabular(const Expr& e, const ScopePtr& scope);
  Result<Rel> RunPipeline(const Pipeline& p, const ScopePtr& scope, const Rel* input = nullptr);
  Result<Rel> RunSource(const Pipeline& p, size_t* next, const ScopePtr& scope);
  Result<Rel> RunOperator(const Operator& op, Rel in, const ScopePtr& scope);
  Result<Rel> ScanTable(const Operator& op, const Pipeline& p, size_t next,
                        const ScopePtr& scope);
  std::vector<std::string> ColumnsNeeded(const Pipeline& p, size_t next, const Schema& schema) const;
  Result<Rel> ResolveTableName(const std::string& name, Span span, const ScopePtr& scope);
  Result<Rel> CallTabularFunction(const Expr& call, const ScopePtr& scope, const Rel* input);
  // ---- pattern_invoke.cc ----
  // The pattern `e` invokes (`P(...)`, `P(...).path`, `P(...).["path"]`, or `P`), else null.
  static const ScopeEntry* FindPattern(const Expr& e, const ScopePtr& scope);
  // Runs the mapping of `pattern` that the invocation `e` selects.
  Result<Rel> InvokePattern(const Expr& e, const ScopeEntry& pattern, const ScopePtr& scope);
  TablePtr WithStandardColumns(const TablePtr& table) const;
  Status Error(Span span, std::string message);
  Status Wrap(Span span, const Status& s);
  EvalContext Context(size_t rows) const;
  // How `rows` rows are split across this query's threads (morsels.h).
  std::vector<Morsel> Morsels(size_t rows) const;

  // ---- binder.cc ----
  Result<BoundExprPtr> Bind(const Expr& e, const RowContext& ctx);
  Result<BoundExprPtr> BindCall(const Expr& e, const RowContext& ctx);
  Result<BoundExprPtr> BindFunctionCall(const Expr& e, const ScopeEntry& fn, const RowContext& ctx);
  Result<BoundExprPtr> BindName(const Expr& e, const RowContext& ctx);
  Result<BoundExprPtr> BindPackColumns(const Expr& e, const RowContext& ctx);
  Result<BoundExprPtr> BindRegistryCall(const std::string& name, Span span,
                                        std::vector<BoundExprPtr> args);
  Result<BoundExprPtr> BindTabularArg(const Expr& e, const RowContext& ctx, bool scalar);
  Result<BoundExprPtr> BindConstant(const Expr& e, const ScopePtr& scope);
  Result<Value> EvalConstant(const Expr& e, const ScopePtr& scope);
  Result<BoundExprPtr> Convert(BoundExprPtr e, Type to, Span span);
  std::string ColumnNotFound(std::string_view name, const RowContext& ctx);

  // ---- ops_basic.cc ----
  // With `limit` (`where ... | take N`), the filter may stop early: the rows returned begin with
  // the first `limit` rows that pass, in order (all of them when fewer pass).
  Result<Rel> Where(const Operator& op, Rel in, const ScopePtr& scope,
                    std::optional<size_t> limit = std::nullopt);
  Result<Rel> ProjectExtend(const Operator& op, Rel in, const ScopePtr& scope, bool extend,
                            bool window);
  Result<Rel> ProjectPatterns(const Operator& op, Rel in);
  Result<Rel> ProjectByNames(const Operator& op, Rel in, const ScopePtr& scope);
  Result<Rel> ProjectRename(const Operator& op, Rel in);
  Result<Rel> Take(const Operator& op, Rel in, const ScopePtr& scope);
  Result<Rel> Sort(const Operator& op, Rel in, const ScopePtr& scope, std::optional<int64_t> limit);
  Result<Rel> Top(const Operator& op, Rel in, const ScopePtr& scope);
  Result<Rel> Distinct(const Operator& op, Rel in, const ScopePtr& scope);
  Result<Rel> Getschema(Rel in);
  Result<Rel> Sample(const Operator& op, Rel in, const ScopePtr& scope);
  Result<Rel> Datatable(const Operator& op, const ScopePtr& scope);
  Result<Rel> Print(const Operator& op, const ScopePtr& scope);
  Result<Rel> Range(const Operator& op, const ScopePtr& scope);
  Result<int64_t> EvalCount(const Expr& e, const ScopePtr& scope, std::string_view what);

  // ---- ops_summarize.cc ----
  Result<Rel> Summarize(const Operator& op, Rel in, const ScopePtr& scope);
  Result<BoundAggregate> BindAggregate(const Expr& call, const RowContext& ctx,
                                       const std::vector<std::string>& exclude_star);
  Result<Rel> Count(Rel in);

  // ---- ops_join.cc ----
  Result<Rel> Join(const Operator& op, Rel in, const ScopePtr& scope);
  Result<Rel> Union(const Operator& op, const Rel* in, const ScopePtr& scope);

  // ---- ops_dynamic.cc ----
  Result<Rel> MvExpand(const Operator& op, Rel in, const ScopePtr& scope);
  Result<Rel> Parse(const Operator& op, Rel in, const ScopePtr& scope);
  Result<Rel> ParseKv(const Operator& op, Rel in, const ScopePtr& scope);  // ops_parse_kv.cc
  Result<Rel> Evaluate(const Operator& op, Rel in, const ScopePtr& scope);
  Result<Rel> IpLookup(const Expr& call, Rel in, const ScopePtr& scope);  // ops_ip_lookup.cc
  // ops_plugin_args.cc: arguments the evaluate plugins share.
  // Arguments `which` of `call` evaluated over every row of `in`, as columns.
  Result<std::vector<ColumnPtr>> ArgColumns(const Expr& call, const Rel& in,
                                            const ScopePtr& scope,
                                            std::initializer_list<size_t> which);
  // Arguments 0 and 1 as the id and (datetime) time columns of an activity plugin.
  Result<std::vector<ColumnPtr>> IdAndTimeColumns(const Expr& call, const Rel& in,
                                                  const ScopePtr& scope,
                                                  std::string_view plugin);
  // The input columns `args` name (a plugin's trailing dimension arguments).
  Result<std::vector<size_t>> DimensionColumns(std::span<const ExprPtr> args, const Table& t,
                                               std::string_view plugin);
  // ops_window_plugins.cc
  Result<Rel> RowsNear(const Expr& call, Rel in, const ScopePtr& scope);
  Result<Rel> RollingPercentile(const Expr& call, Rel in, const ScopePtr& scope);
  Result<Rel> SlidingWindowCounts(const Expr& call, Rel in, const ScopePtr& scope);
  Result<Rel> ActivityCountsMetrics(const Expr& call, Rel in, const ScopePtr& scope);
  // ops_dcount_intersect.cc
  Result<Rel> DcountIntersect(const Expr& call, Rel in, const ScopePtr& scope);
  // ops_activity_plugins.cc
  struct ActivityWindows;
  Result<ActivityWindows> GroupActivity(const Expr& call, const Rel& in, const ScopePtr& scope,
                                        const std::vector<ExprPtr>& dim_args);
  Result<Rel> ActivityMetrics(const Expr& call, Rel in, const ScopePtr& scope);
  Result<Rel> NewActivityMetrics(const Expr& call, Rel in, const ScopePtr& scope);
  Result<Rel> ActiveUsersCount(const Expr& call, Rel in, const ScopePtr& scope);
  // ops_schema_merge.cc
  Result<Rel> SchemaMerge(const Expr& call, Rel in, const ScopePtr& scope);
  Result<Rel> Search(const Operator& op, const Rel* in, const ScopePtr& scope);
  Result<Rel> MvApply(const Operator& op, Rel in, const ScopePtr& scope);

  // ---- ops_series.cc ----
  Result<Rel> MakeSeries(const Operator& op, Rel in, const ScopePtr& scope);
  Result<Rel> TopNested(const Operator& op, Rel in, const ScopePtr& scope);

  const Catalog& catalog_;
  const FunctionRegistry& registry_;
  std::string_view text_;
  QueryOptions options_;
  int64_t now_ticks_ = 0;
  int threads_ = 1;  // resolved from options_.threads (ResolveThreadCount)
  int depth_ = 0;
  // Scans read only the columns a query can use (see ColumnsNeeded); Engine::Run turns this off
  // to re-run a failing query, so its error is reported against the table's full schema.
  bool prune_columns_ = true;
};

// Helpers shared by the operator files (ops_util.cc).
std::string UniqueName(const std::string& base, const std::vector<std::string>& taken);
// Kusto's default name for an unnamed expression: the column it is, `a_b` for `a.b`, the
// argument's name through a conversion (tostring(x) -> x), else "".
std::string DefaultColumnName(const Expr& e);
// tostring, toint, todatetime, ...: the conversions a default name passes through.
bool IsConversion(std::string_view name);
// Builds a table from names and columns (all of `rows` rows).
TablePtr MakeTable(std::vector<std::string> names, std::vector<ColumnPtr> columns, size_t rows);
// Rows of `t` at `indices`.
TablePtr GatherRows(const Table& t, std::span<const uint32_t> indices);
// Simple wildcard match ('*' any run of characters).
bool WildcardMatch(std::string_view pattern, std::string_view text);
// Converts a value to `type` for datatable cells and defaults; nullopt when it can't be.
std::optional<Value> CoerceValue(const Value& v, Type type);

}  // namespace quarry::kql
