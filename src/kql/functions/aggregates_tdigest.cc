// Percentile sketches: tdigest(x [, weight]) builds one per group; the aggregation
// merge_tdigest(sketch) (alias tdigest_merge) merges a column of them (the scalar form,
// merge_tdigest(s1, s2, ...), is in sketch_merge.cc); percentile_tdigest(sketch, p [, typeof(T)])
// and rank_tdigest(sketch, x) read them.
//
// The sketch is held exactly, as a dynamic array of [value, weight] pairs sorted by value
// (datetimes and timespans as ticks), so percentiles are exact nearest ranks (see
// weighted_rank.h); Kusto's t-digest is an estimate, so large inputs can differ slightly.
// percentile_tdigest returns real unless typeof(T) names the type; rank_tdigest returns the
// total weight of the values <= x.
#include <fmt/core.h>

#include <string>

#include "kql/functions/aggregate_util.h"
#include "kql/functions/builtin_functions.h"
#include "kql/functions/weighted_rank.h"

namespace quarry::kql::fn {
namespace {

// Adds the pairs of a sketch to `out`; ignores anything that is not a sketch.
void ReadSketch(const Json* j, WeightedValues& out) {
  if (!j || !j->is_array()) return;
  for (const auto& e : *j) {
    if (e.is_array() && e.size() == 2 && e[0].is_number() && e[1].is_number()) {
      out.emplace_back(e[0].get<double>(), e[1].get<double>());
    }
  }
}

Json SketchJson(WeightedValues& v) {
  NormalizeWeighted(v);
  Json out = Json::array();
  for (const auto& [x, w] : v) {
    out.push_back(Json::array({x, w == static_cast<double>(static_cast<int64_t>(w))
                                      ? Json(static_cast<int64_t>(w))
                                      : Json(w)}));
  }
  return out;
}

class TdigestState : public AggregateState {
 public:
  explicit TdigestState(bool merge_sketches) : merge_sketches_(merge_sketches) {}

  void Update(std::span<const Datum> args, std::span<const uint32_t> groups,
              size_t num_groups) override {
    if (values_.size() < num_groups) values_.resize(num_groups);
    ArgView v(args[0]);
    std::optional<ArgView> w;
    if (args.size() > 1) w.emplace(args[1]);
    bool integral = KeyKindOf(v.type()) == KeyKind::kIntegral;
    for (size_t i = 0; i < groups.size(); ++i) {
      if (merge_sketches_) {
        if (v.type() == Type::kDynamic && !v.IsNull(i)) ReadSketch(v.Dyn(i), values_[groups[i]]);
        continue;
      }
      if (v.IsNull(i) || (w && w->IsNull(i))) continue;
      double x = integral ? static_cast<double>(v.Long(i)) : v.Real(i);
      values_[groups[i]].emplace_back(x, w ? w->Real(i) : 1.0);
    }
  }

  void Merge(AggregateState& other, std::span<const uint32_t> into, size_t num_groups) override {
    auto& o = static_cast<TdigestState&>(other);
    if (values_.size() < num_groups) values_.resize(num_groups);
    for (size_t g = 0; g < o.values_.size(); ++g) {
      auto& mine = values_[into[g]];
      mine.insert(mine.end(), o.values_[g].begin(), o.values_[g].end());
    }
  }

  Result<std::vector<ColumnPtr>> Finish(size_t num_groups) override {
    if (values_.size() < num_groups) values_.resize(num_groups);
    ColumnBuilder b(Type::kDynamic);
    for (size_t g = 0; g < num_groups; ++g) {
      // Over no values the sketch is null, as Kusto shows it (summarize over an empty table).
      if (values_[g].empty()) {
        b.AppendNull();
        continue;
      }
      b.AppendDynamic(std::make_shared<const Json>(SketchJson(values_[g])));
    }
    return std::vector<ColumnPtr>{b.Finish()};
  }

