// The scalar forms of the sketch merges: merge_tdigest(s1, s2, ...) (alias tdigest_merge) over
// tdigest() sketches and hll_merge(s1, s2, ...) over hll() sketches, merging the sketches of one
// row. The aggregations of the same names (aggregates_tdigest.cc, aggregates_stats.cc) merge a
// column of them; a call with one argument inside summarize is the aggregation.
#include <algorithm>
#include <string>

#include "kql/functions/builtin_functions.h"
#include "kql/functions/kernel_util.h"

namespace quarry::kql::fn {
namespace {

using MergeRow = Json (*)(const std::vector<const Json*>& sketches);

// tdigest sketches: [value, weight] pairs, sorted by value; equal values add their weights.
Json MergeTdigests(const std::vector<const Json*>& sketches) {
  std::vector<std::pair<double, Json>> pairs;
  for (const Json* s : sketches) {
    if (!s || !s->is_array()) continue;
    for (const auto& e : *s) {
      if (e.is_array() && e.size() == 2 && e[0].is_number() && e[1].is_number()) {
        pairs.emplace_back(e[0].get<double>(), e);
      }
    }
  }
  std::stable_sort(pairs.begin(), pairs.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  Json out = Json::array();
  for (const auto& [x, e] : pairs) {
    if (!out.empty() && out.back()[0].get<double>() == x) {
      Json& w = out.back()[1];
      double sum = w.get<double>() + e[1].get<double>();
      w = w.is_number_integer() && e[1].is_number_integer()
              ? Json(w.get<int64_t>() + e[1].get<int64_t>())
              : Json(sum);
    } else {
      out.push_back(e);
    }
  }
  return out;
}

// hll sketches: sorted arrays of distinct value hashes.
Json MergeHlls(const std::vector<const Json*>& sketches) {
  std::vector<uint64_t> hashes;
  for (const Json* s : sketches) {
    if (!s || !s->is_array()) continue;
    for (const auto& h : *s) {
      if (h.is_number_unsigned()) hashes.push_back(h.get<uint64_t>());
    }
  }
  std::sort(hashes.begin(), hashes.end());
  hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
  return Json(hashes);
}

void AddMerge(FunctionRegistry& r, const std::string& name, MergeRow merge) {
  r.AddScalar(name, [=](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 1, 64));
    for (size_t k = 0; k < args.size(); ++k) {
      if (args[k].type != Type::kDynamic)
        return ArgTypeError(name, k, "dynamic (a sketch)", args[k].type);
    }
    return ScalarBinding{Type::kDynamic, [merge](std::span<const Datum> in, const EvalContext&) {
                           return MapRows(
                               in, Type::kDynamic,
                               [merge](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
                                 std::vector<const Json*> sketches;
                                 for (const auto& a : v)
                                   sketches.push_back(a.IsNull(i) ? nullptr : a.Dyn(i));
                                 b.AppendDynamic(std::make_shared<const Json>(merge(sketches)));
                               });
                         }};
  });
}

}  // namespace

void RegisterSketchMerges(FunctionRegistry& r) {
  AddMerge(r, "merge_tdigest", MergeTdigests);
  AddMerge(r, "tdigest_merge", MergeTdigests);
  AddMerge(r, "hll_merge", MergeHlls);
}

}  // namespace quarry::kql::fn
