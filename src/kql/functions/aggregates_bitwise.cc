// Bitwise aggregations over longs: binary_all_and, binary_all_or, binary_all_xor. Null rows are
// skipped; a group with no non-null row gives null.
#include <functional>
#include <string>

#include "kql/functions/aggregate_util.h"
#include "kql/functions/builtin_functions.h"

namespace quarry::kql::fn {
namespace {

using Fold = int64_t (*)(int64_t, int64_t);

class BitwiseState : public AggregateState {
 public:
  explicit BitwiseState(Fold fold) : fold_(fold) {}

  void Update(std::span<const Datum> args, std::span<const uint32_t> groups,
              size_t num_groups) override {
    Grow(num_groups);
    ArgView v(args[0]);
    for (size_t i = 0; i < groups.size(); ++i) {
      if (v.IsNull(i)) continue;
      Add(groups[i], v.Long(i));
    }
  }

  void Merge(AggregateState& other, std::span<const uint32_t> into, size_t num_groups) override {
    auto& o = static_cast<BitwiseState&>(other);
    Grow(num_groups);
    for (size_t g = 0; g < o.seen_.size(); ++g) {
      if (o.seen_[g]) Add(into[g], o.acc_[g]);
    }
  }

  Result<std::vector<ColumnPtr>> Finish(size_t num_groups) override {
    Grow(num_groups);
    ColumnBuilder b(Type::kLong);
    b.Reserve(num_groups);
    for (size_t g = 0; g < num_groups; ++g) {
      if (seen_[g]) {
        b.AppendLong(acc_[g]);
      } else {
        b.AppendNull();
      }
    }
    return std::vector<ColumnPtr>{b.Finish()};
  }

 private:
  void Add(uint32_t g, int64_t x) {
    acc_[g] = seen_[g] ? fold_(acc_[g], x) : x;
    seen_[g] = 1;
  }
  void Grow(size_t n) {
    if (seen_.size() >= n) return;
    seen_.resize(n);
    acc_.resize(n);
  }
  Fold fold_;
  std::vector<uint8_t> seen_;
  std::vector<int64_t> acc_;
};

void AddBitwise(FunctionRegistry& r, const std::string& name, Fold fold) {
  r.AddAggregate(name, [=](std::span<const ArgInfo> args) -> Result<AggregateBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 1, 1));
    if (!IsIntegral(args[0].type)) return ArgTypeError(name, 0, "int or long", args[0].type);
    return AggregateBinding{{Type::kLong}, [fold] { return std::make_unique<BitwiseState>(fold); }};
  });
}

}  // namespace

void RegisterBitwiseAggregates(FunctionRegistry& r) {
  AddBitwise(r, "binary_all_and", [](int64_t a, int64_t b) { return a & b; });
  AddBitwise(r, "binary_all_or", [](int64_t a, int64_t b) { return a | b; });
  AddBitwise(r, "binary_all_xor", [](int64_t a, int64_t b) { return a ^ b; });
}

}  // namespace quarry::kql::fn
