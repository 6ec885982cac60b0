// Statistical aggregations: stdev / stdevif / stdevp, variance / varianceif / variancep,
// percentile / percentiles (exact, nearest rank; Kusto estimates with t-digest, so results can
// differ slightly on large inputs), hll (a mergeable distinct-value sketch, held exactly as the
// set of value hashes) with dcount_hll and hll_merge.
#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_set>

#include "kql/functions/aggregate_util.h"
#include "kql/functions/builtin_functions.h"

namespace quarry::kql::fn {
namespace {

// Welford-free sums: count, sum, sum of squares (merge by addition).
class VarianceState : public AggregateState {
 public:
  VarianceState(bool sample, bool root, bool conditional)
      : sample_(sample), root_(root), conditional_(conditional) {}
  void Update(std::span<const Datum> args, std::span<const uint32_t> groups,
              size_t num_groups) override {
    Grow(num_groups);
    ArgView v(args[0]);
    std::optional<ArgView> p;
    if (conditional_) p.emplace(args[1]);
    for (size_t i = 0; i < groups.size(); ++i) {
      if (v.IsNull(i) || (p && !PredicateAt(*p, i))) continue;
      double x = v.Real(i);
      uint32_t g = groups[i];
      n_[g] += 1;
      sum_[g] += x;
      sq_[g] += x * x;
    }
  }
  void Merge(AggregateState& other, std::span<const uint32_t> into, size_t num_groups) override {
    auto& o = static_cast<VarianceState&>(other);
    Grow(num_groups);
    for (size_t g = 0; g < o.n_.size(); ++g) {
      n_[into[g]] += o.n_[g];
      sum_[into[g]] += o.sum_[g];
      sq_[into[g]] += o.sq_[g];
    }
  }
  Result<std::vector<ColumnPtr>> Finish(size_t num_groups) override {
    Grow(num_groups);
    ColumnBuilder b(Type::kReal);
    b.Reserve(num_groups);
    for (size_t g = 0; g < num_groups; ++g) {
      double n = n_[g];
      double denom = sample_ ? n - 1 : n;
      if (denom <= 0) {
        b.AppendReal(0);
        continue;
      }
      double var = std::max(0.0, (sq_[g] - sum_[g] * sum_[g] / n) / denom);
      b.AppendReal(root_ ? std::sqrt(var) : var);
    }
    return std::vector<ColumnPtr>{b.Finish()};
  }

 private:
  void Grow(size_t n) {
    if (n_.size() >= n) return;
    n_.resize(n);
    sum_.resize(n);
    sq_.resize(n);
  }
  bool sample_, root_, conditional_;
  std::vector<double> n_, sum_, sq_;
};

class PercentileState : public AggregateState {
 public:
  PercentileState(Type t, std::vector<double> ps) : type_(t), ps_(std::move(ps)) {}
  void Update(std::span<const Datum> args, std::span<const uint32_t> groups,
              size_t num_groups) override {
    if (values_.size() < num_groups) values_.resize(num_groups);
    ArgView v(args[0]);
    bool integral = KeyKindOf(type_) == KeyKind::kIntegral;
    for (size_t i = 0; i < groups.size(); ++i) {
      if (v.IsNull(i)) continue;
      values_[groups[i]].push_back(integral ? static_cast<double>(v.Long(i)) : v.Real(i));
    }
  }
  void Merge(AggregateState& other, std::span<const uint32_t> into, size_t num_groups) override {
    auto& o = static_cast<PercentileState&>(other);
    if (values_.size() < num_groups) values_.resize(num_groups);
    for (size_t g = 0; g < o.values_.size(); ++g) {
      auto& mine = values_[into[g]];
      mine.insert(mine.end(), o.values_[g].begin(), o.values_[g].end());
    }
  }
  Result<std::vector<ColumnPtr>> Finish(size_t num_groups) override {
    if (values_.size() < num_groups) values_.resize(num_groups);
    std::vector<ColumnBuilder> builders;
    for (size_t k = 0; k < ps_.size(); ++k) builders.emplace_back(type_);
    for (size_t g = 0; g < num_groups; ++g) {
      auto& vals = values_[g];
      std::sort(vals.begin(), vals.end());
      for (size_t k = 0; k < ps_.size(); ++k) {
        if (vals.empty()) {
          builders[k].AppendNull();
          continue;
        }
        auto n = static_cast<double>(vals.size());
        auto rank = static_cast<size_t>(std::max(1.0, std::ceil(ps_[k] / 100.0 * n)));
        double x = vals[std::min(rank, vals.size()) - 1];
        if (type_ == Type::kReal || type_ == Type::kDecimal) {
          builders[k].AppendReal(x);
        } else if (type_ == Type::kInt) {
          builders[k].AppendInt(static_cast<int32_t>(x));
        } else {
          builders[k].AppendLong(static_cast<int64_t>(x));
        }
      }
    }
    std::vector<ColumnPtr> out;
    for (auto& b : builders) out.push_back(b.Finish());
    return out;
  }

