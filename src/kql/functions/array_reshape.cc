// Functions that rearrange or combine dynamic arrays and bags element by element:
// array_shift_left / array_shift_right (with a fill value), array_rotate_left / array_rotate_right,
// array_iff (an element-wise iff), array_split (at indices), bag_zip (keys array + values array),
// bag_set_key (a key or a JSONPath like '$.a.b', creating the nested bags), pack_all /
// bag_pack_columns (the binder passes the column names and values), jaccard_index (of the
// distinct elements) and has_any_index (the first lookup term `has` finds). Inputs of the wrong
// shape give null, as in Kusto.
#include <algorithm>
#include <set>

#include "kql/functions/builtin_functions.h"
#include "kql/functions/kernel_util.h"
#include "kql/functions/text_search.h"

namespace quarry::kql::fn {
namespace {

const Json* ArrayArg(const ArgView& v, size_t i) {
  if (v.type() != Type::kDynamic) return nullptr;
  const Json* j = v.Dyn(i);
  return j && j->is_array() ? j : nullptr;
}

// The row's value as a JSON element (strings as JSON strings, null for null).
Json ElementAt(const ArgView& v, size_t i) {
  if (v.IsNull(i)) return Json();
  if (v.type() == Type::kDynamic) {
    const Json* j = v.Dyn(i);
    return j ? *j : Json();
  }
  if (IsStringLike(v.type())) return Json(std::string(v.Str(i)));
  return ToJson(v.Get(i));
}

using DynRow = std::function<std::optional<Json>(const std::vector<ArgView>&, size_t)>;

void AddDynamic(FunctionRegistry& r, const std::string& name, size_t min, size_t max, DynRow row,
                std::function<Status(std::span<const ArgInfo>)> check = nullptr) {
  r.AddScalar(name, [=](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, min, max));
    if (check) QUARRY_RETURN_IF_ERROR(check(args));
    return ScalarBinding{Type::kDynamic, [row](std::span<const Datum> in, const EvalContext&) {
                           return MapRows(
                               in, Type::kDynamic,
                               [&row](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
                                 auto j = row(v, i);
                                 if (!j || j->is_null()) {
                                   b.AppendNull();
                                 } else {
                                   b.AppendDynamic(std::make_shared<const Json>(std::move(*j)));
                                 }
                               });
                         }};
  });
}

// Checks that argument `index` (when present) is a whole number.
std::function<Status(std::span<const ArgInfo>)> WholeNumberAt(std::string name, size_t index) {
  return [name, index](std::span<const ArgInfo> args) {
    if (args.size() > index && !IsIntegral(args[index].type)) {
      return ArgTypeError(name, index, "a whole number", args[index].type);
    }
    return Status::Ok();
  };
}

// Shifts left by `shift` places (right when negative), filling vacated slots with `fill`.
Json Shift(const Json& arr, int64_t shift, const Json& fill) {
  auto n = static_cast<int64_t>(arr.size());
  Json out = Json::array();
  for (int64_t k = 0; k < n; ++k) {
    int64_t from = k + shift;
    out.push_back(from >= 0 && from < n ? arr[static_cast<size_t>(from)] : fill);
  }
  return out;
}

Json Rotate(const Json& arr, int64_t shift) {
  auto n = static_cast<int64_t>(arr.size());
  Json out = Json::array();
  if (n == 0) return out;
  int64_t s = ((shift % n) + n) % n;
  for (int64_t k = 0; k < n; ++k) out.push_back(arr[static_cast<size_t>((k + s) % n)]);
  return out;
}

std::optional<Json> ShiftRow(const std::vector<ArgView>& v, size_t i, int sign, bool rotate) {
  const Json* arr = ArrayArg(v[0], i);
  if (!arr || v[1].IsNull(i)) return std::nullopt;
  int64_t shift = sign * v[1].Long(i);
  if (rotate) return Rotate(*arr, shift);
  return Shift(*arr, shift, v.size() > 2 ? ElementAt(v[2], i) : Json());
}

// The truth of a condition element: booleans, and numbers (non-zero is true); others are null.
std::optional<bool> Truth(const Json& e) {
  if (e.is_boolean()) return e.get<bool>();
  if (e.is_number()) return e.get<double>() != 0;
  return std::nullopt;
}

