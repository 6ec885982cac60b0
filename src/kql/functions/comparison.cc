// Comparison operators: == != <> < <= > >= =~ !~ over numbers (with promotion), datetimes,
// timespans, bools, strings, guids and dynamic values. A null operand (other than a string, which
// Kusto reads as "") makes an ordering comparison null, so `where` drops the row; as in Kusto,
// `==` of a null with a non-null value is false and `!=` is true (both null: null). A string
// equals a number when it is the number's text; bools compare with numbers as 0 and 1.
#include <fmt/core.h>

#include <cmath>

#include "kql/functions/builtin_functions.h"
#include "kql/functions/kernel_util.h"
#include "kql/functions/numeric_access.h"
#include "kql/functions/string_kernels.h"
#include "kql/functions/text_search.h"

namespace quarry::kql::fn {
namespace {

enum class CmpOp { kEq, kNe, kLt, kLe, kGt, kGe };

template <typename A, typename B>
inline bool Apply(CmpOp op, A a, B b) {
  switch (op) {
    case CmpOp::kEq: return a == b;
    case CmpOp::kNe: return a != b;
    case CmpOp::kLt: return a < b;
    case CmpOp::kLe: return a <= b;
    case CmpOp::kGt: return a > b;
    case CmpOp::kGe: return a >= b;
  }
  return false;
}

template <CmpOp kOp, typename A, typename B>
void CompareLoop(size_t n, A a, B b, uint8_t* out) {
  for (size_t i = 0; i < n; ++i) out[i] = Apply(kOp, a(i), b(i));
}

template <typename A, typename B>
void CompareDispatch(CmpOp op, size_t n, A a, B b, uint8_t* out) {
  switch (op) {
    case CmpOp::kEq: CompareLoop<CmpOp::kEq>(n, a, b, out); break;
    case CmpOp::kNe: CompareLoop<CmpOp::kNe>(n, a, b, out); break;
    case CmpOp::kLt: CompareLoop<CmpOp::kLt>(n, a, b, out); break;
    case CmpOp::kLe: CompareLoop<CmpOp::kLe>(n, a, b, out); break;
    case CmpOp::kGt: CompareLoop<CmpOp::kGt>(n, a, b, out); break;
    case CmpOp::kGe: CompareLoop<CmpOp::kGe>(n, a, b, out); break;
  }
}

bool IsNullAt(const Datum& d, size_t i) {
  return d.column ? d.column->IsNull(i) : d.scalar.is_null();
}

// Builds the bool result: null where both inputs are null, or where either is for an ordering
// comparison; `==`/`!=` of a null with a non-null value is false/true.
Datum FinishCompare(CmpOp op, const std::vector<uint8_t>& out, const Datum& a, const Datum& b) {
  bool all_scalar = a.is_scalar() && b.is_scalar();
  if (!HasNulls(a) && !HasNulls(b)) return ResultOf(MakeBoolColumn(out, false), all_scalar);
  bool equality = op == CmpOp::kEq || op == CmpOp::kNe;
  ColumnBuilder builder(Type::kBool);
  builder.Reserve(out.size());
  for (size_t i = 0; i < out.size(); ++i) {
    bool na = IsNullAt(a, i), nb = IsNullAt(b, i);
    if ((na && nb) || ((na || nb) && !equality)) {
      builder.AppendNull();
    } else if (na || nb) {
      builder.AppendBool(op == CmpOp::kNe);
    } else {
      builder.AppendBool(out[i] != 0);
    }
  }
  return ResultOf(builder.Finish(), all_scalar);
}

bool ScalarNull(const Datum& d) { return d.is_scalar() && d.scalar.is_null(); }

bool IntegralStorage(Type t) {
  return t == Type::kBool || t == Type::kInt || t == Type::kLong || t == Type::kDatetime ||
         t == Type::kTimespan;
}

Datum CompareNumeric(CmpOp op, const Datum& a, const Datum& b) {
  size_t n = a.is_scalar() ? (b.is_scalar() ? 1 : b.column->size()) : a.column->size();
  std::vector<uint8_t> out(n);
  if (ScalarNull(a) || ScalarNull(b)) {
    if (op != CmpOp::kEq && op != CmpOp::kNe) return Datum::Scalar(Value::Null(Type::kBool));
    return FinishCompare(op, out, a, b);
  }
  if (IntegralStorage(a.type()) && IntegralStorage(b.type())) {
    std::visit([&](auto x, auto y) { CompareDispatch(op, n, x, y, out.data()); },
               IntegralAccessOf(a), IntegralAccessOf(b));
  } else {
    std::visit([&](auto x, auto y) { CompareDispatch(op, n, x, y, out.data()); },
               NumericAccessOf(a), NumericAccessOf(b));
  }
  return FinishCompare(op, out, a, b);
}

Datum CompareStrings(CmpOp op, bool ignore_case, const Datum& a, const Datum& b) {
  auto cmp = [&](std::string_view x, std::string_view y) {
    if (ignore_case) return EqualsNoCase(x, y) == (op == CmpOp::kEq);
    int c = x.compare(y);
    return Apply(op, c, 0);
  };
  if (b.is_scalar() || a.is_scalar()) {
    bool flip = a.is_scalar() && !b.is_scalar();
    const Datum& col = flip ? b : a;
    const Datum& sc = flip ? a : b;
    std::string needle = sc.scalar.is_null() ? std::string() : sc.scalar.string_value();
    if (ignore_case) {
      std::string folded = ToLowerText(needle);
      bool ascii = IsAscii(folded);
      bool want = op == CmpOp::kEq;
      return StringPredicate(col, [&](std::string_view s) {
        if (ascii && s.size() != folded.size()) return !want;
        return EqualsNoCase(s, folded) == want;
      });
    }
    if (op == CmpOp::kEq || op == CmpOp::kNe) {
      bool want = op == CmpOp::kEq;
      return StringPredicate(col, [&](std::string_view s) { return (s == needle) == want; });
    }
    return StringPredicate(col, [&](std::string_view s) {
      return flip ? cmp(needle, s) : cmp(s, needle);
    });
  }
  ArgView x(a), y(b);
  size_t n = a.column->size();
  std::vector<uint8_t> out(n);
  for (size_t i = 0; i < n; ++i) out[i] = cmp(x.Str(i), y.Str(i));
  return Datum::Of(MakeBoolColumn(out, false));
}

// Compares a dynamic value with a value of another type (or two dynamics), row by row.
std::optional<bool> CompareDynamicValues(CmpOp op, bool ignore_case, const Value& a,
                                         const Value& b) {
  if (a.is_null() || b.is_null()) return std::nullopt;
  Type other = a.type() == Type::kDynamic ? b.type() : a.type();
  if (a.type() == Type::kDynamic && b.type() == Type::kDynamic) {
    const Json& x = a.dynamic_value();
    const Json& y = b.dynamic_value();
    if (x.is_number() && y.is_number()) return Apply(op, x.get<double>(), y.get<double>());
    if (op == CmpOp::kEq || op == CmpOp::kNe) {
      if (ignore_case && x.is_string() && y.is_string()) {
        return EqualsNoCase(x.get<std::string>(), y.get<std::string>()) == (op == CmpOp::kEq);
      }
      return (x == y) == (op == CmpOp::kEq);
    }
    return Apply(op, a.ToString().compare(b.ToString()), 0);
  }
  if (IsStringLike(other)) {
    std::string x = a.ToString(), y = b.ToString();
    if (ignore_case) return EqualsNoCase(x, y) == (op == CmpOp::kEq);
    return Apply(op, x.compare(y), 0);
  }
  if (IsNumeric(other)) {
    auto x = AsReal(a), y = AsReal(b);
    if (!x || !y) return std::nullopt;
    return Apply(op, *x, *y);
  }
  Value x = CoerceValue(a, other), y = CoerceValue(b, other);
  if (x.is_null() || y.is_null()) return std::nullopt;
  return Apply(op, x.int_value(), y.int_value());
}

Datum CompareDynamic(CmpOp op, bool ignore_case, const Datum& a, const Datum& b) {
  ArgView x(a), y(b);
  size_t n = a.is_scalar() ? (b.is_scalar() ? 1 : b.column->size()) : a.column->size();
  ColumnBuilder builder(Type::kBool);
  builder.Reserve(n);
  for (size_t i = 0; i < n; ++i) {
    auto r = CompareDynamicValues(op, ignore_case, x.Get(i), y.Get(i));
    if (r) {
      builder.AppendBool(*r);
    } else {
      builder.AppendNull();
    }
  }
  return ResultOf(builder.Finish(), a.is_scalar() && b.is_scalar());
}

// The number's text, as tostring() gives it ("0", "500121"), so a string compares with it.
Datum NumberAsString(const Datum& d) {
  if (d.is_scalar()) {
    return Datum::Scalar(d.scalar.is_null() ? Value::Null(Type::kString)
                                            : Value::String(d.scalar.ToString()));
  }
  ColumnBuilder builder(Type::kString);
  builder.Reserve(d.column->size());
  for (size_t i = 0; i < d.column->size(); ++i) {
    if (d.column->IsNull(i)) {
      builder.AppendNull();
    } else {
      builder.AppendString(d.column->GetValue(i).ToString());
    }
  }
  return Datum::Of(builder.Finish());
}

bool BoolWithInteger(Type a, Type b) {
  auto integer = [](Type t) { return t == Type::kInt || t == Type::kLong; };
  return (a == Type::kBool && integer(b)) || (integer(a) && b == Type::kBool);
}

// Kusto accepts `ResultType == 0` on a string column (Log Analytics' SigninLogs; Microsoft's
// parser binds the Sentinel queries that do it) and `IsLocalAdmin == 0` on a bool: equality of
// a string with a number compares the number's text; a bool compares with an int or long as 0
// or 1.
bool StringNumberEquality(CmpOp op, Type a, Type b) {
  if (op != CmpOp::kEq && op != CmpOp::kNe) return false;
  return (a == Type::kString && IsNumeric(b)) || (IsNumeric(a) && b == Type::kString);
}

bool Comparable(CmpOp op, Type a, Type b) {
  if (a == Type::kDynamic || b == Type::kDynamic) return true;
  if (IsNumeric(a) && IsNumeric(b)) return true;
  if (BoolWithInteger(a, b)) return true;
  if (IsStringLike(a) && IsStringLike(b)) return true;
  if (StringNumberEquality(op, a, b)) return true;
  return a == b;
}

ScalarBinder MakeComparison(std::string name, CmpOp op, bool ignore_case) {
  return [name, op, ignore_case](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 2, 2));
    Type a = args[0].type, b = args[1].type;
    if (!Comparable(op, a, b)) {
      return InvalidArgument(fmt::format("operator '{}' cannot compare {} with {}", name,
                                         TypeName(a), TypeName(b)));
    }
    if (ignore_case && !(IsStringLike(a) || a == Type::kDynamic) &&
        !(IsStringLike(b) || b == Type::kDynamic)) {
      return InvalidArgument(fmt::format("operator '{}' compares strings, got {} and {}", name,
                                         TypeName(a), TypeName(b)));
    }
    ScalarKernel kernel;
    if (a == Type::kDynamic || b == Type::kDynamic) {
      kernel = [op, ignore_case](std::span<const Datum> in, const EvalContext&) -> Result<Datum> {
        return CompareDynamic(op, ignore_case, in[0], in[1]);
      };
    } else if (!ignore_case && StringNumberEquality(op, a, b)) {
      bool number_first = IsNumeric(a);
      kernel = [op, number_first](std::span<const Datum> in, const EvalContext&) -> Result<Datum> {
        if (number_first) return CompareStrings(op, false, NumberAsString(in[0]), in[1]);
        return CompareStrings(op, false, in[0], NumberAsString(in[1]));
      };
    } else if (IsStringLike(a)) {
      kernel = [op, ignore_case](std::span<const Datum> in, const EvalContext&) -> Result<Datum> {
        return CompareStrings(op, ignore_case, in[0], in[1]);
      };
    } else {
      kernel = [op](std::span<const Datum> in, const EvalContext&) -> Result<Datum> {
        return CompareNumeric(op, in[0], in[1]);
      };
    }
    return ScalarBinding{Type::kBool, std::move(kernel)};
  };
}

}  // namespace

void RegisterComparison(FunctionRegistry& r) {
  r.AddScalar("==", MakeComparison("==", CmpOp::kEq, false));
  r.AddScalar("!=", MakeComparison("!=", CmpOp::kNe, false));
  r.AddScalar("<>", MakeComparison("<>", CmpOp::kNe, false));
  r.AddScalar("<", MakeComparison("<", CmpOp::kLt, false));
  r.AddScalar("<=", MakeComparison("<=", CmpOp::kLe, false));
  r.AddScalar(">", MakeComparison(">", CmpOp::kGt, false));
  r.AddScalar(">=", MakeComparison(">=", CmpOp::kGe, false));
  r.AddScalar("=~", MakeComparison("=~", CmpOp::kEq, true));
  r.AddScalar("!~", MakeComparison("!~", CmpOp::kNe, true));
}

}  // namespace quarry::kql::fn
