// Second-moment aggregations of two variables: covariance / covariancep (sample, n - 1, and
// population, n) and their conditional forms covarianceif / covariancepif (x, y, predicate);
// and variancepif(x, predicate), the population variance of the rows where the predicate holds
// (the covariance of x with itself). Rows where x or y is null are skipped; a group with too few
// rows gives 0, as Kusto's variance does.
#include <string>

#include "kql/functions/aggregate_util.h"
#include "kql/functions/builtin_functions.h"

namespace quarry::kql::fn {
namespace {

class CovarianceState : public AggregateState {
 public:
  // `same_arg`: y is x (variancepif); `pred_arg`: index of the predicate, or 0 for none.
  CovarianceState(bool sample, bool same_arg, size_t pred_arg)
      : sample_(sample), same_arg_(same_arg), pred_arg_(pred_arg) {}

  void Update(std::span<const Datum> args, std::span<const uint32_t> groups,
              size_t num_groups) override {
    Grow(num_groups);
    ArgView x(args[0]);
    ArgView y(args[same_arg_ ? 0 : 1]);
    std::optional<ArgView> p;
    if (pred_arg_) p.emplace(args[pred_arg_]);
    for (size_t i = 0; i < groups.size(); ++i) {
      if (x.IsNull(i) || y.IsNull(i) || (p && !PredicateAt(*p, i))) continue;
      double a = x.Real(i), b = y.Real(i);
      uint32_t g = groups[i];
      n_[g] += 1;
      sx_[g] += a;
      sy_[g] += b;
      sxy_[g] += a * b;
    }
  }

  void Merge(AggregateState& other, std::span<const uint32_t> into, size_t num_groups) override {
    auto& o = static_cast<CovarianceState&>(other);
    Grow(num_groups);
    for (size_t g = 0; g < o.n_.size(); ++g) {
      n_[into[g]] += o.n_[g];
      sx_[into[g]] += o.sx_[g];
      sy_[into[g]] += o.sy_[g];
      sxy_[into[g]] += o.sxy_[g];
    }
  }

  Result<std::vector<ColumnPtr>> Finish(size_t num_groups) override {
    Grow(num_groups);
    ColumnBuilder b(Type::kReal);
    b.Reserve(num_groups);
    for (size_t g = 0; g < num_groups; ++g) {
      double n = n_[g];
      double denom = sample_ ? n - 1 : n;
      b.AppendReal(denom <= 0 ? 0.0 : (sxy_[g] - sx_[g] * sy_[g] / n) / denom);
    }
    return std::vector<ColumnPtr>{b.Finish()};
  }

 private:
  void Grow(size_t n) {
    if (n_.size() >= n) return;
    n_.resize(n);
    sx_.resize(n);
    sy_.resize(n);
    sxy_.resize(n);
  }
  bool sample_, same_arg_;
  size_t pred_arg_;
  std::vector<double> n_, sx_, sy_, sxy_;
};

AggregateBinder MakeCovariance(std::string name, bool sample, size_t values, bool conditional) {
  return [=](std::span<const ArgInfo> args) -> Result<AggregateBinding> {
    size_t n = values + (conditional ? 1 : 0);
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, n, n));
    for (size_t k = 0; k < values; ++k) {
      if (!IsNumeric(args[k].type)) return ArgTypeError(name, k, "a number", args[k].type);
    }
    if (conditional && args[values].type != Type::kBool) {
      return ArgTypeError(name, values, "bool", args[values].type);
    }
    size_t pred = conditional ? values : 0;
    bool same = values == 1;
    // Floating-point sums: partial sums would round differently.
    return AggregateBinding{{Type::kReal},
                            [=] { return std::make_unique<CovarianceState>(sample, same, pred); },
                            /*exact_merge=*/false};
  };
}

}  // namespace

void RegisterCovarianceAggregates(FunctionRegistry& r) {
  r.AddAggregate("covariance", MakeCovariance("covariance", true, 2, false));
  r.AddAggregate("covariancep", MakeCovariance("covariancep", false, 2, false));
  r.AddAggregate("covarianceif", MakeCovariance("covarianceif", true, 2, true));
  r.AddAggregate("covariancepif", MakeCovariance("covariancepif", false, 2, true));
  r.AddAggregate("variancepif", MakeCovariance("variancepif", false, 1, true));
}

}  // namespace quarry::kql::fn
