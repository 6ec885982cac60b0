// The common aggregations: count, countif, sum, sumif, avg, avgif, min, max, minif, maxif,
// dcount, dcountif, count_distinct, any / take_any (+ anyif / take_anyif). Nulls are skipped;
// sum over only nulls is 0, avg over only nulls is NaN, min/max over only nulls is null (as
// Kusto's engine returns). dcount is exact (64-bit hashes of the values).
#include <fmt/core.h>

#include <cmath>
#include <limits>

#include "kql/functions/aggregate_util.h"
#include "kql/functions/builtin_functions.h"
#include "kql/functions/distinct_count_state.h"

namespace quarry::kql::fn {
namespace {

template <typename T>
void GrowTo(std::vector<T>& v, size_t n, const T& fill = T()) {
  if (v.size() < n) v.resize(n, fill);
}

// count() / count(x): rows; countif(p): rows where p is true.
class CountState : public AggregateState {
 public:
  explicit CountState(bool conditional) : conditional_(conditional) {}
  void Update(std::span<const Datum> args, std::span<const uint32_t> groups,
              size_t num_groups) override {
    GrowTo(counts_, num_groups);
    if (!conditional_) {
      for (uint32_t g : groups) ++counts_[g];
      return;
    }
    ArgView p(args[0]);
    for (size_t i = 0; i < groups.size(); ++i) counts_[groups[i]] += PredicateAt(p, i);
  }
  void Merge(AggregateState& other, std::span<const uint32_t> into, size_t num_groups) override {
    auto& o = static_cast<CountState&>(other);
    GrowTo(counts_, num_groups);
    for (size_t g = 0; g < o.counts_.size(); ++g) counts_[into[g]] += o.counts_[g];
  }
  Result<std::vector<ColumnPtr>> Finish(size_t num_groups) override {
    GrowTo(counts_, num_groups);
    ColumnBuilder b(Type::kLong);
    b.Reserve(num_groups);
    for (size_t g = 0; g < num_groups; ++g) b.AppendLong(counts_[g]);
    return std::vector<ColumnPtr>{b.Finish()};
  }

 private:
  bool conditional_;
  std::vector<int64_t> counts_;
};

// sum / sumif / avg / avgif over integral (exact int64), real or timespan values.
class SumState : public AggregateState {
 public:
  SumState(Type in, Type out, bool conditional, bool average)
      : in_(in), out_(out), conditional_(conditional), average_(average) {}
  void Update(std::span<const Datum> args, std::span<const uint32_t> groups,
              size_t num_groups) override {
    GrowTo(isum_, num_groups);
    GrowTo(dsum_, num_groups);
    GrowTo(counts_, num_groups);
    ArgView v(args[0]);
    bool integral = KeyKindOf(in_) == KeyKind::kIntegral;
    std::optional<ArgView> p;
    if (conditional_) p.emplace(args[1]);
    bool no_nulls = !v.is_scalar() && v.column()->validity().AllValid() && !conditional_;
    if (no_nulls && integral && in_ == Type::kLong) {
      auto longs = v.column()->longs();
      for (size_t i = 0; i < groups.size(); ++i) isum_[groups[i]] += longs[i];
      for (uint32_t g : groups) ++counts_[g];
      return;
    }
    for (size_t i = 0; i < groups.size(); ++i) {
      if (v.IsNull(i) || (p && !PredicateAt(*p, i))) continue;
      uint32_t g = groups[i];
      if (integral) {
        isum_[g] += v.Long(i);
      } else {
        dsum_[g] += v.Real(i);
      }
      ++counts_[g];
    }
  }
  void Merge(AggregateState& other, std::span<const uint32_t> into, size_t num_groups) override {
    auto& o = static_cast<SumState&>(other);
    GrowTo(isum_, num_groups);
    GrowTo(dsum_, num_groups);
    GrowTo(counts_, num_groups);
    for (size_t g = 0; g < o.counts_.size(); ++g) {
      isum_[into[g]] += o.isum_[g];
      dsum_[into[g]] += o.dsum_[g];
      counts_[into[g]] += o.counts_[g];
    }
  }
  Result<std::vector<ColumnPtr>> Finish(size_t num_groups) override {
    GrowTo(isum_, num_groups);
    GrowTo(dsum_, num_groups);
    GrowTo(counts_, num_groups);
    bool integral = KeyKindOf(in_) == KeyKind::kIntegral;
    ColumnBuilder b(out_);
    b.Reserve(num_groups);
    for (size_t g = 0; g < num_groups; ++g) {
      double total = integral ? static_cast<double>(isum_[g]) : dsum_[g];
      if (average_) {
        double avg = counts_[g] ? total / static_cast<double>(counts_[g])
                                : std::numeric_limits<double>::quiet_NaN();
        if (out_ == Type::kTimespan) {
          b.AppendLong(static_cast<int64_t>(std::llround(counts_[g] ? avg : 0)));
        } else {
          b.AppendReal(avg);
        }
      } else if (out_ == Type::kReal || out_ == Type::kDecimal) {
        b.AppendReal(total);
      } else {
        b.AppendLong(isum_[g]);
      }
    }
    return std::vector<ColumnPtr>{b.Finish()};
  }

