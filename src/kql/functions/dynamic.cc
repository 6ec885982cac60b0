// Dynamic (JSON) functions: parse_json / todynamic, the property and index access the binder
// lowers x.a / x["a"] / x[0] to (__get_property, __get_index), array_length / arraylength,
// bag_keys, pack / bag_pack, pack_array, array_concat, array_slice, set_union, set_intersect,
// set_difference, set_has_element, array_index_of, array_sum, array_reverse, bag_merge,
// bag_has_key, bag_remove_keys (a key may be a JSONPath into nested bags), gettype. Arguments that
// are not dynamic are wrapped as JSON values.
#include <fmt/core.h>

#include <algorithm>
#include <unordered_set>

#include "kql/functions/builtin_functions.h"
#include "kql/functions/json_path.h"
#include "kql/functions/kernel_util.h"

namespace quarry::kql::fn {
namespace {

// A bag key is a name, or a JSONPath of names ($.a.b, $['a']) into nested bags; Kusto supports
// no array indices there.
std::optional<std::vector<JsonPathStep>> KeyPath(const std::string& key) {
  if (key.empty() || key[0] != '$') return std::nullopt;
  auto steps = ParseJsonPath(key);
  if (!steps || steps->empty()) return std::nullopt;
  for (const auto& s : *steps) {
    if (s.index >= 0) return std::nullopt;
  }
  return steps;
}

bool HasKey(const Json& bag, const std::string& key) {
  if (auto steps = KeyPath(key)) return FollowJsonPath(bag, *steps) != nullptr;
  return bag.contains(key);
}

void RemoveKey(Json& bag, const std::string& key) {
  auto steps = KeyPath(key);
  if (!steps) {
    bag.erase(key);
    return;
  }
  Json* at = &bag;
  for (size_t k = 0; k + 1 < steps->size(); ++k) {
    auto it = at->find((*steps)[k].name);
    if (it == at->end() || !it->is_object()) return;
    at = &*it;
  }
  at->erase(steps->back().name);
}

// The row's value as JSON (null for null; strings as JSON strings).
Json JsonAt(const ArgView& v, size_t i) {
  if (v.type() == Type::kDynamic) {
    const Json* j = v.Dyn(i);
    return j ? *j : Json();
  }
  if (IsStringLike(v.type())) return Json(std::string(v.Str(i)));
  return ToJson(v.Get(i));
}

const Json* ArrayAt(const ArgView& v, size_t i) {
  if (v.type() != Type::kDynamic) return nullptr;
  const Json* j = v.Dyn(i);
  return j && j->is_array() ? j : nullptr;
}

using DynRow = std::function<std::optional<Json>(const std::vector<ArgView>&, size_t)>;

// Registers a function returning dynamic; nullopt from `row` appends null.
void AddDynamic(FunctionRegistry& r, const std::string& name, size_t min, size_t max, DynRow row) {
  r.AddScalar(name, [=](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, min, max));
    return ScalarBinding{Type::kDynamic, [row](std::span<const Datum> in, const EvalContext&) {
                           return MapRows(in, Type::kDynamic,
                                          [&row](const std::vector<ArgView>& v, size_t i,
                                                 ColumnBuilder& b) {
                                            auto j = row(v, i);
                                            if (!j || j->is_null()) {
                                              b.AppendNull();
                                            } else {
                                              b.AppendDynamic(
                                                  std::make_shared<const Json>(std::move(*j)));
                                            }
                                          });
                         }};
  });
}

using TypedRow = std::function<void(const std::vector<ArgView>&, size_t, ColumnBuilder&)>;

void AddTyped(FunctionRegistry& r, const std::string& name, size_t min, size_t max, Type out,
              TypedRow row) {
  r.AddScalar(name, [=](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, min, max));
    return ScalarBinding{out, [row, out](std::span<const Datum> in, const EvalContext&) {
                           return MapRows(in, out, row);
                         }};
  });
}

