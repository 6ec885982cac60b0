#include "kql/json_convert.h"

#include <cctype>
#include <cmath>
#include <cstdlib>

#include "common/time.h"

namespace quarry::kql {

Value JsonToValue(const Json& j, Type type) {
  if (j.is_null()) return Value::Null(type);
  switch (type) {
    case Type::kDynamic: return Value::Dynamic(j);
    case Type::kString:
      return Value::String(j.is_string() ? j.get<std::string>() : j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    case Type::kBool:
      if (j.is_boolean()) return Value::Bool(j.get<bool>());
      if (j.is_number_integer()) return Value::Bool(j.get<int64_t>() != 0);
      if (j.is_string()) {
        std::string s = j.get<std::string>();
        for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (s == "true") return Value::Bool(true);
        if (s == "false") return Value::Bool(false);
      }
      return Value::Null(type);
    case Type::kInt:
    case Type::kLong: {
      int64_t v = 0;
      if (j.is_number_integer()) v = j.get<int64_t>();
      else if (j.is_number_float()) v = static_cast<int64_t>(j.get<double>());
      else if (j.is_boolean()) v = j.get<bool>() ? 1 : 0;
      else if (j.is_string()) {
        std::string s = j.get<std::string>();
        char* end = nullptr;
        v = std::strtoll(s.c_str(), &end, 10);
        if (s.empty() || *end != '\0') return Value::Null(type);
      } else {
        return Value::Null(type);
      }
      return type == Type::kInt ? Value::Int(static_cast<int32_t>(v)) : Value::Long(v);
    }
    case Type::kReal:
    case Type::kDecimal: {
      double d = 0;
      if (j.is_number()) d = j.get<double>();
      else if (j.is_string()) {
        std::string s = j.get<std::string>();
        char* end = nullptr;
        d = std::strtod(s.c_str(), &end);
        if (s.empty() || *end != '\0') return Value::Null(type);
      } else {
        return Value::Null(type);
      }
      return type == Type::kReal ? Value::Real(d) : Value::Decimal(d);
    }
    case Type::kDatetime: {
      if (!j.is_string()) return Value::Null(type);
      auto t = ParseDatetime(j.get<std::string>());
      return t ? Value::Datetime(*t) : Value::Null(type);
    }
    case Type::kTimespan: {
      if (j.is_number_integer()) return Value::Timespan(j.get<int64_t>());
      if (!j.is_string()) return Value::Null(type);
      auto t = ParseTimespan(j.get<std::string>());
      return t ? Value::Timespan(*t) : Value::Null(type);
    }
    case Type::kGuid: {
      if (!j.is_string()) return Value::Null(type);
      std::string s = j.get<std::string>();
      for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return s.size() == 36 ? Value::Guid(s) : Value::Null(type);
    }
  }
  return Value::Null(type);
}

Json ValueToJson(const Value& v) {
  if (v.is_null()) return Json(nullptr);
  switch (v.type()) {
    case Type::kBool: return Json(v.bool_value());
    case Type::kInt:
    case Type::kLong: return Json(v.int_value());
    case Type::kReal:
    case Type::kDecimal:
      if (!std::isfinite(v.real_value())) return Json(FormatReal(v.real_value()));
      return Json(v.real_value());
    case Type::kDynamic: return v.dynamic_value();
    default: return Json(v.ToString());
  }
}

Type InferJsonType(const std::vector<const Json*>& elements) {
  bool any = false, all_int = true, all_num = true, all_bool = true, all_str = true;
  for (const Json* j : elements) {
    if (!j || j->is_null()) continue;
    any = true;
    all_int &= j->is_number_integer();
    all_num &= j->is_number();
    all_bool &= j->is_boolean();
    all_str &= j->is_string();
  }
  if (!any) return Type::kDynamic;
  if (all_int) return Type::kLong;
  if (all_num) return Type::kReal;
  if (all_bool) return Type::kBool;
  if (all_str) return Type::kString;
  return Type::kDynamic;
}

}  // namespace quarry::kql
