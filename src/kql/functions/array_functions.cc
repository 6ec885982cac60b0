// Array and generator functions: range(start, stop [, step]) as a dynamic array (numbers, or
// datetimes / timespans by a timespan step), make_string and its other name
// unicode_codepoints_to_string (text from code points), array_sort_asc / array_sort_desc
// (several arrays in the first one's order; nulls last or first), zip, dynamic_to_json (keys
// sorted, as Kusto prints), and the non-deterministic rand([N]) and new_guid(), which the
// binder never constant-folds.
#include <fmt/core.h>

#include <algorithm>
#include <random>

#include "common/time.h"
#include "kql/functions/builtin_functions.h"
#include "kql/functions/kernel_util.h"

namespace quarry::kql::fn {
namespace {

// Kusto caps the elements range() may produce.
constexpr int64_t kMaxRangeElements = 1'000'000;

const Json* ArrayOf(const ArgView& v, size_t i) {
  if (v.type() != Type::kDynamic) return nullptr;
  const Json* j = v.Dyn(i);
  return j && j->is_array() ? j : nullptr;
}

void AppendJson(ColumnBuilder& b, std::optional<Json> j) {
  if (!j || j->is_null()) {
    b.AppendNull();
  } else {
    b.AppendDynamic(std::make_shared<const Json>(std::move(*j)));
  }
}

std::optional<Json> RangeArray(const std::vector<ArgView>& v, size_t i) {
  for (const auto& a : v) {
    if (a.IsNull(i)) return std::nullopt;
  }
  if (v[0].type() == Type::kDatetime || v[0].type() == Type::kTimespan) {
    // Datetimes (or timespans) by a timespan step, default 1d; elements as Kusto's JSON text.
    bool datetime = v[0].type() == Type::kDatetime;
    int64_t start = v[0].Long(i), stop = v[1].Long(i);
    int64_t step = v.size() > 2 ? v[2].Long(i) : kTicksPerDay;
    if (step == 0 || (stop - start) / step > kMaxRangeElements) return std::nullopt;
    Json out = Json::array();
    for (int64_t x = start; step > 0 ? x <= stop : x >= stop; x += step) {
      out.push_back(datetime ? FormatDatetime(x) : FormatTimespan(x));
    }
    return out;
  }
  bool real = std::any_of(v.begin(), v.end(), [](const ArgView& a) {
    return a.type() == Type::kReal || a.type() == Type::kDecimal;
  });
  Json out = Json::array();
  if (real) {
    double start = v[0].Real(i), stop = v[1].Real(i), step = v.size() > 2 ? v[2].Real(i) : 1.0;
    if (step == 0 || (stop - start) / step > kMaxRangeElements) return std::nullopt;
    for (double x = start; step > 0 ? x <= stop : x >= stop; x += step) out.push_back(x);
    return out;
  }
  int64_t start = v[0].Long(i), stop = v[1].Long(i), step = v.size() > 2 ? v[2].Long(i) : 1;
  if (step == 0 || (stop - start) / step > kMaxRangeElements) return std::nullopt;
  for (int64_t x = start; step > 0 ? x <= stop : x >= stop; x += step) out.push_back(x);
  return out;
}

// Kusto's order for array_sort_*: numbers by value, strings by ordinal, then other values by
// their JSON text; nulls go last either way.
bool JsonLess(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) return a.get<double>() < b.get<double>();
  if (a.is_string() && b.is_string()) return a.get<std::string>() < b.get<std::string>();
  if (a.is_number() != b.is_number()) return a.is_number();
  return a.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) < b.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// array_sort_asc/desc(arr1 [, arr2, ...] [, nulls_last]): arr1 sorted (nulls last unless
// nulls_last is false); further arrays of the same length are reordered like arr1 and the
// result is then the array of all the reordered arrays. Null when an argument is not an array
// or the lengths differ.
std::optional<Json> SortArrays(const std::vector<ArgView>& v, size_t i, bool descending) {
  size_t arrays = v.size();
  bool nulls_last = true;
  if (v.back().type() == Type::kBool) {
    --arrays;
    nulls_last = v.back().IsNull(i) || v.back().Long(i) != 0;
  }
  std::vector<const Json*> in;
  for (size_t k = 0; k < arrays; ++k) {
    const Json* arr = ArrayOf(v[k], i);
    if (!arr || (k > 0 && arr->size() != in[0]->size())) return std::nullopt;
    in.push_back(arr);
  }
  const Json& keys = *in[0];
  std::vector<size_t> order(keys.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const Json &x = keys[a], &y = keys[b];
    if (x.is_null() || y.is_null()) {
      return x.is_null() != y.is_null() && y.is_null() == nulls_last;
    }
    return descending ? JsonLess(y, x) : JsonLess(x, y);
  });
  Json out = Json::array();
  for (const Json* arr : in) {
    Json sorted = Json::array();
    for (size_t k : order) sorted.push_back((*arr)[k]);
    out.push_back(std::move(sorted));
  }
  if (arrays == 1) return out[0];
  return out;
}

