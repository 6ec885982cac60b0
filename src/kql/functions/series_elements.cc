#include "kql/functions/series_elements.h"

#include <cmath>

namespace quarry::kql::fn {

SeriesElement ElementOf(const Json& j) {
  if (!j.is_number()) return {};
  return SeriesElement{true, j.is_number_integer(), j.get<double>()};
}

std::optional<SeriesVector> SeriesOf(const ArgView& v, size_t i) {
  if (v.type() != Type::kDynamic || v.IsNull(i)) return std::nullopt;
  const Json* j = v.Dyn(i);
  if (!j || !j->is_array()) return std::nullopt;
  SeriesVector out;
  out.reserve(j->size());
  for (const auto& e : *j) out.push_back(ElementOf(e));
  return out;
}

std::optional<SeriesVector> SeriesOrNumber(const ArgView& v, size_t i, bool* scalar) {
  *scalar = false;
  if (v.IsNull(i)) return std::nullopt;
  if (v.type() == Type::kDynamic) {
    const Json* j = v.Dyn(i);
    if (j && j->is_number()) {
      *scalar = true;
      return SeriesVector{ElementOf(*j)};
    }
    return SeriesOf(v, i);
  }
  if (!IsNumeric(v.type()) && v.type() != Type::kBool) return std::nullopt;
  *scalar = true;
  bool integral = IsIntegral(v.type()) || v.type() == Type::kBool;
  return SeriesVector{SeriesElement{true, integral, v.Real(i)}};
}

Json ElementJson(const SeriesElement& e) {
  if (!e.valid || std::isnan(e.value)) return Json();
  if (e.integral && std::nearbyint(e.value) == e.value && std::fabs(e.value) < 9.2e18) {
    return Json(static_cast<int64_t>(e.value));
  }
  return Json(e.value);
}

Status CheckSeriesArg(std::string_view fn, std::span<const ArgInfo> args, size_t index,
                      bool number_ok) {
  Type t = args[index].type;
  if (t == Type::kDynamic) return Status::Ok();
  if (number_ok && (IsNumeric(t) || t == Type::kBool)) return Status::Ok();
  return ArgTypeError(fn, index, number_ok ? "a dynamic array or a number" : "a dynamic array", t);
}

double OptionalReal(const std::vector<ArgView>& v, size_t index, size_t i, double fallback) {
  if (v.size() <= index || v[index].IsNull(i)) return fallback;
  Type t = v[index].type();
  if (IsNumeric(t) || t == Type::kBool) return v[index].Real(i);
  if (t == Type::kDynamic) {
    const Json* j = v[index].Dyn(i);
    if (j && j->is_number()) return j->get<double>();
  }
  return fallback;
}

}  // namespace quarry::kql::fn
