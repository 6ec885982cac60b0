// Weighted percentiles: percentilew(x, weight, p), percentilesw(x, weight, p1, p2, ...) (one
// column per percentage) and percentilesw_array(x, weight, p1, ... | dynamic([p1, ...])) (one
// dynamic array). Exact nearest rank over the weighted values: the smallest value whose
// cumulative weight reaches p percent of the group's total weight. Rows with a null value or a
// null or non-positive weight are skipped.
#include <fmt/core.h>

#include <string>

#include "kql/functions/aggregate_util.h"
#include "kql/functions/builtin_functions.h"
#include "kql/functions/weighted_rank.h"

namespace quarry::kql::fn {
namespace {

class WeightedPercentileState : public AggregateState {
 public:
  WeightedPercentileState(Type t, std::vector<double> ps, bool as_array)
      : type_(t), ps_(std::move(ps)), as_array_(as_array) {}

  void Update(std::span<const Datum> args, std::span<const uint32_t> groups,
              size_t num_groups) override {
    if (values_.size() < num_groups) values_.resize(num_groups);
    ArgView v(args[0]), w(args[1]);
    bool integral = KeyKindOf(type_) == KeyKind::kIntegral;
    for (size_t i = 0; i < groups.size(); ++i) {
      if (v.IsNull(i) || w.IsNull(i)) continue;
      double x = integral ? static_cast<double>(v.Long(i)) : v.Real(i);
      values_[groups[i]].emplace_back(x, w.Real(i));
    }
  }

  void Merge(AggregateState& other, std::span<const uint32_t> into, size_t num_groups) override {
    auto& o = static_cast<WeightedPercentileState&>(other);
    if (values_.size() < num_groups) values_.resize(num_groups);
    for (size_t g = 0; g < o.values_.size(); ++g) {
      auto& mine = values_[into[g]];
      mine.insert(mine.end(), o.values_[g].begin(), o.values_[g].end());
    }
  }

  Result<std::vector<ColumnPtr>> Finish(size_t num_groups) override {
    if (values_.size() < num_groups) values_.resize(num_groups);
    std::vector<ColumnBuilder> builders;
    if (as_array_) {
      builders.emplace_back(Type::kDynamic);
    } else {
      for (size_t k = 0; k < ps_.size(); ++k) builders.emplace_back(type_);
    }
    for (size_t g = 0; g < num_groups; ++g) {
      NormalizeWeighted(values_[g]);
      Json array = Json::array();
      for (size_t k = 0; k < ps_.size(); ++k) {
        auto x = WeightedPercentile(values_[g], ps_[k]);
        if (as_array_) {
          array.push_back(!x ? Json()
                          : type_ == Type::kReal || type_ == Type::kDecimal
                              ? Json(*x)
                              : Json(static_cast<int64_t>(*x)));
        } else if (!x) {
          builders[k].AppendNull();
        } else if (type_ == Type::kReal || type_ == Type::kDecimal) {
          builders[k].AppendReal(*x);
        } else if (type_ == Type::kInt) {
          builders[k].AppendInt(static_cast<int32_t>(*x));
        } else {
          builders[k].AppendLong(static_cast<int64_t>(*x));
        }
      }
      if (as_array_) builders[0].AppendDynamic(std::make_shared<const Json>(std::move(array)));
    }
    std::vector<ColumnPtr> out;
    for (auto& b : builders) out.push_back(b.Finish());
    return out;
  }

 private:
  Type type_;
  std::vector<double> ps_;
  bool as_array_;
  std::vector<WeightedValues> values_;
};

Status PercentageError(const std::string& name, size_t k) {
  return InvalidArgument(fmt::format(
      "{}(): argument {} must be a constant percentage between 0 and 100", name, k + 1));
}

AggregateBinder MakeWeighted(std::string name, size_t max_ps, bool as_array) {
  return [=](std::span<const ArgInfo> args) -> Result<AggregateBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 3, 2 + max_ps));
    Type t = args[0].type;
    if (!IsNumeric(t) && t != Type::kDatetime && t != Type::kTimespan) {
      return ArgTypeError(name, 0, "a number, datetime or timespan", t);
    }
    if (!IsIntegral(args[1].type)) return ArgTypeError(name, 1, "int or long", args[1].type);
    std::vector<double> ps;
    for (size_t k = 2; k < args.size(); ++k) {
      const auto& c = args[k].constant;
      if (as_array && args.size() == 3 && c && c->type() == Type::kDynamic && !c->is_null() &&
          c->dynamic_value().is_array()) {
        for (const auto& e : c->dynamic_value()) {
          if (!e.is_number() || e.get<double>() < 0 || e.get<double>() > 100) {
            return PercentageError(name, k);
          }
          ps.push_back(e.get<double>());
        }
        continue;
      }
      auto p = c ? AsReal(*c) : std::nullopt;
      if (!p || *p < 0 || *p > 100) return PercentageError(name, k);
      ps.push_back(*p);
    }
    std::vector<Type> types =
        as_array ? std::vector<Type>{Type::kDynamic} : std::vector<Type>(ps.size(), t);
    return AggregateBinding{
        types, [=] { return std::make_unique<WeightedPercentileState>(t, ps, as_array); }};
  };
}

}  // namespace

void RegisterWeightedPercentiles(FunctionRegistry& r) {
  r.AddAggregate("percentilew", MakeWeighted("percentilew", 1, false));
  r.AddAggregate("percentilesw", MakeWeighted("percentilesw", 64, false));
  r.AddAggregate("percentilesw_array", MakeWeighted("percentilesw_array", 64, true));
}

}  // namespace quarry::kql::fn
