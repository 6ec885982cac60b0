// Registration entry points of the built-in function families (one per file under
// kql/functions/). FunctionRegistry::Get() calls each once while building the registry.
// Not thread-safe on their own: only called during that one-time build.
#pragma once

#include "kql/function_registry.h"

namespace quarry::kql::fn {

void RegisterComparison(FunctionRegistry& r);
void RegisterArithmetic(FunctionRegistry& r);
void RegisterLogical(FunctionRegistry& r);
void RegisterStringOps(FunctionRegistry& r);
void RegisterSetOps(FunctionRegistry& r);
void RegisterStringFunctions(FunctionRegistry& r);
void RegisterRegex(FunctionRegistry& r);
void RegisterDatetime(FunctionRegistry& r);
void RegisterDatetimeFormat(FunctionRegistry& r);
void RegisterStringCodecs(FunctionRegistry& r);
void RegisterConversion(FunctionRegistry& r);
void RegisterConditional(FunctionRegistry& r);
void RegisterDynamic(FunctionRegistry& r);
void RegisterArrayFunctions(FunctionRegistry& r);
void RegisterArrayReshape(FunctionRegistry& r);
void RegisterTextTransforms(FunctionRegistry& r);
void RegisterPunycode(FunctionRegistry& r);
void RegisterTimezones(FunctionRegistry& r);
void RegisterSessionInfo(FunctionRegistry& r);
void RegisterDataSize(FunctionRegistry& r);
void RegisterByteCodecs(FunctionRegistry& r);
void RegisterSeriesFunctions(FunctionRegistry& r);
void RegisterSeriesMath(FunctionRegistry& r);
void RegisterSeriesReduce(FunctionRegistry& r);
void RegisterSeriesFill(FunctionRegistry& r);
void RegisterSeriesFilters(FunctionRegistry& r);
void RegisterIp(FunctionRegistry& r);
void RegisterHash(FunctionRegistry& r);
void RegisterMath(FunctionRegistry& r);
void RegisterMathSpecial(FunctionRegistry& r);
void RegisterBitwise(FunctionRegistry& r);
void RegisterUnitConversion(FunctionRegistry& r);
void RegisterHashXxhash(FunctionRegistry& r);
void RegisterNumberFormat(FunctionRegistry& r);
void RegisterBasicAggregates(FunctionRegistry& r);
void RegisterCollectAggregates(FunctionRegistry& r);
void RegisterArgAggregates(FunctionRegistry& r);
void RegisterStatAggregates(FunctionRegistry& r);
void RegisterCovarianceAggregates(FunctionRegistry& r);
void RegisterBitwiseAggregates(FunctionRegistry& r);
void RegisterWeightedPercentiles(FunctionRegistry& r);
void RegisterTdigestAggregates(FunctionRegistry& r);
void RegisterSchemaAggregates(FunctionRegistry& r);
void RegisterSketchMerges(FunctionRegistry& r);

}  // namespace quarry::kql::fn
