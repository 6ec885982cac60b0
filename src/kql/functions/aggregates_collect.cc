// Collecting aggregations: make_list / makelist, make_list_if, make_list_with_nulls, make_set /
// makeset, make_set_if, make_bag / make_bag_if, in first-seen order. Nulls are skipped (except
// make_list_with_nulls, and dynamic nulls in make_list, as Kusto's engine keeps them); a dynamic
// array given to make_set contributes its elements. The optional last numeric argument caps the
// number of elements.
#include <fmt/core.h>

#include <unordered_set>

#include "kql/functions/aggregate_util.h"
#include "kql/functions/builtin_functions.h"

namespace quarry::kql::fn {
namespace {

enum class Collect { kList, kListWithNulls, kSet, kBag };

constexpr int64_t kDefaultMaxElements = 1048576;

class CollectState : public AggregateState {
 public:
  CollectState(Collect kind, bool conditional, int64_t max_size)
      : kind_(kind), conditional_(conditional), max_size_(max_size) {}

  void Update(std::span<const Datum> args, std::span<const uint32_t> groups,
              size_t num_groups) override {
    Grow(num_groups);
    ArgView v(args[0]);
    std::optional<ArgView> p;
    if (conditional_) p.emplace(args[1]);
    bool is_string = IsStringLike(v.type());
    for (size_t i = 0; i < groups.size(); ++i) {
      if (p && !PredicateAt(*p, i)) continue;
      uint32_t g = groups[i];
      if (static_cast<int64_t>(items_[g].size()) >= max_size_ && kind_ != Collect::kBag) continue;
      if (v.IsNull(i) && !is_string) {
        bool keep = kind_ == Collect::kListWithNulls ||
                    (kind_ == Collect::kList && v.type() == Type::kDynamic);
        if (keep) items_[g].push_back(Json());
        continue;
      }
      switch (kind_) {
        case Collect::kList:
        case Collect::kListWithNulls: items_[g].push_back(RowJson(v, i)); break;
        case Collect::kSet: {
          if (v.type() == Type::kDynamic && v.Dyn(i)->is_array()) {
            for (const auto& e : *v.Dyn(i)) AddToSet(g, e);
          } else if (is_string) {
            std::string_view s = v.Str(i);
            if (seen_[g].insert(SetKey('s', s)).second) {
              items_[g].push_back(Json(std::string(s)));
            }
          } else {
            AddToSet(g, RowJson(v, i));
          }
          break;
        }
        case Collect::kBag: {
          const Json* j = v.type() == Type::kDynamic ? v.Dyn(i) : nullptr;
          if (!j || !j->is_object()) continue;
          for (auto it = j->begin(); it != j->end(); ++it) {
            if (seen_[g].insert(it.key()).second) bags_[g][it.key()] = it.value();
          }
          break;
        }
      }
    }
  }

  void Merge(AggregateState& other, std::span<const uint32_t> into, size_t num_groups) override {
    auto& o = static_cast<CollectState&>(other);
    Grow(num_groups);
    for (size_t g = 0; g < o.items_.size(); ++g) {
      uint32_t m = into[g];
      switch (kind_) {
        case Collect::kList:
        case Collect::kListWithNulls:
          for (auto& e : o.items_[g]) {
            if (static_cast<int64_t>(items_[m].size()) >= max_size_) break;
            items_[m].push_back(std::move(e));
          }
          break;
        case Collect::kSet:
          for (auto& e : o.items_[g]) {
            if (static_cast<int64_t>(items_[m].size()) >= max_size_) break;
            AddToSet(m, e);
          }
          break;
        case Collect::kBag:
          for (auto it = o.bags_[g].begin(); it != o.bags_[g].end(); ++it) {
            if (seen_[m].insert(it.key()).second) bags_[m][it.key()] = it.value();
          }
          break;
      }
    }
  }

