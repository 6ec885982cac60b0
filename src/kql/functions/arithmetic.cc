// Arithmetic operators + - * / % and unary minus ("__neg") with Kusto's promotion rules:
// integral operands compute in long (int + int can exceed int), any real makes real, decimal
// wins over real; datetime - datetime = timespan, datetime +- timespan = datetime, timespan
// scales by numbers, timespan / timespan = real. Integer / truncates toward zero; % takes the
// sign of neither operand (the result is in [0, |divisor|)); division by zero is null for
// integers and IEEE for reals.
#include <fmt/core.h>

#include <cmath>
#include <limits>

#include "kql/functions/builtin_functions.h"
#include "kql/functions/kernel_util.h"
#include "kql/functions/numeric_access.h"

namespace quarry::kql::fn {
namespace {

enum class ArOp { kAdd, kSub, kMul, kDiv, kMod };

// How the two operands are combined and what comes out.
enum class Domain {
  kLong,            // integral math on int64 (also datetime/timespan ticks)
  kReal,            // IEEE double
  kSpanTimesReal,   // timespan * number, number * timespan, timespan / number
  kSpanRatio,       // timespan / timespan -> real
};

inline bool LongOp(ArOp op, int64_t x, int64_t y, int64_t* out) {
  auto ux = static_cast<uint64_t>(x), uy = static_cast<uint64_t>(y);
  switch (op) {
    case ArOp::kAdd: *out = static_cast<int64_t>(ux + uy); return true;
    case ArOp::kSub: *out = static_cast<int64_t>(ux - uy); return true;
    case ArOp::kMul: *out = static_cast<int64_t>(ux * uy); return true;
    case ArOp::kDiv:
      if (y == 0) return false;
      if (y == -1) {
        *out = static_cast<int64_t>(0 - ux);
        return true;
      }
      *out = x / y;
      return true;
    case ArOp::kMod: {
      if (y == 0) return false;
      if (y == -1 || y == 1) {
        *out = 0;
        return true;
      }
      int64_t m = y < 0 ? -y : y;
      int64_t r = x % m;
      *out = r < 0 ? r + m : r;
      return true;
    }
  }
  return false;
}

inline double RealOp(ArOp op, double x, double y) {
  switch (op) {
    case ArOp::kAdd: return x + y;
    case ArOp::kSub: return x - y;
    case ArOp::kMul: return x * y;
    case ArOp::kDiv: return x / y;
    case ArOp::kMod: {
      double m = std::fabs(y);
      double r = std::fmod(x, m);
      return r < 0 ? r + m : r;
    }
  }
  return 0;
}

template <typename A, typename B>
ColumnPtr LongLoop(ArOp op, size_t n, A a, B b, const Datum& da, const Datum& db, Type out) {
  ColumnBuilder builder(out);
  builder.Reserve(n);
  bool nulls = HasNulls(da) || HasNulls(db);
  for (size_t i = 0; i < n; ++i) {
    int64_t r;
    if ((nulls && AnyNullAt(da, db, i)) || !LongOp(op, a(i), b(i), &r)) {
      builder.AppendNull();
    } else {
      builder.AppendLong(r);
    }
  }
  return builder.Finish();
}

template <typename A, typename B>
ColumnPtr RealLoop(ArOp op, size_t n, A a, B b, const Datum& da, const Datum& db, Type out) {
  ColumnBuilder builder(out);
  builder.Reserve(n);
  bool nulls = HasNulls(da) || HasNulls(db);
  for (size_t i = 0; i < n; ++i) {
    if (nulls && AnyNullAt(da, db, i)) {
      builder.AppendNull();
    } else {
      builder.AppendReal(RealOp(op, static_cast<double>(a(i)), static_cast<double>(b(i))));
    }
  }
  return builder.Finish();
}

// timespan (ticks) combined with a number: * scales, / divides; result in ticks.
template <typename A, typename B>
ColumnPtr SpanScaleLoop(ArOp op, size_t n, A a, B b, const Datum& da, const Datum& db) {
  ColumnBuilder builder(Type::kTimespan);
  builder.Reserve(n);
  for (size_t i = 0; i < n; ++i) {
    double x = static_cast<double>(a(i)), y = static_cast<double>(b(i));
    double r = op == ArOp::kMul ? x * y : x / y;
    if (AnyNullAt(da, db, i) || !std::isfinite(r) || std::fabs(r) > 9.2e18) {
      builder.AppendNull();
    } else {
      builder.AppendLong(static_cast<int64_t>(std::llround(r)));
    }
  }
  return builder.Finish();
}

Result<Datum> Evaluate(ArOp op, Domain domain, Type out, const Datum& a, const Datum& b) {
  bool all_scalar = a.is_scalar() && b.is_scalar();
  if ((a.is_scalar() && a.scalar.is_null()) || (b.is_scalar() && b.scalar.is_null())) {
    return Datum::Scalar(Value::Null(out));
  }
  size_t n = a.is_scalar() ? (b.is_scalar() ? 1 : b.column->size()) : a.column->size();
  ColumnPtr col;
  switch (domain) {
    case Domain::kLong:
      col = std::visit([&](auto x, auto y) { return LongLoop(op, n, x, y, a, b, out); },
                       IntegralAccessOf(a), IntegralAccessOf(b));
      break;
    case Domain::kReal:
      col = std::visit([&](auto x, auto y) { return RealLoop(op, n, x, y, a, b, out); },
                       NumericAccessOf(a), NumericAccessOf(b));
      break;
    case Domain::kSpanTimesReal:
      col = std::visit([&](auto x, auto y) { return SpanScaleLoop(op, n, x, y, a, b); },
                       NumericAccessOf(a), NumericAccessOf(b));
      break;
    case Domain::kSpanRatio:
      col = std::visit(
          [&](auto x, auto y) { return RealLoop(ArOp::kDiv, n, x, y, a, b, Type::kReal); },
          NumericAccessOf(a), NumericAccessOf(b));
      break;
  }
  return ResultOf(std::move(col), all_scalar);
}

struct Plan {
  Domain domain;
  Type out;
  Type coerce_a, coerce_b;  // operands are converted to these first (dynamic -> real, ...)
};

std::optional<Plan> PlanFor(ArOp op, Type a, Type b) {
  auto num = [](Type t) { return IsNumeric(t) || t == Type::kDynamic; };
  if (num(a) && num(b)) {
    Type ca = a == Type::kDynamic ? Type::kReal : a;
    Type cb = b == Type::kDynamic ? Type::kReal : b;
    if (IsIntegral(ca) && IsIntegral(cb)) return Plan{Domain::kLong, Type::kLong, ca, cb};
    Type out = PromoteNumeric(ca, cb);
    return Plan{Domain::kReal, out, ca, cb};
  }
  const Type dt = Type::kDatetime, ts = Type::kTimespan;
  switch (op) {
    case ArOp::kAdd:
      if ((a == dt && b == ts) || (a == ts && b == dt)) return Plan{Domain::kLong, dt, a, b};
      if (a == ts && b == ts) return Plan{Domain::kLong, ts, a, b};
      break;
    case ArOp::kSub:
      if (a == dt && b == dt) return Plan{Domain::kLong, ts, a, b};
      if (a == dt && b == ts) return Plan{Domain::kLong, dt, a, b};
      if (a == ts && b == ts) return Plan{Domain::kLong, ts, a, b};
      break;
    case ArOp::kMul:
      if (a == ts && num(b)) {
        return Plan{Domain::kSpanTimesReal, ts, a, b == Type::kDynamic ? Type::kReal : b};
      }
      if (num(a) && b == ts) {
        return Plan{Domain::kSpanTimesReal, ts, a == Type::kDynamic ? Type::kReal : a, b};
      }
      break;
    case ArOp::kDiv:
      if (a == ts && b == ts) return Plan{Domain::kSpanRatio, Type::kReal, a, b};
      if (a == ts && num(b)) {
        return Plan{Domain::kSpanTimesReal, ts, a, b == Type::kDynamic ? Type::kReal : b};
      }
      break;
    case ArOp::kMod:
      if (a == ts && b == ts) return Plan{Domain::kLong, ts, a, b};
      if (a == dt && b == ts) return Plan{Domain::kLong, ts, a, b};
      break;
  }
  return std::nullopt;
}

ScalarBinder MakeArithmetic(std::string name, ArOp op) {
  return [name, op](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 2, 2));
    auto plan = PlanFor(op, args[0].type, args[1].type);
    if (!plan) {
      return InvalidArgument(fmt::format("operator '{}' cannot be applied to {} and {}", name,
                                         TypeName(args[0].type), TypeName(args[1].type)));
    }
    Plan p = *plan;
    ScalarKernel kernel = [op, p](std::span<const Datum> in, const EvalContext&) {
      Datum a = CoerceDatum(in[0], p.coerce_a);
      Datum b = CoerceDatum(in[1], p.coerce_b);
      return Evaluate(op, p.domain, p.out, a, b);
    };
    return ScalarBinding{p.out, std::move(kernel)};
  };
}

