// Filling the missing values of a series: series_fill_forward(x [, missing]),
// series_fill_backward(x [, missing]), series_fill_const(x, constant [, missing]) and
// series_fill_linear(x [, missing, fill_edges = true, constant = 0]).
//
// An element is missing when it equals the `missing` placeholder: null by default (then JSON
// nulls are missing), else a number (NaN matches NaN). Present elements are copied unchanged.
// series_fill_linear interpolates between the present neighbours; with fill_edges the leading
// and trailing gaps take the nearest present value, and a series with no present value becomes
// all `constant`. When every present value is an integer, interpolated values are truncated to
// integers, as Kusto does.
#include <cmath>
#include <functional>
#include <string>

#include "kql/functions/builtin_functions.h"
#include "kql/functions/series_elements.h"

namespace quarry::kql::fn {
namespace {

struct Placeholder {
  bool is_null = true;
  double value = 0;
  bool Matches(const Json& e) const {
    if (is_null) return e.is_null();
    if (!e.is_number()) return false;
    double x = e.get<double>();
    return std::isnan(value) ? std::isnan(x) : x == value;
  }
};

Placeholder PlaceholderAt(const std::vector<ArgView>& v, size_t index, size_t i) {
  double p = OptionalReal(v, index, i, std::nan(""));
  if (v.size() <= index || v[index].IsNull(i) ||
      (std::isnan(p) && v[index].type() != Type::kReal)) {
    return Placeholder{};
  }
  return Placeholder{false, p};
}

bool ArgBool(const std::vector<ArgView>& v, size_t index, size_t i, bool fallback) {
  if (v.size() <= index || v[index].IsNull(i) || v[index].type() != Type::kBool) return fallback;
  return v[index].Long(i) != 0;
}

using Fill = std::function<Json(const Json& series, const std::vector<ArgView>& v, size_t i)>;

void AddFill(FunctionRegistry& r, const std::string& name, size_t min, size_t max, Fill fill) {
  r.AddScalar(name, [=](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, min, max));
    QUARRY_RETURN_IF_ERROR(CheckSeriesArg(name, args, 0, false));
    for (size_t k = 1; k < args.size(); ++k) {
      Type t = args[k].type;
      bool flag = name == "series_fill_linear" && k == 2;
      if (flag ? t != Type::kBool : !(IsNumeric(t) || t == Type::kDynamic)) {
        return ArgTypeError(name, k, flag ? "bool" : "a number", t);
      }
    }
    return ScalarBinding{Type::kDynamic, [fill](std::span<const Datum> in, const EvalContext&) {
                           return MapRows(
                               in, Type::kDynamic,
                               [&fill](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
                                 const Json* j = v[0].IsNull(i) ? nullptr : v[0].Dyn(i);
                                 if (!j || !j->is_array()) return b.AppendNull();
                                 b.AppendDynamic(std::make_shared<const Json>(fill(*j, v, i)));
                               });
                         }};
  });
}

// Carries the last present value over the missing ones, forwards or backwards.
Json Carry(const Json& s, const Placeholder& missing, bool forward) {
  Json out = s;
  size_t n = s.size();
  const Json* last = nullptr;
  for (size_t k = 0; k < n; ++k) {
    size_t at = forward ? k : n - 1 - k;
    if (!missing.Matches(s[at])) {
      last = &s[at];
    } else if (last) {
      out[at] = *last;
    }
  }
  return out;
}

Json FillLinear(const Json& s, const Placeholder& missing, bool fill_edges, double constant) {
  size_t n = s.size();
  std::vector<size_t> present;
  bool integral = true;
  for (size_t k = 0; k < n; ++k) {
    if (missing.Matches(s[k]) || !s[k].is_number()) continue;
    present.push_back(k);
    integral = integral && s[k].is_number_integer();
  }
  if (present.empty()) return Json(std::vector<double>(n, constant));
  Json out = s;
  auto value = [&](double x) { return integral ? Json(static_cast<int64_t>(x)) : Json(x); };
  for (size_t p = 0; p + 1 < present.size(); ++p) {
    size_t a = present[p], c = present[p + 1];
    double ya = s[a].get<double>(), yc = s[c].get<double>();
    for (size_t k = a + 1; k < c; ++k) {
      double t = static_cast<double>(k - a) / static_cast<double>(c - a);
      out[k] = value(ya + (yc - ya) * t);
    }
  }
  if (fill_edges) {
    for (size_t k = 0; k < present.front(); ++k) out[k] = s[present.front()];
    for (size_t k = present.back() + 1; k < n; ++k) out[k] = s[present.back()];
  }
  return out;
}

}  // namespace

void RegisterSeriesFill(FunctionRegistry& r) {
  AddFill(r, "series_fill_forward", 1, 2,
          [](const Json& s, const std::vector<ArgView>& v, size_t i) {
            return Carry(s, PlaceholderAt(v, 1, i), true);
          });
  AddFill(r, "series_fill_backward", 1, 2,
          [](const Json& s, const std::vector<ArgView>& v, size_t i) {
            return Carry(s, PlaceholderAt(v, 1, i), false);
          });
  AddFill(r, "series_fill_const", 2, 3, [](const Json& s, const std::vector<ArgView>& v, size_t i) {
    Placeholder missing = PlaceholderAt(v, 2, i);
    Json constant = v[1].IsNull(i) ? Json() : ToJson(v[1].Get(i));
    Json out = s;
    for (size_t k = 0; k < s.size(); ++k) {
      if (missing.Matches(s[k])) out[k] = constant;
    }
    return out;
  });
  AddFill(r, "series_fill_linear", 1, 4,
          [](const Json& s, const std::vector<ArgView>& v, size_t i) {
            return FillLinear(s, PlaceholderAt(v, 1, i), ArgBool(v, 2, i, true),
                              OptionalReal(v, 3, i, 0));
          });
}

}  // namespace quarry::kql::fn