 private:
  Type in_, out_;
  bool conditional_, average_;
  std::vector<int64_t> isum_;
  std::vector<double> dsum_;
  std::vector<int64_t> counts_;
};

// min / max / minif / maxif.
class MinMaxState : public AggregateState {
 public:
  MinMaxState(Type t, bool is_max, bool conditional)
      : type_(t), kind_(KeyKindOf(t)), is_max_(is_max), conditional_(conditional) {}
  void Update(std::span<const Datum> args, std::span<const uint32_t> groups,
              size_t num_groups) override {
    GrowTo(best_, num_groups);
    ArgView v(args[0]);
    std::optional<ArgView> p;
    if (conditional_) p.emplace(args[1]);
    for (size_t i = 0; i < groups.size(); ++i) {
      if ((kind_ != KeyKind::kString && v.IsNull(i)) || (p && !PredicateAt(*p, i))) continue;
      OrderKey& best = best_[groups[i]];
      if (best.valid) {
        int c = CompareRowToKey(v, i, kind_, best);
        if (is_max_ ? c <= 0 : c >= 0) continue;
      }
      ReadKey(v, i, kind_, best);
    }
  }
  void Merge(AggregateState& other, std::span<const uint32_t> into, size_t num_groups) override {
    auto& o = static_cast<MinMaxState&>(other);
    GrowTo(best_, num_groups);
    for (size_t g = 0; g < o.best_.size(); ++g) {
      const OrderKey& k = o.best_[g];
      OrderKey& mine = best_[into[g]];
      if (!k.valid) continue;
      if (mine.valid) {
        int c = CompareKeys(k, mine, kind_);
        if (is_max_ ? c <= 0 : c >= 0) continue;
      }
      mine = k;
    }
  }
  Result<std::vector<ColumnPtr>> Finish(size_t num_groups) override {
    GrowTo(best_, num_groups);
    ColumnBuilder b(type_);
    b.Reserve(num_groups);
    for (size_t g = 0; g < num_groups; ++g) AppendKey(best_[g], type_, b);
    return std::vector<ColumnPtr>{b.Finish()};
  }

 private:
  Type type_;
  KeyKind kind_;
  bool is_max_, conditional_;
  std::vector<OrderKey> best_;
};

// any / take_any (one row's values per group: the first row whose first argument is not null,
// else the first row) and anyif / take_anyif.
class AnyState : public AggregateState {
 public:
  AnyState(std::vector<Type> types, bool conditional)
      : types_(std::move(types)), conditional_(conditional) {}
  void Update(std::span<const Datum> args, std::span<const uint32_t> groups,
              size_t num_groups) override {
    GrowTo(rows_, num_groups);
    GrowTo(complete_, num_groups, uint8_t{0});
    size_t nvals = types_.size();
    std::vector<ArgView> views;
    for (size_t k = 0; k < args.size(); ++k) views.emplace_back(args[k]);
    for (size_t i = 0; i < groups.size(); ++i) {
      uint32_t g = groups[i];
      if (complete_[g]) continue;
      if (conditional_ && !PredicateAt(views[nvals], i)) continue;
      bool non_null = !views[0].IsNull(i) &&
                      !(IsStringLike(views[0].type()) && views[0].Str(i).empty());
      if (!rows_[g].empty() && !non_null) continue;
      rows_[g].clear();
      for (size_t k = 0; k < nvals; ++k) rows_[g].push_back(views[k].Get(i));
      complete_[g] = non_null;
    }
  }
  void Merge(AggregateState& other, std::span<const uint32_t> into, size_t num_groups) override {
    auto& o = static_cast<AnyState&>(other);
    GrowTo(rows_, num_groups);
    GrowTo(complete_, num_groups, uint8_t{0});
    for (size_t g = 0; g < o.rows_.size(); ++g) {
      uint32_t m = into[g];
      if (complete_[m] || o.rows_[g].empty()) continue;
      if (rows_[m].empty() || o.complete_[g]) {
        rows_[m] = o.rows_[g];
        complete_[m] = o.complete_[g];
      }
    }
  }
  Result<std::vector<ColumnPtr>> Finish(size_t num_groups) override {
    GrowTo(rows_, num_groups);
    std::vector<ColumnPtr> out;
    for (size_t k = 0; k < types_.size(); ++k) {
      ColumnBuilder b(types_[k]);
      b.Reserve(num_groups);
      for (size_t g = 0; g < num_groups; ++g) {
        if (rows_[g].empty()) {
          b.AppendNull();
        } else {
          b.AppendValue(rows_[g][k]);
        }
      }
      out.push_back(b.Finish());
    }
    return out;
  }