Result<ScalarBinding> BindNegate(std::span<const ArgInfo> args) {
  QUARRY_RETURN_IF_ERROR(CheckArgCount("-", args, 1, 1));
  Type t = args[0].type;
  if (!IsNumeric(t) && t != Type::kTimespan) {
    return InvalidArgument(
        fmt::format("unary '-' needs a number or a timespan, got {}", TypeName(t)));
  }
  ScalarKernel kernel = [t](std::span<const Datum> in, const EvalContext&) -> Result<Datum> {
    return MapRows(in, t, [t](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
      if (v[0].IsNull(i)) {
        b.AppendNull();
      } else if (t == Type::kReal || t == Type::kDecimal) {
        b.AppendReal(-v[0].Real(i));
      } else if (t == Type::kInt) {
        b.AppendInt(static_cast<int32_t>(0u - static_cast<uint32_t>(v[0].Long(i))));
      } else {
        b.AppendLong(static_cast<int64_t>(0 - static_cast<uint64_t>(v[0].Long(i))));
      }
    });
  };
  return ScalarBinding{t, std::move(kernel)};
}

}  // namespace

void RegisterArithmetic(FunctionRegistry& r) {
  r.AddScalar("+", MakeArithmetic("+", ArOp::kAdd));
  r.AddScalar("-", MakeArithmetic("-", ArOp::kSub));
  r.AddScalar("*", MakeArithmetic("*", ArOp::kMul));
  r.AddScalar("/", MakeArithmetic("/", ArOp::kDiv));
  r.AddScalar("%", MakeArithmetic("%", ArOp::kMod));
  r.AddScalar("__neg", BindNegate);
}

}  // namespace quarry::kql::fn
