// arg_max / arg_min (and the deprecated argmax / argmin): per group, the row where the first
// argument is largest / smallest; outputs that value and then each further argument from the same
// row (the binder of `summarize` expands `*` into the column list). Rows whose first argument is
// null lose to any non-null row; a group of only nulls reports its first row.
#include <fmt/core.h>

#include "kql/functions/aggregate_util.h"
#include "kql/functions/builtin_functions.h"

namespace quarry::kql::fn {
namespace {

class ArgExtremeState : public AggregateState {
 public:
  ArgExtremeState(std::vector<Type> types, bool is_max)
      : types_(std::move(types)), kind_(KeyKindOf(types_[0])), is_max_(is_max) {}

  void Update(std::span<const Datum> args, std::span<const uint32_t> groups,
              size_t num_groups) override {
    Grow(num_groups);
    std::vector<ArgView> views;
    views.reserve(args.size());
    for (const auto& a : args) views.emplace_back(a);
    const ArgView& by = views[0];
    bool strings = kind_ == KeyKind::kString;
    for (size_t i = 0; i < groups.size(); ++i) {
      uint32_t g = groups[i];
      bool null = !strings && by.IsNull(i);
      if (null) {
        if (!rows_[g].empty()) continue;
      } else if (keys_[g].valid) {
        int c = CompareRowToKey(by, i, kind_, keys_[g]);
        if (is_max_ ? c <= 0 : c >= 0) continue;
      }
      if (!null) ReadKey(by, i, kind_, keys_[g]);
      rows_[g].clear();
      for (size_t k = 1; k < views.size(); ++k) rows_[g].push_back(views[k].Get(i));
      if (rows_[g].empty()) rows_[g].push_back(Value());  // marks the group as seen
    }
  }

  void Merge(AggregateState& other, std::span<const uint32_t> into, size_t num_groups) override {
    auto& o = static_cast<ArgExtremeState&>(other);
    Grow(num_groups);
    for (size_t g = 0; g < o.rows_.size(); ++g) {
      if (o.rows_[g].empty()) continue;
      uint32_t m = into[g];
      bool take;
      if (!o.keys_[g].valid) {
        take = rows_[m].empty();
      } else if (!keys_[m].valid) {
        take = true;
      } else {
        int c = CompareKeys(o.keys_[g], keys_[m], kind_);
        take = is_max_ ? c > 0 : c < 0;
      }
      if (take) {
        keys_[m] = std::move(o.keys_[g]);
        rows_[m] = std::move(o.rows_[g]);
      }
    }
  }

  Result<std::vector<ColumnPtr>> Finish(size_t num_groups) override {
    Grow(num_groups);
    std::vector<ColumnPtr> out;
    ColumnBuilder kb(types_[0]);
    kb.Reserve(num_groups);
    for (size_t g = 0; g < num_groups; ++g) AppendKey(keys_[g], types_[0], kb);
    out.push_back(kb.Finish());
    for (size_t k = 1; k < types_.size(); ++k) {
      ColumnBuilder b(types_[k]);
      b.Reserve(num_groups);
      for (size_t g = 0; g < num_groups; ++g) {
        if (rows_[g].size() < k) {
          b.AppendNull();
        } else {
          b.AppendValue(rows_[g][k - 1]);
        }
      }
      out.push_back(b.Finish());
    }
    return out;
  }

 private:
  void Grow(size_t n) {
    if (keys_.size() >= n) return;
    keys_.resize(n);
    rows_.resize(n);
  }

  std::vector<Type> types_;
  KeyKind kind_;
  bool is_max_;
  std::vector<OrderKey> keys_;
  std::vector<std::vector<Value>> rows_;
};

AggregateBinder MakeArgExtreme(std::string name, bool is_max) {
  return [=](std::span<const ArgInfo> args) -> Result<AggregateBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 1, SIZE_MAX));
    if (!Orderable(args[0].type)) {
      return ArgTypeError(name, 0, "a number, string, datetime or timespan", args[0].type);
    }
    std::vector<Type> types;
    for (const auto& a : args) types.push_back(a.type);
    return AggregateBinding{types,
                            [=] { return std::make_unique<ArgExtremeState>(types, is_max); }};
  };
}

}  // namespace

void RegisterArgAggregates(FunctionRegistry& r) {
  r.AddAggregate("arg_max", MakeArgExtreme("arg_max", true));
  r.AddAggregate("arg_min", MakeArgExtreme("arg_min", false));
  r.AddAggregate("argmax", MakeArgExtreme("argmax", true));
  r.AddAggregate("argmin", MakeArgExtreme("argmin", false));
}

}  // namespace quarry::kql::fn
