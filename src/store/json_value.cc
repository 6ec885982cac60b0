#include "store/json_value.h"

#include <cmath>
#include <limits>

#include "common/time.h"
#include "store/value_text.h"

namespace quarry::store {

using simdjson::dom::element_type;

std::optional<Type> InferJsonType(simdjson::dom::element e) {
  switch (e.type()) {
    case element_type::INT64:
      return Type::kLong;
    case element_type::UINT64:
      return Type::kReal;
    case element_type::DOUBLE:
      return Type::kReal;
    case element_type::BOOL:
      return Type::kBool;
    case element_type::STRING:
      return LooksLikeDatetime(std::string_view(e.get_string().value_unsafe())) ? Type::kDatetime
                                                                               : Type::kString;
    case element_type::ARRAY:
    case element_type::OBJECT:
      return Type::kDynamic;
    case element_type::NULL_VALUE:
      return std::nullopt;
  }
  return std::nullopt;
}

Json ToJson(simdjson::dom::element e) {
  switch (e.type()) {
    case element_type::INT64:
      return Json(e.get_int64().value_unsafe());
    case element_type::UINT64:
      return Json(e.get_uint64().value_unsafe());
    case element_type::DOUBLE:
      return Json(e.get_double().value_unsafe());
    case element_type::BOOL:
      return Json(e.get_bool().value_unsafe());
    case element_type::STRING:
      return Json(std::string(e.get_string().value_unsafe()));
    case element_type::NULL_VALUE:
      return Json(nullptr);
    case element_type::ARRAY: {
      Json arr = Json::array();
      simdjson::dom::array elements;
      if (e.get_array().get(elements) != simdjson::SUCCESS) return arr;
      for (simdjson::dom::element child : elements) {
        arr.push_back(ToJson(child));
      }
      return arr;
    }
    case element_type::OBJECT: {
      Json obj = Json::object();
      simdjson::dom::object fields;
      if (e.get_object().get(fields) != simdjson::SUCCESS) return obj;
      for (auto field : fields) {
        obj[std::string(field.key)] = ToJson(field.value);
      }
      return obj;
    }
  }
  return Json(nullptr);
}

std::string JsonValueText(simdjson::dom::element e) {
  if (e.type() == element_type::STRING) return std::string(e.get_string().value_unsafe());
  return simdjson::minify(e);
}

bool AppendJson(ColumnBuilder& builder, simdjson::dom::element e) {
  element_type kind = e.type();
  if (kind == element_type::NULL_VALUE) {
    builder.AppendNull();
    return true;
  }
  if (kind == element_type::STRING) {
    std::string_view s = e.get_string().value_unsafe();
    if (builder.type() == Type::kDynamic) {
      if (!s.empty() && (s.front() == '{' || s.front() == '[')) return AppendText(builder, s);
      builder.AppendDynamic(std::make_shared<const Json>(std::string(s)));
      return true;
    }
    return AppendText(builder, s);
  }
  switch (builder.type()) {
    case Type::kString:
      builder.AppendString(JsonValueText(e));
      return true;
    case Type::kDynamic:
      builder.AppendDynamic(std::make_shared<const Json>(ToJson(e)));
      return true;
    case Type::kBool:
      if (kind == element_type::BOOL) {
        builder.AppendBool(e.get_bool().value_unsafe());
        return true;
      }
      if (kind == element_type::INT64) {
        int64_t v = e.get_int64().value_unsafe();
        if (v == 0 || v == 1) {
          builder.AppendBool(v == 1);
          return true;
        }
      }
      break;
    case Type::kInt:
    case Type::kLong: {
      std::optional<int64_t> v;
      if (kind == element_type::INT64) {
        v = e.get_int64().value_unsafe();
      } else if (kind == element_type::DOUBLE) {
        double d = e.get_double().value_unsafe();
        if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) < 9.2e18) {
          v = static_cast<int64_t>(d);
        }
      }
      if (!v) break;
      if (builder.type() == Type::kLong) {
        builder.AppendLong(*v);
        return true;
      }
      if (*v >= std::numeric_limits<int32_t>::min() && *v <= std::numeric_limits<int32_t>::max()) {
        builder.AppendInt(static_cast<int32_t>(*v));
        return true;
      }
      break;
    }
    case Type::kReal:
    case Type::kDecimal:
      if (kind == element_type::INT64) {
        builder.AppendReal(static_cast<double>(e.get_int64().value_unsafe()));
        return true;
      }
      if (kind == element_type::UINT64) {
        builder.AppendReal(static_cast<double>(e.get_uint64().value_unsafe()));
        return true;
      }
      if (kind == element_type::DOUBLE) {
        builder.AppendReal(e.get_double().value_unsafe());
        return true;
      }
      break;
    case Type::kDatetime:
    case Type::kTimespan:
    case Type::kGuid:
      break;
  }
  builder.AppendNull();
  return false;
}

}  // namespace quarry::store