Result<Datum> ParseJson(std::span<const Datum> in, const EvalContext&) {
  if (in[0].type() == Type::kDynamic) return in[0];
  return MapRows(in, Type::kDynamic, [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
    if (!IsStringLike(v[0].type())) {
      b.AppendDynamic(v[0].IsNull(i) ? nullptr : std::make_shared<const Json>(ToJson(v[0].Get(i))));
      return;
    }
    std::string_view s = v[0].Str(i);
    if (s.empty()) {
      b.AppendNull();
      return;
    }
    Json j = Json::parse(s.begin(), s.end(), nullptr, false);
    if (j.is_discarded()) j = Json(std::string(s));
    b.AppendDynamic(std::make_shared<const Json>(std::move(j)));
  });
}

std::optional<Json> GetProperty(const Json* j, std::string_view key) {
  if (!j || !j->is_object()) return std::nullopt;
  auto it = j->find(std::string(key));
  if (it == j->end()) return std::nullopt;
  return *it;
}

std::optional<Json> GetIndex(const Json* j, int64_t k) {
  if (!j || !j->is_array()) return std::nullopt;
  auto n = static_cast<int64_t>(j->size());
  if (k < 0) k += n;
  if (k < 0 || k >= n) return std::nullopt;
  return (*j)[static_cast<size_t>(k)];
}

std::string JsonKey(const Json& e) { return e.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

std::optional<Json> SetOp(const std::vector<ArgView>& v, size_t i, int op) {
  // op: 0 union, 1 intersect, 2 difference (first minus all others)
  std::vector<const Json*> arrays;
  for (const auto& a : v) {
    const Json* arr = ArrayAt(a, i);
    if (!arr) return std::nullopt;
    arrays.push_back(arr);
  }
  Json out = Json::array();
  std::unordered_set<std::string> seen;
  if (op == 0) {
    for (const Json* arr : arrays) {
      for (const auto& e : *arr) {
        if (seen.insert(JsonKey(e)).second) out.push_back(e);
      }
    }
    return out;
  }
  std::vector<std::unordered_set<std::string>> others;
  for (size_t k = 1; k < arrays.size(); ++k) {
    others.emplace_back();
    for (const auto& e : *arrays[k]) others.back().insert(JsonKey(e));
  }
  for (const auto& e : *arrays[0]) {
    std::string key = JsonKey(e);
    bool in_all = true, in_any = false;
    for (const auto& o : others) {
      bool has = o.count(key) > 0;
      in_all &= has;
      in_any |= has;
    }
    bool keep = op == 1 ? in_all : !in_any;
    if (keep && seen.insert(key).second) out.push_back(e);
  }
  return out;
}

std::string TypeOfJson(const Json& j) {
  if (j.is_null()) return "null";
  if (j.is_array()) return "array";
  if (j.is_object()) return "dictionary";
  if (j.is_string()) return "string";
  if (j.is_boolean()) return "bool";
  if (j.is_number_float()) return "real";
  return "long";
}

void RegisterAccess(FunctionRegistry& r) {
  r.AddScalar("parse_json", [](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount("parse_json", args, 1, 1));
    return ScalarBinding{Type::kDynamic, ParseJson};
  });
  r.AddScalar("todynamic", [](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount("todynamic", args, 1, 1));
    return ScalarBinding{Type::kDynamic, ParseJson};
  });
  AddDynamic(r, "__get_property", 2, 2, [](const std::vector<ArgView>& v, size_t i) {
    const Json* j = v[0].type() == Type::kDynamic ? v[0].Dyn(i) : nullptr;
    if (IsNumeric(v[1].type())) return v[1].IsNull(i) ? std::nullopt : GetIndex(j, v[1].Long(i));
    return GetProperty(j, v[1].Text(i));
  });
  AddDynamic(r, "__get_index", 2, 2, [](const std::vector<ArgView>& v, size_t i) {
    const Json* j = v[0].type() == Type::kDynamic ? v[0].Dyn(i) : nullptr;
    if (IsStringLike(v[1].type())) return GetProperty(j, v[1].Str(i));
    if (v[1].IsNull(i)) return std::optional<Json>();
    return GetIndex(j, v[1].Long(i));
  });
  for (const char* name : {"array_length", "arraylength"}) {
    AddTyped(r, name, 1, 1, Type::kLong,
             [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
               const Json* arr = ArrayAt(v[0], i);
               if (arr) {
                 b.AppendLong(static_cast<int64_t>(arr->size()));
               } else {
                 b.AppendNull();
               }
             });
  }
  AddTyped(r, "gettype", 1, 1, Type::kString,
           [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
             Type t = v[0].type();
             if (t == Type::kDynamic) {
               const Json* j = v[0].Dyn(i);
               b.AppendString(j ? TypeOfJson(*j) : "null");
             } else if (t == Type::kGuid) {
               b.AppendString("guid");
             } else {
               b.AppendString(TypeName(t));
             }
           });
}