Json Pick(const ArgView& v, size_t i, size_t k) {
  if (const Json* arr = ArrayArg(v, i)) return k < arr->size() ? (*arr)[k] : Json();
  return ElementAt(v, i);
}

std::optional<Json> ArrayIff(const std::vector<ArgView>& v, size_t i) {
  const Json* cond = ArrayArg(v[0], i);
  if (!cond) return std::nullopt;
  Json out = Json::array();
  for (size_t k = 0; k < cond->size(); ++k) {
    auto t = Truth((*cond)[k]);
    out.push_back(!t ? Json() : Pick(*t ? v[1] : v[2], i, k));
  }
  return out;
}

std::optional<Json> ArraySplit(const std::vector<ArgView>& v, size_t i) {
  const Json* arr = ArrayArg(v[0], i);
  if (!arr || v[1].IsNull(i)) return std::nullopt;
  auto n = static_cast<int64_t>(arr->size());
  std::vector<int64_t> cuts;
  auto add_cut = [&](int64_t c) {
    if (c < 0) c += n;
    cuts.push_back(std::clamp<int64_t>(c, 0, n));
  };
  if (v[1].type() == Type::kDynamic) {
    const Json* idx = v[1].Dyn(i);
    if (idx && idx->is_number_integer()) add_cut(idx->get<int64_t>());
    if (idx && idx->is_array()) {
      for (const auto& e : *idx) {
        if (!e.is_number_integer()) return std::nullopt;
        add_cut(e.get<int64_t>());
      }
    }
  } else {
    add_cut(v[1].Long(i));
  }
  std::sort(cuts.begin(), cuts.end());
  Json out = Json::array();
  int64_t from = 0;
  cuts.push_back(n);
  for (int64_t cut : cuts) {
    Json part = Json::array();
    for (int64_t k = from; k < cut; ++k) part.push_back((*arr)[static_cast<size_t>(k)]);
    out.push_back(std::move(part));
    from = std::max(from, cut);
  }
  return out;
}

std::optional<Json> BagZip(const std::vector<ArgView>& v, size_t i) {
  const Json* keys = ArrayArg(v[0], i);
  if (!keys) return std::nullopt;
  const Json* values = ArrayArg(v[1], i);
  Json out = Json::object();
  for (size_t k = 0; k < keys->size(); ++k) {
    const Json& key = (*keys)[k];
    if (!key.is_string()) continue;
    out[key.get<std::string>()] = values && k < values->size() ? (*values)[k] : Json();
  }
  return out;
}

// The path of a bag_set_key key: '$.a.b' or "$['a']['b']" as its parts; a plain key as itself.
// nullopt for a malformed path.
std::optional<std::vector<std::string>> KeyPath(std::string_view key) {
  if (key.empty() || key[0] != '$') return std::vector<std::string>{std::string(key)};
  std::vector<std::string> parts;
  size_t p = 1;
  while (p < key.size()) {
    if (key[p] == '.') {
      size_t end = key.find_first_of(".[", p + 1);
      if (end == std::string_view::npos) end = key.size();
      if (end == p + 1) return std::nullopt;
      parts.emplace_back(key.substr(p + 1, end - p - 1));
      p = end;
    } else if (key[p] == '[' && p + 1 < key.size() && (key[p + 1] == '\'' || key[p + 1] == '"')) {
      char quote = key[p + 1];
      size_t close = key.find(quote, p + 2);
      if (close == std::string_view::npos || close + 1 >= key.size() || key[close + 1] != ']') {
        return std::nullopt;
      }
      parts.emplace_back(key.substr(p + 2, close - p - 2));
      p = close + 2;
    } else {
      return std::nullopt;
    }
  }
  if (parts.empty()) return std::nullopt;
  return parts;
}

std::optional<Json> BagSetKey(const std::vector<ArgView>& v, size_t i) {
  if (v[0].type() != Type::kDynamic) return std::nullopt;
  const Json* bag = v[0].Dyn(i);
  if (!bag || !bag->is_object()) return std::nullopt;
  auto path = KeyPath(v[1].Text(i));
  if (!path) return std::nullopt;
  Json out = *bag;
  Json* at = &out;
  for (size_t k = 0; k + 1 < path->size(); ++k) {
    Json& next = (*at)[(*path)[k]];
    if (!next.is_object()) next = Json::object();
    at = &next;
  }
  (*at)[path->back()] = ElementAt(v[2], i);
  return out;
}

