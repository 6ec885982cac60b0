// The KQL function library's contract with the binder and executor.
//
// Every scalar function AND every scalar operator (==, !=, <, +, -, *, /, %, unary -, and, or,
// not, has, !has, has_cs, contains, startswith, matches regex, in, !in, in~, !in~, has_any,
// has_all, between, !between, =~, !~ ...; operators are registered under their KQL spelling) is a
// ScalarFunction: a binder that checks argument types (and constant arguments) and picks a
// vectorized kernel. Every aggregation (count, sum, dcount, make_set, arg_max, ...) is an
// AggregateFunction producing per-group states. Function metadata (parameters, return type,
// description, example) lives in data/kql/functions.tsv so `quarry functions` and the docs come
// from one place.
//
// The registry is built once (Get()) and read-only afterwards: thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "table/column.h"
#include "table/value.h"

namespace quarry::kql {

// An argument or result: a whole column, or one scalar broadcast to every row.
struct Datum {
  ColumnPtr column;  // null when scalar
  Value scalar;
  bool is_scalar() const { return column == nullptr; }
  Type type() const { return column ? column->type() : scalar.type(); }
  static Datum Scalar(Value v) { return Datum{nullptr, std::move(v)}; }
  static Datum Of(ColumnPtr c) { return Datum{std::move(c), Value()}; }
};

// What the binder knows of an argument: its type, and its value when it is a constant.
struct ArgInfo {
  Type type;
  std::optional<Value> constant;
};

struct EvalContext {
  size_t num_rows = 0;  // rows of the batch (a scalar-only call still yields this many, or 1)
  int64_t now_ticks = 0;  // now(), pinned once per query (--now)
};

using ScalarKernel = std::function<Result<Datum>(std::span<const Datum> args, const EvalContext&)>;

struct ScalarBinding {
  Type return_type;
  ScalarKernel kernel;
  bool deterministic = true;  // false for rand(), new_guid(): never constant-folded
};

// Returns the binding for these argument types, or InvalidArgument saying what was expected
// ("strlen(): argument 1 must be string, got long").
using ScalarBinder = std::function<Result<ScalarBinding>(std::span<const ArgInfo> args)>;

// One aggregation's running state over all groups of a summarize.
class AggregateState {
 public:
  virtual ~AggregateState() = default;
  // Folds rows into groups: row r of `args` goes to group group_ids[r]. `num_groups` is the
  // number of groups seen so far (states grow as needed). `rows` selects which rows of args to
  // use (nullptr: all args rows, in order, matching group_ids).
  virtual void Update(std::span<const Datum> args, std::span<const uint32_t> group_ids,
                      size_t num_groups) = 0;
  // Folds another state of the same aggregation into this one: other's group g joins this
  // state's group into[g] (REQUIRES: into.size() covers other's groups; every into[g] <
  // num_groups). Partial states of consecutive row ranges merged in row order give what one
  // Update over all the rows gives (see AggregateBinding::exact_merge).
  virtual void Merge(AggregateState& other, std::span<const uint32_t> into, size_t num_groups) = 0;
  // One column per output (most have one; arg_max(x, a, b) has three), num_groups rows each.
  virtual Result<std::vector<ColumnPtr>> Finish(size_t num_groups) = 0;
};

struct AggregateBinding {
  std::vector<Type> return_types;  // one per output column
  std::function<std::unique_ptr<AggregateState>()> make_state;
  // True when merging partial states (in row order) gives bit-for-bit the result of one pass;
  // false when it may differ in rounding (floating-point sums), so the executor aggregates such
  // a summarize in one pass.
  bool exact_merge = true;
};

using AggregateBinder = std::function<Result<AggregateBinding>(std::span<const ArgInfo> args)>;

// Metadata row from data/kql/functions.tsv.
struct FunctionInfo {
  std::string name;
  std::string kind;        // "scalar", "aggregate", "operator"
  std::string signature;   // "strlen(source: string): long"
  std::string description;
  std::string example;
};

class FunctionRegistry {
 public:
  // The process-wide registry with every built-in function.
  static const FunctionRegistry& Get();

  void AddScalar(std::string name, ScalarBinder binder);
  void AddAggregate(std::string name, AggregateBinder binder);

  // Names are matched exactly (KQL function names are case-sensitive); aliases (iif/iff,
  // makeset/make_set, todouble/toreal, ...) are registered as names of their own.
  const ScalarBinder* FindScalar(std::string_view name) const;
  const AggregateBinder* FindAggregate(std::string_view name) const;
  bool IsAggregate(std::string_view name) const { return FindAggregate(name) != nullptr; }

  const std::vector<FunctionInfo>& Infos() const { return infos_; }
  void SetInfos(std::vector<FunctionInfo> infos) { infos_ = std::move(infos); }
  std::vector<std::string> ScalarNames() const;
  std::vector<std::string> AggregateNames() const;

 private:
  std::vector<std::pair<std::string, ScalarBinder>> scalars_;      // sorted by name
  std::vector<std::pair<std::string, AggregateBinder>> aggregates_;  // sorted by name
  std::vector<FunctionInfo> infos_;
};

}  // namespace quarry::kql
