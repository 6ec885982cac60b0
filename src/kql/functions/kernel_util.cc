#include "kql/functions/kernel_util.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

#include "common/time.h"

namespace quarry::kql::fn {

ArgView::ArgView(const Datum& d) : column_(d.column.get()), type_(d.type()) {
  if (column_) return;
  scalar_ = d.scalar;
  scalar_null_ = scalar_.is_null();
  if (scalar_null_) return;
  switch (type_) {
    case Type::kBool:
    case Type::kInt:
    case Type::kLong:
    case Type::kDatetime:
    case Type::kTimespan:
      scalar_long_ = scalar_.int_value();
      scalar_real_ = static_cast<double>(scalar_long_);
      break;
    case Type::kReal:
    case Type::kDecimal:
      scalar_real_ = scalar_.real_value();
      break;
    case Type::kString:
    case Type::kGuid:
      scalar_str_ = scalar_.string_value();
      break;
    case Type::kDynamic:
      break;
  }
}

int64_t ArgView::Long(size_t i) const {
  if (!column_) return scalar_long_;
  switch (type_) {
    case Type::kBool: return column_->bools()[i];
    case Type::kInt: return column_->ints()[i];
    case Type::kReal:
    case Type::kDecimal: return static_cast<int64_t>(column_->reals()[i]);
    default: return column_->longs()[i];
  }
}

double ArgView::Real(size_t i) const {
  if (!column_) return scalar_real_;
  switch (type_) {
    case Type::kBool: return column_->bools()[i];
    case Type::kInt: return column_->ints()[i];
    case Type::kReal:
    case Type::kDecimal: return column_->reals()[i];
    default: return static_cast<double>(column_->longs()[i]);
  }
}

const Json* ArgView::Dyn(size_t i) const {
  if (!column_) return scalar_null_ ? nullptr : &scalar_.dynamic_value();
  const DynamicPtr& p = column_->dynamic(i);
  return p ? p.get() : nullptr;
}

std::string ArgView::Text(size_t i) const {
  if (IsStringLike(type_)) return std::string(Str(i));
  return Get(i).ToString();
}

size_t BatchRows(std::span<const Datum> args) {
  for (const auto& a : args) {
    if (!a.is_scalar()) return a.column->size();
  }
  return 1;
}

bool AllScalar(std::span<const Datum> args) {
  return std::all_of(args.begin(), args.end(), [](const Datum& d) { return d.is_scalar(); });
}

Datum ResultOf(ColumnPtr column, bool all_scalar) {
  if (all_scalar && column->size() == 1) return Datum::Scalar(column->GetValue(0));
  return Datum::Of(std::move(column));
}

Status CheckArgCount(std::string_view fn, std::span<const ArgInfo> args, size_t min, size_t max) {
  if (args.size() >= min && args.size() <= max) return Status::Ok();
  if (min == max) {
    return InvalidArgument(fmt::format("{}(): expects {} argument{}, got {}", fn, min,
                                       min == 1 ? "" : "s", args.size()));
  }
  if (max == SIZE_MAX) {
    return InvalidArgument(
        fmt::format("{}(): expects at least {} arguments, got {}", fn, min, args.size()));
  }
  return InvalidArgument(
      fmt::format("{}(): expects {} to {} arguments, got {}", fn, min, max, args.size()));
}

Status ArgTypeError(std::string_view fn, size_t index, std::string_view expected, Type got) {
  return InvalidArgument(fmt::format("{}(): argument {} must be {}, got {}", fn, index + 1,
                                     expected, TypeName(got)));
}

bool IsIntegral(Type t) { return t == Type::kInt || t == Type::kLong; }
bool IsStringLike(Type t) { return t == Type::kString || t == Type::kGuid; }

Type PromoteNumeric(Type a, Type b) {
  if (a == Type::kDecimal || b == Type::kDecimal) return Type::kDecimal;
  if (a == Type::kReal || b == Type::kReal) return Type::kReal;
  return Type::kLong;
}

std::optional<Type> CommonType(std::span<const Type> types) {
  if (types.empty()) return std::nullopt;
  Type t = types[0];
  for (Type u : types.subspan(1)) {
    if (u == t) continue;
    bool tn = IsNumeric(t) || t == Type::kBool, un = IsNumeric(u) || u == Type::kBool;
    if (tn && un && t != Type::kBool && u != Type::kBool) {
      if (IsIntegral(t) && IsIntegral(u)) {
        t = Type::kLong;
      } else {
        t = PromoteNumeric(t, u);
      }
      continue;
    }
    if (IsStringLike(t) && IsStringLike(u)) {
      t = Type::kString;
      continue;
    }
    if (t == Type::kDynamic || u == Type::kDynamic) {
      t = Type::kDynamic;
      continue;
    }
    return std::nullopt;
  }
  return t;
}

namespace {

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::optional<int64_t> ParseLongText(std::string_view s) {
  s = TrimSpaces(s);
  if (s.empty()) return std::nullopt;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    uint64_t u = 0;
    auto r = std::from_chars(s.data() + 2, s.data() + s.size(), u, 16);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
    return static_cast<int64_t>(u);
  }
  if (s[0] == '+') s.remove_prefix(1);
  int64_t v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<double> ParseRealText(std::string_view s) {
  s = TrimSpaces(s);
  if (s.empty()) return std::nullopt;
  if (s[0] == '+') s.remove_prefix(1);
  std::string lower(s);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "nan") return std::numeric_limits<double>::quiet_NaN();
  if (lower == "infinity" || lower == "inf") return std::numeric_limits<double>::infinity();
  if (lower == "-infinity" || lower == "-inf") return -std::numeric_limits<double>::infinity();
  double d = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), d);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
  return d;
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::optional<int64_t> AsLong(const Value& v) {
  if (v.is_null()) return std::nullopt;
  switch (v.type()) {
    case Type::kBool:
    case Type::kInt:
    case Type::kLong:
    case Type::kDatetime:
    case Type::kTimespan: return v.int_value();
    case Type::kReal:
    case Type::kDecimal: {
      double d = v.real_value();
      if (!std::isfinite(d) || std::fabs(d) >= 9.2e18) return std::nullopt;
      return static_cast<int64_t>(d);
    }
    case Type::kString:
    case Type::kGuid: return ParseLongText(v.string_value());
    case Type::kDynamic: {
      const Json& j = v.dynamic_value();
      if (j.is_boolean()) return j.get<bool>() ? 1 : 0;
      if (j.is_number_integer()) return j.get<int64_t>();
      if (j.is_number_unsigned()) return static_cast<int64_t>(j.get<uint64_t>());
      if (j.is_number_float()) return AsLong(Value::Real(j.get<double>()));
      if (j.is_string()) return ParseLongText(j.get_ref<const std::string&>());
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::optional<double> AsReal(const Value& v) {
  if (v.is_null()) return std::nullopt;
  switch (v.type()) {
    case Type::kBool:
    case Type::kInt:
    case Type::kLong:
    case Type::kDatetime:
    case Type::kTimespan: return static_cast<double>(v.int_value());
    case Type::kReal:
    case Type::kDecimal: return v.real_value();
    case Type::kString:
    case Type::kGuid: return ParseRealText(v.string_value());
    case Type::kDynamic: {
      const Json& j = v.dynamic_value();
      if (j.is_boolean()) return j.get<bool>() ? 1.0 : 0.0;
      if (j.is_number()) return j.get<double>();
      if (j.is_string()) return ParseRealText(j.get_ref<const std::string&>());
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::optional<bool> AsBool(const Value& v) {
  if (v.is_null()) return std::nullopt;
  switch (v.type()) {
    case Type::kBool:
    case Type::kInt:
    case Type::kLong: return v.int_value() != 0;
    case Type::kReal:
    case Type::kDecimal: return v.real_value() != 0;
    case Type::kString: {
      std::string_view s = TrimSpaces(v.string_value());
      if (EqualsNoCase(s, "true")) return true;
      if (EqualsNoCase(s, "false")) return false;
      auto l = ParseLongText(s);
      if (l) return *l != 0;
      return std::nullopt;
    }
    case Type::kDynamic: {
      const Json& j = v.dynamic_value();
      if (j.is_boolean()) return j.get<bool>();
      if (j.is_number()) return j.get<double>() != 0;
      if (j.is_string()) return AsBool(Value::String(j.get<std::string>()));
      return std::nullopt;
    }
    default: return std::nullopt;
  }
}

std::optional<int64_t> AsDatetime(const Value& v) {
  if (v.is_null()) return std::nullopt;
  switch (v.type()) {
    case Type::kDatetime: return v.int_value();
    case Type::kString: return ParseDatetime(TrimSpaces(v.string_value()));
    case Type::kDynamic: {
      const Json& j = v.dynamic_value();
      if (j.is_string()) return ParseDatetime(TrimSpaces(j.get_ref<const std::string&>()));
      return std::nullopt;
    }
    default: return std::nullopt;
  }
}

std::optional<int64_t> AsTimespan(const Value& v) {
  if (v.is_null()) return std::nullopt;
  switch (v.type()) {
    case Type::kTimespan: return v.int_value();
    case Type::kInt:
    case Type::kLong: return v.int_value();
    case Type::kReal:
    case Type::kDecimal: return static_cast<int64_t>(v.real_value());
    case Type::kString: return ParseTimespan(TrimSpaces(v.string_value()));
    case Type::kDynamic: {
      const Json& j = v.dynamic_value();
      if (j.is_string()) return ParseTimespan(TrimSpaces(j.get_ref<const std::string&>()));
      if (j.is_number_integer()) return j.get<int64_t>();
      return std::nullopt;
    }
    default: return std::nullopt;
  }
}

std::optional<std::string> AsGuid(const Value& v) {
  if (v.is_null()) return std::nullopt;
  std::string s;
  if (v.type() == Type::kGuid) return v.string_value();
  if (v.type() == Type::kString) {
    s = v.string_value();
  } else if (v.type() == Type::kDynamic && v.dynamic_value().is_string()) {
    s = v.dynamic_value().get<std::string>();
  } else {
    return std::nullopt;
  }
  std::string_view t = TrimSpaces(s);
  if (t.size() == 38 && t.front() == '{' && t.back() == '}') t = t.substr(1, 36);
  std::string out;
  if (t.size() == 36) {
    for (size_t i = 0; i < 36; ++i) {
      bool dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? t[i] != '-' : !std::isxdigit(static_cast<unsigned char>(t[i]))) {
        return std::nullopt;
      }
    }
    out = std::string(t);
  } else if (t.size() == 32 &&
             std::all_of(t.begin(), t.end(), [](char c) { return std::isxdigit(c & 0xff); })) {
    out = fmt::format("{}-{}-{}-{}-{}", t.substr(0, 8), t.substr(8, 4), t.substr(12, 4),
                      t.substr(16, 4), t.substr(20));
  } else {
    return std::nullopt;
  }
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

Value CoerceValue(const Value& v, Type to) {
  if (v.type() == to) return v;
  if (v.is_null()) return Value::Null(to);
  switch (to) {
    case Type::kBool: {
      auto b = AsBool(v);
      return b ? Value::Bool(*b) : Value::Null(to);
    }
    case Type::kInt: {
      auto l = AsLong(v);
      return l ? Value::Int(static_cast<int32_t>(*l)) : Value::Null(to);
    }
    case Type::kLong: {
      auto l = AsLong(v);
      return l ? Value::Long(*l) : Value::Null(to);
    }
    case Type::kReal: {
      auto d = AsReal(v);
      return d ? Value::Real(*d) : Value::Null(to);
    }
    case Type::kDecimal: {
      auto d = AsReal(v);
      return d ? Value::Decimal(*d) : Value::Null(to);
    }
    case Type::kString: return Value::String(v.ToString());
    case Type::kGuid: {
      auto g = AsGuid(v);
      return g ? Value::Guid(*g) : Value::Null(to);
    }
    case Type::kDatetime: {
      auto t = AsDatetime(v);
      return t ? Value::Datetime(*t) : Value::Null(to);
    }
    case Type::kTimespan: {
      auto t = AsTimespan(v);
      return t ? Value::Timespan(*t) : Value::Null(to);
    }
    case Type::kDynamic: return Value::Dynamic(ToJson(v));
  }
  return Value::Null(to);
}

Datum CoerceDatum(const Datum& d, Type to) {
  if (d.type() == to) return d;
  if (d.is_scalar()) return Datum::Scalar(CoerceValue(d.scalar, to));
  const Column& c = *d.column;
  ColumnBuilder b(to);
  b.Reserve(c.size());
  if (to == Type::kLong && c.type() == Type::kInt) {
    auto ints = c.ints();
    for (size_t i = 0; i < c.size(); ++i) {
      if (c.IsNull(i)) {
        b.AppendNull();
      } else {
        b.AppendLong(ints[i]);
      }
    }
    return Datum::Of(b.Finish());
  }
  if ((to == Type::kReal || to == Type::kDecimal) && IsNumeric(c.type())) {
    ArgView v(d);
    for (size_t i = 0; i < c.size(); ++i) {
      if (c.IsNull(i)) {
        b.AppendNull();
      } else {
        b.AppendReal(v.Real(i));
      }
    }
    return Datum::Of(b.Finish());
  }
  for (size_t i = 0; i < c.size(); ++i) b.AppendValue(CoerceValue(c.GetValue(i), to));
  return Datum::Of(b.Finish());
}

Json ToJson(const Value& v) {
  if (v.is_null()) return Json();
  switch (v.type()) {
    case Type::kBool: return Json(v.bool_value());
    case Type::kInt:
    case Type::kLong: return Json(v.int_value());
    case Type::kReal:
    case Type::kDecimal: return Json(v.real_value());
    case Type::kString:
    case Type::kGuid: return Json(v.string_value());
    case Type::kDatetime: return Json(FormatDatetime(v.int_value()));
    case Type::kTimespan: return Json(FormatTimespan(v.int_value()));
    case Type::kDynamic: return v.dynamic_value();
  }
  return Json();
}

}  // namespace quarry::kql::fn
