// Series functions that return several columns: series_fit_line, series_decompose,
// series_decompose_anomalies, series_stats, series_periods_detect and series_periods_validate.
// Their kernels return one property bag per row (keys: the output suffixes below); extend/project
// split the bag into typed columns, named by the assignment `(a, b, ...) = f(x)` or, unnamed,
// `f_x_<suffix>` as Kusto names them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kql/function_registry.h"
#include "table/value.h"

namespace quarry::kql::fn {

struct SeriesOutput {
  std::string suffix;  // bag key and default column suffix ("rsquare", "ad_flag", ...)
  Type type;
};

// The outputs of a multi-column series function, or nullptr for any other function.
const std::vector<SeriesOutput>* SeriesFunctionOutputs(std::string_view name);

// series_periods_detect and series_periods_validate (series_periods.cc).
void RegisterSeriesPeriods(FunctionRegistry& r);

}  // namespace quarry::kql::fn