 private:
  Type type_;
  std::vector<double> ps_;
  std::vector<std::vector<double>> values_;
};

// hll(x) / hll_merge(sketch): per group, the set of value hashes, output as a dynamic array.
class HllState : public AggregateState {
 public:
  explicit HllState(bool merge_sketches) : merge_sketches_(merge_sketches) {}
  void Update(std::span<const Datum> args, std::span<const uint32_t> groups,
              size_t num_groups) override {
    if (sets_.size() < num_groups) sets_.resize(num_groups);
    ArgView v(args[0]);
    for (size_t i = 0; i < groups.size(); ++i) {
      if (merge_sketches_) {
        const Json* j = v.type() == Type::kDynamic ? v.Dyn(i) : nullptr;
        if (!j || !j->is_array()) continue;
        for (const auto& h : *j) {
          if (h.is_number_unsigned()) sets_[groups[i]].insert(h.get<uint64_t>());
        }
        continue;
      }
      if (v.IsNull(i) && !IsStringLike(v.type())) continue;
      sets_[groups[i]].insert(HashRow(v, i));
    }
  }
  void Merge(AggregateState& other, std::span<const uint32_t> into, size_t num_groups) override {
    auto& o = static_cast<HllState&>(other);
    if (sets_.size() < num_groups) sets_.resize(num_groups);
    for (size_t g = 0; g < o.sets_.size(); ++g) {
      sets_[into[g]].insert(o.sets_[g].begin(), o.sets_[g].end());
    }
  }
  Result<std::vector<ColumnPtr>> Finish(size_t num_groups) override {
    if (sets_.size() < num_groups) sets_.resize(num_groups);
    ColumnBuilder b(Type::kDynamic);
    for (size_t g = 0; g < num_groups; ++g) {
      // Over no values the sketch is null, as Kusto shows it (summarize over an empty table).
      if (sets_[g].empty()) {
        b.AppendNull();
        continue;
      }
      std::vector<uint64_t> hashes(sets_[g].begin(), sets_[g].end());
      std::sort(hashes.begin(), hashes.end());
      b.AppendDynamic(std::make_shared<const Json>(Json(hashes)));
    }
    return std::vector<ColumnPtr>{b.Finish()};
  }

 private:
  bool merge_sketches_;
  std::vector<std::unordered_set<uint64_t>> sets_;
};

AggregateBinder MakeVariance(std::string name, bool sample, bool root, bool conditional) {
  return [=](std::span<const ArgInfo> args) -> Result<AggregateBinding> {
    size_t n = conditional ? 2 : 1;
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, n, n));
    if (!IsNumeric(args[0].type)) return ArgTypeError(name, 0, "a number", args[0].type);
    // Sums of squares in floating point: partial sums would round differently.
    return AggregateBinding{{Type::kReal},
                            [=] { return std::make_unique<VarianceState>(sample, root, conditional); },
                            /*exact_merge=*/false};
  };
}

AggregateBinder MakePercentile(std::string name, bool many) {
  return [=](std::span<const ArgInfo> args) -> Result<AggregateBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 2, many ? 64 : 2));
    Type t = args[0].type;
    if (!IsNumeric(t) && t != Type::kDatetime && t != Type::kTimespan) {
      return ArgTypeError(name, 0, "a number, datetime or timespan", t);
    }
    std::vector<double> ps;
    for (size_t k = 1; k < args.size(); ++k) {
      const auto& c = args[k].constant;
      auto p = c ? AsReal(*c) : std::nullopt;
      if (!p || *p < 0 || *p > 100) {
        return InvalidArgument(
            fmt::format("{}(): argument {} must be a constant percentage between 0 and 100", name,
                        k + 1));
      }
      ps.push_back(*p);
    }
    std::vector<Type> types(ps.size(), t);
    return AggregateBinding{types, [=] { return std::make_unique<PercentileState>(t, ps); }};
  };
}

}  // namespace

void RegisterStatAggregates(FunctionRegistry& r) {
  r.AddAggregate("stdev", MakeVariance("stdev", true, true, false));
  r.AddAggregate("stdevif", MakeVariance("stdevif", true, true, true));
  r.AddAggregate("stdevp", MakeVariance("stdevp", false, true, false));
  r.AddAggregate("variance", MakeVariance("variance", true, false, false));
  r.AddAggregate("varianceif", MakeVariance("varianceif", true, false, true));
  r.AddAggregate("variancep", MakeVariance("variancep", false, false, false));
  r.AddAggregate("percentile", MakePercentile("percentile", false));
  r.AddAggregate("percentiles", MakePercentile("percentiles", true));
  for (bool merge : {false, true}) {
    std::string name = merge ? "hll_merge" : "hll";
    r.AddAggregate(name, [name, merge](std::span<const ArgInfo> args) -> Result<AggregateBinding> {
      QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 1, 2));
      return AggregateBinding{{Type::kDynamic}, [merge] { return std::make_unique<HllState>(merge); }};
    });
  }
  r.AddScalar("dcount_hll", [](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount("dcount_hll", args, 1, 1));
    return ScalarBinding{Type::kLong, [](std::span<const Datum> in, const EvalContext&) {
                           return MapRows(in, Type::kLong, [](const std::vector<ArgView>& v,
                                                              size_t i, ColumnBuilder& b) {
                             const Json* j = v[0].type() == Type::kDynamic ? v[0].Dyn(i) : nullptr;
                             if (!j || !j->is_array()) {
                               b.AppendNull();
                             } else {
                               b.AppendLong(static_cast<int64_t>(j->size()));
                             }
                           });
                         }};
  });
}

}  // namespace quarry::kql::fn