 private:
  std::vector<Type> types_;
  bool conditional_;
  std::vector<std::vector<Value>> rows_;
  std::vector<uint8_t> complete_;
};

Status CheckPredicate(std::string_view name, std::span<const ArgInfo> args, size_t k) {
  if (args[k].type != Type::kBool) return ArgTypeError(name, k, "bool", args[k].type);
  return Status::Ok();
}

AggregateBinder MakeCount(std::string name, bool conditional) {
  return [name, conditional](std::span<const ArgInfo> args) -> Result<AggregateBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, conditional ? 1 : 0, 1));
    if (conditional) QUARRY_RETURN_IF_ERROR(CheckPredicate(name, args, 0));
    return AggregateBinding{{Type::kLong}, [conditional] {
                              return std::make_unique<CountState>(conditional);
                            }};
  };
}

AggregateBinder MakeSum(std::string name, bool conditional, bool average) {
  return [=](std::span<const ArgInfo> args) -> Result<AggregateBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, conditional ? 2 : 1, conditional ? 2 : 1));
    if (conditional) QUARRY_RETURN_IF_ERROR(CheckPredicate(name, args, 1));
    Type in = args[0].type;
    if (!IsNumeric(in) && in != Type::kTimespan && in != Type::kBool) {
      return ArgTypeError(name, 0, "a number or timespan", in);
    }
    Type out;
    if (in == Type::kTimespan) {
      out = Type::kTimespan;
    } else if (average) {
      out = Type::kReal;
    } else if (in == Type::kReal || in == Type::kDecimal) {
      out = in;
    } else {
      out = Type::kLong;
    }
    // Integral sums are exact in any order; real sums round differently when split.
    return AggregateBinding{
        {out},
        [=] { return std::make_unique<SumState>(in, out, conditional, average); },
        /*exact_merge=*/KeyKindOf(in) == KeyKind::kIntegral};
  };
}

AggregateBinder MakeMinMax(std::string name, bool is_max, bool conditional) {
  return [=](std::span<const ArgInfo> args) -> Result<AggregateBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, conditional ? 2 : 1, conditional ? 2 : 1));
    if (conditional) QUARRY_RETURN_IF_ERROR(CheckPredicate(name, args, 1));
    Type t = args[0].type;
    return AggregateBinding{{t}, [=] {
                              return std::make_unique<MinMaxState>(t, is_max, conditional);
                            }};
  };
}

AggregateBinder MakeDcount(std::string name, bool conditional) {
  return [=](std::span<const ArgInfo> args) -> Result<AggregateBinding> {
    // dcount(x [, accuracy]); dcountif(x, predicate [, accuracy]).
    size_t min = conditional ? 2 : 1;
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, min, min + 1));
    if (conditional) QUARRY_RETURN_IF_ERROR(CheckPredicate(name, args, 1));
    return AggregateBinding{{Type::kLong}, [=] {
                              return std::make_unique<DistinctCountState>(conditional);
                            }};
  };
}

AggregateBinder MakeAny(std::string name, bool conditional) {
  return [=](std::span<const ArgInfo> args) -> Result<AggregateBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, conditional ? 2 : 1, SIZE_MAX));
    size_t nvals = conditional ? args.size() - 1 : args.size();
    if (conditional) QUARRY_RETURN_IF_ERROR(CheckPredicate(name, args, nvals));
    std::vector<Type> types;
    for (size_t k = 0; k < nvals; ++k) types.push_back(args[k].type);
    return AggregateBinding{types, [=] { return std::make_unique<AnyState>(types, conditional); }};
  };
}

}  // namespace

void RegisterBasicAggregates(FunctionRegistry& r) {
  r.AddAggregate("count", MakeCount("count", false));
  r.AddAggregate("countif", MakeCount("countif", true));
  r.AddAggregate("sum", MakeSum("sum", false, false));
  r.AddAggregate("sumif", MakeSum("sumif", true, false));
  r.AddAggregate("avg", MakeSum("avg", false, true));
  r.AddAggregate("avgif", MakeSum("avgif", true, true));
  r.AddAggregate("min", MakeMinMax("min", false, false));
  r.AddAggregate("max", MakeMinMax("max", true, false));
  r.AddAggregate("minif", MakeMinMax("minif", false, true));
  r.AddAggregate("maxif", MakeMinMax("maxif", true, true));
  r.AddAggregate("dcount", MakeDcount("dcount", false));
  r.AddAggregate("dcountif", MakeDcount("dcountif", true));
  r.AddAggregate("count_distinct", MakeDcount("count_distinct", false));
  r.AddAggregate("count_distinctif", MakeDcount("count_distinctif", true));
  r.AddAggregate("any", MakeAny("any", false));
  r.AddAggregate("take_any", MakeAny("take_any", false));
  r.AddAggregate("anyif", MakeAny("anyif", true));
  r.AddAggregate("take_anyif", MakeAny("take_anyif", true));
}

}  // namespace quarry::kql::fn
