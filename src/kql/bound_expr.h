// BoundExpr: a scalar expression resolved against a row schema, ready to evaluate over a table
// in one vectorized pass (columns in, one column or scalar out).
//
// Built by the executor's binder; immutable afterwards and safe to evaluate from many threads
// at once (kernels are pure functions of their arguments).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "kql/diagnostic.h"
#include "kql/function_registry.h"
#include "table/table.h"

namespace quarry::kql {

struct BoundExpr;
using BoundExprPtr = std::shared_ptr<const BoundExpr>;

enum class BoundKind {
  kColumn,     // input column `column`
  kConstant,   // `constant`
  kCall,       // kernel(args)
  kRowNumber,    // row_number([start [, restart]]): start in `offset`, args[0] optional restart
  kPrev,         // prev(args[0], offset, default)
  kNext,         // next(args[0], offset, default)
  kRowCumsum,    // row_cumsum(args[0])
  kRowRankDense, // row_rank_dense(args[0] [, args[1] restart])
  kRowRankMin,   // row_rank_min(args[0] [, args[1] restart])
  kRowWindowSession,  // row_window_session(args[0] time, args[1], args[2] [, args[3] restart])
};

struct BoundExpr {
  BoundKind kind = BoundKind::kConstant;
  Type type = Type::kLong;
  Span span;
  size_t column = 0;
  Value constant;
  std::string name;  // function name (for messages)
  ScalarKernel kernel;
  std::vector<BoundExprPtr> args;
  int64_t offset = 1;  // prev/next offset, row_number start
  Value fallback;      // prev/next default

  bool is_constant() const { return kind == BoundKind::kConstant; }
};

BoundExprPtr MakeConstantExpr(Value v, Span span);
BoundExprPtr MakeColumnExpr(size_t column, Type type, Span span);

// Evaluates over every row of `input`. REQUIRES: `e` was bound against input's schema.
Result<Datum> Evaluate(const BoundExpr& e, const Table& input, const EvalContext& ctx);

// A Datum as a column of `rows` rows (scalars broadcast).
ColumnPtr DatumToColumn(const Datum& d, size_t rows);

// Value at row i of a datum (scalar: the scalar).
Value DatumValue(const Datum& d, size_t i);

}  // namespace quarry::kql
