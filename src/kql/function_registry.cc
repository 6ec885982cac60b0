#include "kql/function_registry.h"

#include <algorithm>

#include "common/data_path.h"
#include "kql/functions/builtin_functions.h"
#include "kql/functions/function_info_loader.h"

namespace quarry::kql {
namespace {

template <typename T>
void InsertSorted(std::vector<std::pair<std::string, T>>& v, std::string name, T value) {
  auto it = std::lower_bound(v.begin(), v.end(), name,
                             [](const auto& e, const std::string& n) { return e.first < n; });
  if (it != v.end() && it->first == name) {
    it->second = std::move(value);
    return;
  }
  v.insert(it, {std::move(name), std::move(value)});
}

template <typename T>
const T* FindSorted(const std::vector<std::pair<std::string, T>>& v, std::string_view name) {
  auto it = std::lower_bound(v.begin(), v.end(), name,
                             [](const auto& e, std::string_view n) { return e.first < n; });
  if (it == v.end() || it->first != name) return nullptr;
  return &it->second;
}

FunctionRegistry BuildRegistry() {
  FunctionRegistry r;
  fn::RegisterComparison(r);
  fn::RegisterArithmetic(r);
  fn::RegisterLogical(r);
  fn::RegisterStringOps(r);
  fn::RegisterSetOps(r);
  fn::RegisterStringFunctions(r);
  fn::RegisterRegex(r);
  fn::RegisterDynamic(r);
  fn::RegisterArrayFunctions(r);
  fn::RegisterArrayReshape(r);
  fn::RegisterTextTransforms(r);
  fn::RegisterByteCodecs(r);
  fn::RegisterPunycode(r);
  fn::RegisterTimezones(r);
  fn::RegisterSessionInfo(r);
  fn::RegisterDataSize(r);
  fn::RegisterSeriesFunctions(r);
  fn::RegisterSeriesMath(r);
  fn::RegisterSeriesReduce(r);
  fn::RegisterSeriesFill(r);
  fn::RegisterSeriesFilters(r);
  fn::RegisterStringCodecs(r);
  fn::RegisterMath(r);
  fn::RegisterMathSpecial(r);
  fn::RegisterBitwise(r);
  fn::RegisterNumberFormat(r);
  fn::RegisterUnitConversion(r);
  fn::RegisterIp(r);
  fn::RegisterHash(r);
  fn::RegisterHashXxhash(r);
  fn::RegisterDatetime(r);
  fn::RegisterDatetimeFormat(r);
  fn::RegisterConversion(r);
  fn::RegisterConditional(r);
  fn::RegisterBasicAggregates(r);
  fn::RegisterCollectAggregates(r);
  fn::RegisterArgAggregates(r);
  fn::RegisterStatAggregates(r);
  fn::RegisterCovarianceAggregates(r);
  fn::RegisterBitwiseAggregates(r);
  fn::RegisterWeightedPercentiles(r);
  fn::RegisterTdigestAggregates(r);
  fn::RegisterSchemaAggregates(r);
  fn::RegisterSketchMerges(r);
  auto path = FindDataPath("data/kql/functions.tsv");
  if (path.ok()) {
    auto infos = fn::LoadFunctionInfos(*path);
    if (infos.ok()) r.SetInfos(std::move(*infos));
  }
  return r;
}

}  // namespace

const FunctionRegistry& FunctionRegistry::Get() {
  static const FunctionRegistry registry = BuildRegistry();
  return registry;
}

void FunctionRegistry::AddScalar(std::string name, ScalarBinder binder) {
  InsertSorted(scalars_, std::move(name), std::move(binder));
}

void FunctionRegistry::AddAggregate(std::string name, AggregateBinder binder) {
  InsertSorted(aggregates_, std::move(name), std::move(binder));
}

const ScalarBinder* FunctionRegistry::FindScalar(std::string_view name) const {
  return FindSorted(scalars_, name);
}

const AggregateBinder* FunctionRegistry::FindAggregate(std::string_view name) const {
  return FindSorted(aggregates_, name);
}

std::vector<std::string> FunctionRegistry::ScalarNames() const {
  std::vector<std::string> names;
  names.reserve(scalars_.size());
  for (const auto& [n, b] : scalars_) names.push_back(n);
  return names;
}

std::vector<std::string> FunctionRegistry::AggregateNames() const {
  std::vector<std::string> names;
  names.reserve(aggregates_.size());
  for (const auto& [n, b] : aggregates_) names.push_back(n);
  return names;
}

}  // namespace quarry::kql
