#include "kql/bound_expr.h"

namespace quarry::kql {

BoundExprPtr MakeConstantExpr(Value v, Span span) {
  auto e = std::make_shared<BoundExpr>();
  e->kind = BoundKind::kConstant;
  e->type = v.type();
  e->constant = std::move(v);
  e->span = span;
  return e;
}

BoundExprPtr MakeColumnExpr(size_t column, Type type, Span span) {
  auto e = std::make_shared<BoundExpr>();
  e->kind = BoundKind::kColumn;
  e->column = column;
  e->type = type;
  e->span = span;
  return e;
}

ColumnPtr DatumToColumn(const Datum& d, size_t rows) {
  if (!d.is_scalar()) return d.column;
  return Column::MakeConstant(d.scalar, rows);
}

Value DatumValue(const Datum& d, size_t i) {
  return d.is_scalar() ? d.scalar : d.column->GetValue(i);
}

namespace {

Result<Datum> EvaluateWindow(const BoundExpr& e, const Table& input, const EvalContext& ctx) {
  size_t n = input.num_rows();
  // The optional restart predicate: a true row starts a new partition (row 0 always does).
  size_t restart_arg = e.kind == BoundKind::kRowNumber          ? 0
                       : e.kind == BoundKind::kRowWindowSession ? 3
                                                                : 1;
  ColumnPtr restart;
  if (e.args.size() > restart_arg) {
    QUARRY_ASSIGN_OR_RETURN(Datum r, Evaluate(*e.args[restart_arg], input, ctx));
    restart = DatumToColumn(r, n);
  }
  auto restarts = [&](size_t i) {
    return i == 0 || (restart && !restart->IsNull(i) && restart->GetValue(i).bool_value());
  };
  if (e.kind == BoundKind::kRowNumber) {
    ColumnBuilder b(Type::kLong);
    b.Reserve(n);
    int64_t next = e.offset;
    for (size_t i = 0; i < n; ++i) {
      if (restarts(i)) next = e.offset;
      b.AppendLong(next++);
    }
    return Datum::Of(b.Finish());
  }
  QUARRY_ASSIGN_OR_RETURN(Datum arg, Evaluate(*e.args[0], input, ctx));
  if (e.kind == BoundKind::kRowRankDense || e.kind == BoundKind::kRowRankMin) {
    // Rows come in their serialized order; the rank grows where the value changes.
    ColumnPtr c = DatumToColumn(arg, n);
    ColumnBuilder b(Type::kLong);
    b.Reserve(n);
    int64_t rank = 1, position = 1;
    for (size_t i = 0; i < n; ++i) {
      if (restarts(i)) {
        rank = 1;
        position = 1;
      } else {
        bool same = c->IsNull(i) == c->IsNull(i - 1) &&
                    (c->IsNull(i) || c->GetValue(i) == c->GetValue(i - 1));
        if (!same) rank = e.kind == BoundKind::kRowRankDense ? rank + 1 : position;
      }
      b.AppendLong(rank);
      ++position;
    }
    return Datum::Of(b.Finish());
  }
  if (e.kind == BoundKind::kRowWindowSession) {
    // A session starts at a restart, at a null time, or when the time is more than args[1] past
    // the session's first row or more than args[2] past the previous row.
    ColumnPtr times = DatumToColumn(arg, n);
    QUARRY_ASSIGN_OR_RETURN(Datum from_first, Evaluate(*e.args[1], input, ctx));
    QUARRY_ASSIGN_OR_RETURN(Datum between, Evaluate(*e.args[2], input, ctx));
    ColumnBuilder b(Type::kDatetime);
    b.Reserve(n);
    std::optional<int64_t> start, previous;
    for (size_t i = 0; i < n; ++i) {
      if (times->IsNull(i)) {
        b.AppendNull();
        start = previous = std::nullopt;
        continue;
      }
      int64_t t = times->GetValue(i).int_value();
      Value first_limit = DatumValue(from_first, i), gap_limit = DatumValue(between, i);
      bool fresh = restarts(i) || !start ||
                   (!first_limit.is_null() && t - *start > first_limit.int_value()) ||
                   (!gap_limit.is_null() && t - *previous > gap_limit.int_value());
      if (fresh) start = t;
      previous = t;
      b.AppendLong(*start);
    }
    return Datum::Of(b.Finish());
  }
  if (e.kind == BoundKind::kRowCumsum) {
    ColumnPtr c = DatumToColumn(arg, n);
    ColumnBuilder b(e.type);
    b.Reserve(n);
    if (e.type == Type::kReal || e.type == Type::kDecimal) {
      double sum = 0;
      for (size_t i = 0; i < n; ++i) {
        if (!c->IsNull(i)) sum += c->reals()[i];
        b.AppendReal(sum);
      }
    } else {
      int64_t sum = 0;
      for (size_t i = 0; i < n; ++i) {
        if (!c->IsNull(i)) sum += c->type() == Type::kInt ? c->ints()[i] : c->longs()[i];
        if (e.type == Type::kInt) b.AppendInt(static_cast<int32_t>(sum));
        else b.AppendLong(sum);
      }
    }
    return Datum::Of(b.Finish());
  }
  ColumnPtr c = DatumToColumn(arg, n);
  ColumnBuilder b(e.type);
  b.Reserve(n);
  int64_t shift = e.kind == BoundKind::kPrev ? -e.offset : e.offset;
  for (size_t i = 0; i < n; ++i) {
    int64_t j = static_cast<int64_t>(i) + shift;
    if (j < 0 || j >= static_cast<int64_t>(n)) {
      b.AppendValue(e.fallback.is_null() ? Value::Null(e.type) : e.fallback);
    } else {
      b.AppendFrom(*c, static_cast<size_t>(j));
    }
  }
  return Datum::Of(b.Finish());
}

}  // namespace

Result<Datum> Evaluate(const BoundExpr& e, const Table& input, const EvalContext& ctx) {
  switch (e.kind) {
    case BoundKind::kColumn: return Datum::Of(input.column(e.column));
    case BoundKind::kConstant: return Datum::Scalar(e.constant);
    case BoundKind::kCall: {
      std::vector<Datum> args;
      args.reserve(e.args.size());
      for (const auto& a : e.args) {
        QUARRY_ASSIGN_OR_RETURN(Datum d, Evaluate(*a, input, ctx));
        args.push_back(std::move(d));
      }
      return e.kernel(args, ctx);
    }
    default: return EvaluateWindow(e, input, ctx);
  }
}

}  // namespace quarry::kql
