// Conversion functions: tostring, toint, tolong, todouble / toreal, todecimal, tobool /
// toboolean, todatetime, totimespan, toguid. Values that do not convert become null (never an
// error): toint("3.14") is null, toint(3.9) is 3, toint("0x1F") is 31.
#include <fmt/core.h>

#include <limits>

#include "common/time.h"
#include "kql/functions/builtin_functions.h"
#include "kql/functions/kernel_util.h"

namespace quarry::kql::fn {
namespace {

// tostring() of one value. Bools print as .NET does in Kusto's engine ("True"); everything else
// as Value::ToString() (canonical datetime / timespan text, JSON for dynamic).
void AppendText(const ArgView& v, size_t i, ColumnBuilder& b) {
  if (IsStringLike(v.type())) {
    b.AppendString(v.Str(i));
    return;
  }
  if (v.IsNull(i)) {
    b.AppendString("");
    return;
  }
  if (v.type() == Type::kBool) {
    b.AppendString(v.Long(i) ? "True" : "False");
    return;
  }
  b.AppendString(v.Get(i).ToString());
}

Result<Datum> ToStringKernel(std::span<const Datum> in, const EvalContext&) {
  if (in[0].type() == Type::kString) return in[0];
  return MapRows(in, Type::kString, [](const std::vector<ArgView>& v, size_t i,
                                       ColumnBuilder& b) { AppendText(v[0], i, b); });
}

Value ConvertOne(const Value& v, Type to) {
  if (to == Type::kInt) {
    if (v.is_null()) return Value::Null(to);
    auto l = AsLong(v);
    if (!l) return Value::Null(to);
    if (IsStringLike(v.type()) &&
        (*l > std::numeric_limits<int32_t>::max() || *l < std::numeric_limits<int32_t>::min())) {
      std::string_view s = v.string_value();
      bool hex = s.find("0x") != std::string_view::npos || s.find("0X") != std::string_view::npos;
      if (!hex) return Value::Null(to);
    }
    return Value::Int(static_cast<int32_t>(static_cast<uint32_t>(*l)));
  }
  if (to == Type::kDatetime && IsIntegral(v.type()) && !v.is_null()) {
    return Value::Datetime(v.int_value());
  }
  return CoerceValue(v, to);
}

ScalarBinder MakeConverter(std::string name, Type to) {
  return [name, to](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 1, 1));
    Type from = args[0].type;
    if (to == Type::kString) return ScalarBinding{Type::kString, ToStringKernel};
    bool numeric_target = IsNumeric(to) || to == Type::kBool;
    if (numeric_target && (from == Type::kDatetime || from == Type::kGuid)) {
      return ArgTypeError(name, 0, "a number, bool, string or dynamic", from);
    }
    return ScalarBinding{to, [to](std::span<const Datum> in, const EvalContext&) -> Result<Datum> {
                           if (in[0].type() == to) return in[0];
                           Type from = in[0].type();
                           if (!in[0].is_scalar() && IsNumeric(from) &&
                               (to == Type::kLong || to == Type::kReal || to == Type::kDecimal) &&
                               !(from == Type::kReal && to == Type::kLong) &&
                               !(from == Type::kDecimal && to == Type::kLong)) {
                             return CoerceDatum(in[0], to);
                           }
                           return MapRows(in, to, [to](const std::vector<ArgView>& v, size_t i,
                                                       ColumnBuilder& b) {
                             b.AppendValue(ConvertOne(v[0].Get(i), to));
                           });
                         }};
  };
}

}  // namespace

void RegisterConversion(FunctionRegistry& r) {
  r.AddScalar("tostring", MakeConverter("tostring", Type::kString));
  r.AddScalar("toint", MakeConverter("toint", Type::kInt));
  r.AddScalar("tolong", MakeConverter("tolong", Type::kLong));
  r.AddScalar("todouble", MakeConverter("todouble", Type::kReal));
  r.AddScalar("toreal", MakeConverter("toreal", Type::kReal));
  r.AddScalar("todecimal", MakeConverter("todecimal", Type::kDecimal));
  r.AddScalar("tobool", MakeConverter("tobool", Type::kBool));
  r.AddScalar("toboolean", MakeConverter("toboolean", Type::kBool));
  r.AddScalar("todatetime", MakeConverter("todatetime", Type::kDatetime));
  r.AddScalar("totimespan", MakeConverter("totimespan", Type::kTimespan));
  r.AddScalar("totime", MakeConverter("totime", Type::kTimespan));
  r.AddScalar("toguid", MakeConverter("toguid", Type::kGuid));
}

}  // namespace quarry::kql::fn