Status CheckSortArgs(const std::string& name, std::span<const ArgInfo> args) {
  for (size_t k = 0; k < args.size(); ++k) {
    bool flag = k > 0 && k + 1 == args.size() && args[k].type == Type::kBool;
    if (!flag && args[k].type != Type::kDynamic) {
      return ArgTypeError(name, k, "dynamic (or a last bool: nulls_last)", args[k].type);
    }
  }
  return Status::Ok();
}

Json SortedKeys(const Json& j) {
  if (j.is_array()) {
    Json out = Json::array();
    for (const auto& e : j) out.push_back(SortedKeys(e));
    return out;
  }
  if (!j.is_object()) return j;
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  std::sort(keys.begin(), keys.end());
  Json out = Json::object();
  for (const auto& k : keys) out[k] = SortedKeys(j.at(k));
  return out;
}

void AddRowFunction(FunctionRegistry& r, const std::string& name, size_t min, size_t max,
                    Type out, std::function<void(const std::vector<ArgView>&, size_t,
                                                 ColumnBuilder&)> row,
                    std::function<Status(std::span<const ArgInfo>)> check = nullptr) {
  r.AddScalar(name, [=](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, min, max));
    if (check) QUARRY_RETURN_IF_ERROR(check(args));
    return ScalarBinding{out, [row, out](std::span<const Datum> in, const EvalContext&) {
                           return MapRows(in, out, row);
                         }};
  });
}

Status CheckRangeArgs(std::span<const ArgInfo> args) {
  Type first = args[0].type;
  if (first == Type::kDatetime || first == Type::kTimespan) {
    if (args[1].type != first) return ArgTypeError("range", 1, TypeName(first), args[1].type);
    if (args.size() > 2 && args[2].type != Type::kTimespan) {
      return ArgTypeError("range", 2, "timespan", args[2].type);
    }
    return Status::Ok();
  }
  for (size_t k = 0; k < args.size(); ++k) {
    if (!IsNumeric(args[k].type)) return ArgTypeError("range", k, "a number", args[k].type);
  }
  return Status::Ok();
}

