#include "table/value.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "common/time.h"

namespace quarry {

Value Value::Dynamic(Json j) { return Dynamic(std::make_shared<const Json>(std::move(j))); }

Value Value::Dynamic(DynamicPtr j) {
  Value v;
  v.type_ = Type::kDynamic;
  v.null_ = j == nullptr || j->is_null();
  v.dyn_ = std::move(j);
  return v;
}

std::string FormatReal(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  if (d == std::floor(d) && std::fabs(d) < 1e15) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.0f", d);
    if (std::strcmp(buf, "-0") == 0) return "0";
    return buf;
  }
  char buf[40];
  auto res = std::to_chars(buf, buf + sizeof(buf), d);  // shortest text that round-trips
  return std::string(buf, res.ptr);
}

std::string Value::ToString() const {
  if (null_) return "";
  switch (type_) {
    case Type::kBool: return i_ ? "true" : "false";
    case Type::kInt:
    case Type::kLong: return std::to_string(i_);
    case Type::kReal:
    case Type::kDecimal: return FormatReal(d_);
    case Type::kString:
    case Type::kGuid: return s_;
    case Type::kDatetime: return FormatDatetime(i_);
    case Type::kTimespan: return FormatTimespan(i_);
    case Type::kDynamic:
      if (dyn_->is_string()) return dyn_->get<std::string>();
      return dyn_->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  return "";
}

bool Value::operator==(const Value& o) const {
  if (type_ != o.type_ || null_ != o.null_) return false;
  if (null_) return true;
  switch (type_) {
    case Type::kReal:
    case Type::kDecimal: return d_ == o.d_ || (std::isnan(d_) && std::isnan(o.d_));
    case Type::kString:
    case Type::kGuid: return s_ == o.s_;
    case Type::kDynamic: return *dyn_ == *o.dyn_;
    default: return i_ == o.i_;
  }
}

}  // namespace quarry