void RegisterBags(FunctionRegistry& r) {
  auto pack = [](const std::vector<ArgView>& v, size_t i) -> std::optional<Json> {
    Json o = Json::object();
    for (size_t k = 0; k + 1 < v.size(); k += 2) o[v[k].Text(i)] = JsonAt(v[k + 1], i);
    return o;
  };
  AddDynamic(r, "pack", 2, 128, pack);
  AddDynamic(r, "bag_pack", 2, 128, pack);
  AddDynamic(r, "pack_dictionary", 2, 128, pack);
  AddDynamic(r, "bag_keys", 1, 1, [](const std::vector<ArgView>& v, size_t i) {
    const Json* j = v[0].type() == Type::kDynamic ? v[0].Dyn(i) : nullptr;
    if (!j || !j->is_object()) return std::optional<Json>();
    Json keys = Json::array();
    for (auto it = j->begin(); it != j->end(); ++it) keys.push_back(it.key());
    return std::optional<Json>(keys);
  });
  AddDynamic(r, "bag_merge", 1, 64, [](const std::vector<ArgView>& v, size_t i) {
    Json o = Json::object();
    for (const auto& a : v) {
      const Json* j = a.type() == Type::kDynamic ? a.Dyn(i) : nullptr;
      if (!j || !j->is_object()) continue;
      for (auto it = j->begin(); it != j->end(); ++it) {
        if (!o.contains(it.key())) o[it.key()] = it.value();
      }
    }
    return std::optional<Json>(o);
  });
  AddDynamic(r, "bag_remove_keys", 2, 2, [](const std::vector<ArgView>& v, size_t i) {
    const Json* j = v[0].type() == Type::kDynamic ? v[0].Dyn(i) : nullptr;
    const Json* keys = ArrayAt(v[1], i);
    if (!j || !j->is_object()) return std::optional<Json>();
    Json o = *j;
    if (keys) {
      for (const auto& k : *keys) {
        if (k.is_string()) RemoveKey(o, k.get<std::string>());
      }
    }
    return std::optional<Json>(o);
  });
  AddTyped(r, "bag_has_key", 2, 2, Type::kBool,
           [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
             const Json* j = v[0].type() == Type::kDynamic ? v[0].Dyn(i) : nullptr;
             b.AppendBool(j && j->is_object() && HasKey(*j, v[1].Text(i)));
           });
}