// make_string(codes...): the UTF-8 text of Unicode code points, given as numbers or arrays of
// numbers; invalid code points are skipped.
void AppendCodePoint(int64_t c, std::string* out) {
  if (c < 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return;
  auto u = static_cast<uint32_t>(c);
  if (u < 0x80) {
    *out += static_cast<char>(u);
  } else if (u < 0x800) {
    *out += static_cast<char>(0xC0 | (u >> 6));
    *out += static_cast<char>(0x80 | (u & 0x3F));
  } else if (u < 0x10000) {
    *out += static_cast<char>(0xE0 | (u >> 12));
    *out += static_cast<char>(0x80 | ((u >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (u & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (u >> 18));
    *out += static_cast<char>(0x80 | ((u >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((u >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (u & 0x3F));
  }
}

Status CheckMakeStringArgs(std::span<const ArgInfo> args) {
  for (size_t k = 0; k < args.size(); ++k) {
    if (!IsIntegral(args[k].type) && args[k].type != Type::kDynamic) {
      return ArgTypeError("make_string", k, "a whole number or a dynamic array", args[k].type);
    }
  }
  return Status::Ok();
}

Status CheckDynamicArgs(std::string_view name, std::span<const ArgInfo> args) {
  for (size_t k = 0; k < args.size(); ++k) {
    if (args[k].type != Type::kDynamic) return ArgTypeError(name, k, "dynamic", args[k].type);
  }
  return Status::Ok();
}

uint64_t Seed() {
  std::random_device device;
  return (static_cast<uint64_t>(device()) << 32) ^ device();
}

void RegisterRandom(FunctionRegistry& r) {
  r.AddScalar("rand", [](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount("rand", args, 0, 1));
    if (args.size() == 1 && !IsIntegral(args[0].type)) {
      return ArgTypeError("rand", 0, "a whole number", args[0].type);
    }
    bool integer = args.size() == 1;
    ScalarBinding binding{integer ? Type::kLong : Type::kReal,
                          [integer](std::span<const Datum> in, const EvalContext& ctx)
                              -> Result<Datum> {
                            std::mt19937_64 gen(Seed());
                            size_t n = std::max<size_t>(ctx.num_rows, BatchRows(in));
                            ColumnBuilder b(integer ? Type::kLong : Type::kReal);
                            b.Reserve(n);
                            for (size_t i = 0; i < n; ++i) {
                              if (!integer) {
                                b.AppendReal(std::uniform_real_distribution<double>(0, 1)(gen));
                                continue;
                              }
                              ArgView bound(in[0]);
                              int64_t limit = bound.IsNull(i) ? 0 : bound.Long(i);
                              if (limit <= 0) {
                                b.AppendNull();
                              } else {
                                b.AppendLong(
                                    std::uniform_int_distribution<int64_t>(0, limit - 1)(gen));
                              }
                            }
                            return Datum::Of(b.Finish());
                          }};
    binding.deterministic = false;
    return binding;
  });
  r.AddScalar("new_guid", [](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount("new_guid", args, 0, 0));
    ScalarBinding binding{Type::kGuid, [](std::span<const Datum>, const EvalContext& ctx)
                                           -> Result<Datum> {
                            std::mt19937_64 gen(Seed());
                            size_t n = std::max<size_t>(ctx.num_rows, 1);
                            ColumnBuilder b(Type::kGuid);
                            b.Reserve(n);
                            for (size_t i = 0; i < n; ++i) {
                              uint64_t hi = gen(), lo = gen();
                              hi = (hi & ~0xF000ULL) | 0x4000ULL;  // version 4
                              lo = (lo & ~(0xC0ULL << 56)) | (0x80ULL << 56);  // RFC 4122 variant
                              std::string s = fmt::format("{:016x}{:016x}", hi, lo);
                              b.AppendString(fmt::format("{}-{}-{}-{}-{}", s.substr(0, 8),
                                                         s.substr(8, 4), s.substr(12, 4),
                                                         s.substr(16, 4), s.substr(20)));
                            }
                            return Datum::Of(b.Finish());
                          }};
    binding.deterministic = false;
    return binding;
  });
}

}  // namespace

void RegisterArrayFunctions(FunctionRegistry& r) {
  AddRowFunction(
      r, "range", 2, 3, Type::kDynamic,
      [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) { AppendJson(b, RangeArray(v, i)); },
      CheckRangeArgs);
  for (bool descending : {false, true}) {
    std::string name = descending ? "array_sort_desc" : "array_sort_asc";
    AddRowFunction(
        r, name, 1, 64, Type::kDynamic,
        [descending](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
          AppendJson(b, SortArrays(v, i, descending));
        },
        [name](std::span<const ArgInfo> args) { return CheckSortArgs(name, args); });
  }
  AddRowFunction(
      r, "zip", 2, 16, Type::kDynamic,
      [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
        size_t longest = 0;
        for (const auto& a : v) {
          const Json* arr = ArrayOf(a, i);
          if (!arr) return b.AppendNull();
          longest = std::max(longest, arr->size());
        }
        Json out = Json::array();
        for (size_t k = 0; k < longest; ++k) {
          Json tuple = Json::array();
          for (const auto& a : v) {
            const Json* arr = ArrayOf(a, i);
            tuple.push_back(k < arr->size() ? (*arr)[k] : Json());
          }
          out.push_back(std::move(tuple));
        }
        b.AppendDynamic(std::make_shared<const Json>(std::move(out)));
      },
      [](std::span<const ArgInfo> args) { return CheckDynamicArgs("zip", args); });
  AddRowFunction(r, "dynamic_to_json", 1, 1, Type::kString,
                 [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
                   if (v[0].IsNull(i)) return b.AppendString("null");
                   Json j = v[0].type() == Type::kDynamic ? *v[0].Dyn(i) : ToJson(v[0].Get(i));
                   b.AppendString(SortedKeys(j).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
                 });
  for (const char* name : {"make_string", "unicode_codepoints_to_string"}) {
  AddRowFunction(
      r, name, 1, 64, Type::kString,
      [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
        std::string out;
        for (const auto& a : v) {
          if (a.IsNull(i)) continue;
          if (a.type() != Type::kDynamic) {
            AppendCodePoint(a.Long(i), &out);
            continue;
          }
          const Json* j = a.Dyn(i);
          if (j && j->is_number_integer()) AppendCodePoint(j->get<int64_t>(), &out);
          if (!j || !j->is_array()) continue;
          for (const auto& e : *j) {
            if (e.is_number_integer()) AppendCodePoint(e.get<int64_t>(), &out);
          }
        }
        b.AppendString(out);
      },
      CheckMakeStringArgs);
  }
  RegisterRandom(r);
}

}  // namespace quarry::kql::fn