 private:
  bool merge_sketches_;
  std::vector<WeightedValues> values_;
};

AggregateBinder MakeTdigest(std::string name, bool merge) {
  return [=](std::span<const ArgInfo> args) -> Result<AggregateBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 1, merge ? 1 : 2));
    Type t = args[0].type;
    if (merge && t != Type::kDynamic) return ArgTypeError(name, 0, "dynamic (a tdigest)", t);
    if (!merge && !IsNumeric(t) && t != Type::kDatetime && t != Type::kTimespan) {
      return ArgTypeError(name, 0, "a number, datetime or timespan", t);
    }
    if (args.size() > 1 && !IsNumeric(args[1].type)) {
      return ArgTypeError(name, 1, "a number", args[1].type);
    }
    return AggregateBinding{{Type::kDynamic},
                            [merge] { return std::make_unique<TdigestState>(merge); }};
  };
}

Result<ScalarBinding> BindPercentile(std::span<const ArgInfo> args) {
  QUARRY_RETURN_IF_ERROR(CheckArgCount("percentile_tdigest", args, 2, 3));
  if (args[0].type != Type::kDynamic) {
    return ArgTypeError("percentile_tdigest", 0, "dynamic (a tdigest)", args[0].type);
  }
  if (!IsNumeric(args[1].type))
    return ArgTypeError("percentile_tdigest", 1, "a number", args[1].type);
  Type out = args.size() > 2 ? args[2].type : Type::kReal;
  if (!IsNumeric(out) && out != Type::kDatetime && out != Type::kTimespan) {
    return InvalidArgument(fmt::format(
        "percentile_tdigest(): argument 3 must be typeof() a number, datetime or timespan, got {}",
        TypeName(out)));
  }
  return ScalarBinding{
      out, [out](std::span<const Datum> in, const EvalContext&) {
        std::vector<Datum> c{in[0], CoerceDatum(in[1], Type::kReal)};
        return MapRows(c, out, [out](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
          WeightedValues sketch;
          if (!v[0].IsNull(i)) ReadSketch(v[0].Dyn(i), sketch);
          NormalizeWeighted(sketch);
          std::optional<double> x;
          if (!v[1].IsNull(i)) x = WeightedPercentile(sketch, v[1].Real(i));
          if (!x) return b.AppendNull();
          if (out == Type::kReal || out == Type::kDecimal) {
            b.AppendReal(*x);
          } else if (out == Type::kInt) {
            b.AppendInt(static_cast<int32_t>(*x));
          } else {
            b.AppendLong(static_cast<int64_t>(*x));
          }
        });
      }};
}

Result<ScalarBinding> BindRank(std::span<const ArgInfo> args) {
  QUARRY_RETURN_IF_ERROR(CheckArgCount("rank_tdigest", args, 2, 2));
  if (args[0].type != Type::kDynamic) {
    return ArgTypeError("rank_tdigest", 0, "dynamic (a tdigest)", args[0].type);
  }
  Type t = args[1].type;
  if (!IsNumeric(t) && t != Type::kDatetime && t != Type::kTimespan) {
    return ArgTypeError("rank_tdigest", 1, "a number, datetime or timespan", t);
  }
  return ScalarBinding{
      Type::kLong, [](std::span<const Datum> in, const EvalContext&) {
        return MapRows(in, Type::kLong,
                       [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
                         if (v[0].IsNull(i) || v[1].IsNull(i)) return b.AppendNull();
                         WeightedValues sketch;
                         ReadSketch(v[0].Dyn(i), sketch);
                         NormalizeWeighted(sketch);
                         bool integral = KeyKindOf(v[1].type()) == KeyKind::kIntegral;
                         double x = integral ? static_cast<double>(v[1].Long(i)) : v[1].Real(i);
                         b.AppendLong(static_cast<int64_t>(WeightedRank(sketch, x)));
                       });
      }};
}

}  // namespace

void RegisterTdigestAggregates(FunctionRegistry& r) {
  r.AddAggregate("tdigest", MakeTdigest("tdigest", false));
  r.AddAggregate("merge_tdigest", MakeTdigest("merge_tdigest", true));
  r.AddAggregate("tdigest_merge", MakeTdigest("tdigest_merge", true));
  r.AddScalar("percentile_tdigest", BindPercentile);
  r.AddScalar("rank_tdigest", BindRank);
}

}  // namespace quarry::kql::fn