void RegisterArrays(FunctionRegistry& r) {
  AddDynamic(r, "pack_array", 1, 1024, [](const std::vector<ArgView>& v, size_t i) {
    Json a = Json::array();
    for (const auto& x : v) a.push_back(JsonAt(x, i));
    return std::optional<Json>(a);
  });
  AddDynamic(r, "array_concat", 1, 64, [](const std::vector<ArgView>& v, size_t i) {
    Json a = Json::array();
    for (const auto& x : v) {
      const Json* arr = ArrayAt(x, i);
      if (arr) a.insert(a.end(), arr->begin(), arr->end());
    }
    return std::optional<Json>(a);
  });
  AddDynamic(r, "array_slice", 3, 3, [](const std::vector<ArgView>& v, size_t i) {
    const Json* arr = ArrayAt(v[0], i);
    if (!arr || v[1].IsNull(i) || v[2].IsNull(i)) return std::optional<Json>();
    auto n = static_cast<int64_t>(arr->size());
    int64_t start = v[1].Long(i), end = v[2].Long(i);
    if (start < 0) start += n;
    if (end < 0) end += n;
    start = std::max<int64_t>(start, 0);
    end = std::min<int64_t>(end, n - 1);
    Json out = Json::array();
    for (int64_t k = start; k <= end; ++k) out.push_back((*arr)[static_cast<size_t>(k)]);
    return std::optional<Json>(out);
  });
  AddDynamic(r, "array_reverse", 1, 1, [](const std::vector<ArgView>& v, size_t i) {
    const Json* arr = ArrayAt(v[0], i);
    if (!arr) return std::optional<Json>();
    Json out = Json::array();
    for (auto it = arr->rbegin(); it != arr->rend(); ++it) out.push_back(*it);
    return std::optional<Json>(out);
  });
  AddDynamic(r, "set_union", 2, 64,
             [](const std::vector<ArgView>& v, size_t i) { return SetOp(v, i, 0); });
  AddDynamic(r, "set_intersect", 2, 64,
             [](const std::vector<ArgView>& v, size_t i) { return SetOp(v, i, 1); });
  AddDynamic(r, "set_difference", 2, 64,
             [](const std::vector<ArgView>& v, size_t i) { return SetOp(v, i, 2); });
  AddTyped(r, "set_has_element", 2, 2, Type::kBool,
           [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
             const Json* arr = ArrayAt(v[0], i);
             if (!arr) {
               b.AppendNull();
               return;
             }
             Json needle = JsonAt(v[1], i);
             b.AppendBool(std::find(arr->begin(), arr->end(), needle) != arr->end());
           });
  // array_index_of(arr, value [, start [, length [, occurrence]]]): a negative start counts
  // from the end, length -1 is "to the end"; null for length < -1 or occurrence < 0.
  AddTyped(r, "array_index_of", 2, 5, Type::kLong,
           [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
             const Json* arr = ArrayAt(v[0], i);
             for (size_t k = 2; k < v.size(); ++k) {
               if (v[k].IsNull(i) || !IsIntegral(v[k].type())) arr = nullptr;
             }
             if (!arr) {
               b.AppendNull();
               return;
             }
             auto n = static_cast<int64_t>(arr->size());
             int64_t start = v.size() > 2 ? v[2].Long(i) : 0;
             int64_t length = v.size() > 3 ? v[3].Long(i) : -1;
             int64_t occurrence = v.size() > 4 ? v[4].Long(i) : 1;
             if (length < -1 || occurrence < 0) {
               b.AppendNull();
               return;
             }
             if (start < 0) start = std::max<int64_t>(0, start + n);
             int64_t end = length < 0 ? n : std::min(n, start + length);
             Json needle = JsonAt(v[1], i);
             for (int64_t k = start, seen = 0; k < end; ++k) {
               if ((*arr)[static_cast<size_t>(k)] == needle && ++seen >= occurrence) {
                 b.AppendLong(k);
                 return;
               }
             }
             b.AppendLong(-1);
           });
  AddTyped(r, "array_sum", 1, 1, Type::kReal,
           [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
             const Json* arr = ArrayAt(v[0], i);
             if (!arr) {
               b.AppendNull();
               return;
             }
             double sum = 0;
             for (const auto& e : *arr) {
               if (!e.is_number()) {
                 b.AppendNull();
                 return;
               }
               sum += e.get<double>();
             }
             b.AppendReal(sum);
           });
}

}  // namespace

void RegisterDynamic(FunctionRegistry& r) {
  RegisterAccess(r);
  RegisterBags(r);
  RegisterArrays(r);
}

}  // namespace quarry::kql::fn