// The kernel of pack_all / bag_pack_columns after the binder expands them:
// (ignore_null_empty, "name1", value1, ...). Skipped when ignoring: nulls and empty strings.
std::optional<Json> PackColumns(const std::vector<ArgView>& v, size_t i) {
  bool ignore_empty = !v[0].IsNull(i) && v[0].Long(i) != 0;
  Json out = Json::object();
  for (size_t k = 1; k + 1 < v.size(); k += 2) {
    Json value = ElementAt(v[k + 1], i);
    if (ignore_empty &&
        (value.is_null() || (value.is_string() && value.get<std::string>().empty()))) {
      continue;
    }
    out[v[k].Text(i)] = std::move(value);
  }
  return out;
}

std::string ElementKey(const Json& e) {
  return e.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void RegisterArrayIndexing(FunctionRegistry& r) {
  r.AddScalar("jaccard_index", [](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount("jaccard_index", args, 2, 2));
    return ScalarBinding{
        Type::kReal, [](std::span<const Datum> in, const EvalContext&) {
          return MapRows(
              in, Type::kReal, [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
                const Json* a = ArrayArg(v[0], i);
                const Json* c = ArrayArg(v[1], i);
                if (!a || !c) return b.AppendNull();
                std::set<std::string> left, all;
                for (const auto& e : *a) left.insert(ElementKey(e));
                all = left;
                size_t common = 0;
                std::set<std::string> right;
                for (const auto& e : *c) right.insert(ElementKey(e));
                for (const auto& k : right) {
                  common += left.count(k);
                  all.insert(k);
                }
                if (all.empty()) return b.AppendNull();
                b.AppendReal(static_cast<double>(common) / static_cast<double>(all.size()));
              });
        }};
  });
  r.AddScalar("has_any_index", [](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount("has_any_index", args, 2, 2));
    if (args[1].type != Type::kDynamic) {
      return ArgTypeError("has_any_index", 1, "a dynamic array", args[1].type);
    }
    return ScalarBinding{
        Type::kLong, [](std::span<const Datum> in, const EvalContext&) {
          return MapRows(
              in, Type::kLong, [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
                const Json* lookups = ArrayArg(v[1], i);
                if (!lookups) return b.AppendNull();
                std::string text = v[0].Text(i);
                for (size_t k = 0; k < lookups->size(); ++k) {
                  const Json& e = (*lookups)[k];
                  std::string term = e.is_string() ? e.get<std::string>() : ElementKey(e);
                  if (TextSearcher(term, false, MatchAnchor::kTerm).Matches(text)) {
                    return b.AppendLong(static_cast<int64_t>(k));
                  }
                }
                b.AppendLong(-1);
              });
        }};
  });
}

}  // namespace

void RegisterArrayReshape(FunctionRegistry& r) {
  for (bool right : {false, true}) {
    std::string shift = right ? "array_shift_right" : "array_shift_left";
    std::string rotate = right ? "array_rotate_right" : "array_rotate_left";
    int sign = right ? -1 : 1;
    AddDynamic(
        r, shift, 2, 3,
        [sign](const std::vector<ArgView>& v, size_t i) { return ShiftRow(v, i, sign, false); },
        WholeNumberAt(shift, 1));
    AddDynamic(
        r, rotate, 2, 2,
        [sign](const std::vector<ArgView>& v, size_t i) { return ShiftRow(v, i, sign, true); },
        WholeNumberAt(rotate, 1));
  }
  AddDynamic(r, "array_iff", 3, 3, ArrayIff);
  AddDynamic(r, "array_split", 2, 2, ArraySplit);
  AddDynamic(r, "bag_zip", 2, 2, BagZip);
  AddDynamic(r, "bag_set_key", 3, 3, BagSetKey);
  for (const char* name : {"pack_all", "bag_pack_columns"}) {
    AddDynamic(r, name, 1, 1 + 2 * 4096, PackColumns);
  }
  RegisterArrayIndexing(r);
}

}  // namespace quarry::kql::fn