  Result<std::vector<ColumnPtr>> Finish(size_t num_groups) override {
    Grow(num_groups);
    ColumnBuilder b(Type::kDynamic);
    b.Reserve(num_groups);
    for (size_t g = 0; g < num_groups; ++g) {
      if (kind_ == Collect::kBag) {
        b.AppendDynamic(std::make_shared<const Json>(std::move(bags_[g])));
      } else {
        Json arr = Json::array();
        for (auto& e : items_[g]) arr.push_back(std::move(e));
        b.AppendDynamic(std::make_shared<const Json>(std::move(arr)));
      }
    }
    return std::vector<ColumnPtr>{b.Finish()};
  }

 private:
  void Grow(size_t n) {
    if (items_.size() >= n) return;
    items_.resize(n);
    seen_.resize(n);
    bags_.resize(n, Json::object());
  }
  // A set member's identity: strings by their text, other values by their JSON.
  static std::string SetKey(char tag, std::string_view text) {
    std::string key;
    key.reserve(text.size() + 1);
    key.push_back(tag);
    key.append(text.data(), text.size());
    return key;
  }
  static Json RowJson(const ArgView& v, size_t i) {
    if (v.type() == Type::kDynamic) return *v.Dyn(i);
    return ToJson(v.Get(i));
  }
  void AddToSet(uint32_t g, const Json& e) {
    std::string key = e.is_string() ? SetKey('s', e.get_ref<const std::string&>())
                                    : SetKey('j', e.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    if (static_cast<int64_t>(items_[g].size()) < max_size_ && seen_[g].insert(key).second) {
      items_[g].push_back(e);
    }
  }

  Collect kind_;
  bool conditional_;
  int64_t max_size_;
  std::vector<std::vector<Json>> items_;
  std::vector<std::unordered_set<std::string>> seen_;
  std::vector<Json> bags_;
};

AggregateBinder MakeCollect(std::string name, Collect kind, bool conditional) {
  return [=](std::span<const ArgInfo> args) -> Result<AggregateBinding> {
    size_t min = conditional ? 2 : 1;
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, min, min + 1));
    if (conditional && args[1].type != Type::kBool) {
      return ArgTypeError(name, 1, "bool", args[1].type);
    }
    if (kind == Collect::kBag && args[0].type != Type::kDynamic) {
      return ArgTypeError(name, 0, "dynamic", args[0].type);
    }
    int64_t max_size = kDefaultMaxElements;
    if (args.size() > min) {
      const ArgInfo& m = args[min];
      if (!IsIntegral(m.type) || !m.constant || m.constant->is_null()) {
        return InvalidArgument(
            fmt::format("{}(): the maximum size (argument {}) must be a constant integer", name,
                        min + 1));
      }
      max_size = m.constant->int_value();
    }
    return AggregateBinding{{Type::kDynamic}, [=] {
                              return std::make_unique<CollectState>(kind, conditional, max_size);
                            }};
  };
}

}  // namespace

void RegisterCollectAggregates(FunctionRegistry& r) {
  r.AddAggregate("make_list", MakeCollect("make_list", Collect::kList, false));
  r.AddAggregate("makelist", MakeCollect("makelist", Collect::kList, false));
  r.AddAggregate("make_list_if", MakeCollect("make_list_if", Collect::kList, true));
  r.AddAggregate("make_list_with_nulls",
                 MakeCollect("make_list_with_nulls", Collect::kListWithNulls, false));
  r.AddAggregate("make_set", MakeCollect("make_set", Collect::kSet, false));
  r.AddAggregate("makeset", MakeCollect("makeset", Collect::kSet, false));
  r.AddAggregate("make_set_if", MakeCollect("make_set_if", Collect::kSet, true));
  r.AddAggregate("make_bag", MakeCollect("make_bag", Collect::kBag, false));
  r.AddAggregate("make_bag_if", MakeCollect("make_bag_if", Collect::kBag, true));
}

}  // namespace quarry::kql::fn
