// Reading a series (a dynamic array) element by element, as the series_* functions see it:
// numbers are values (remembering whether they were integers), anything else (null, strings,
// bags, missing positions) is an empty element. Shared by the series_* families
// (series_math.cc, series_reduce.cc, series_fill.cc, series_shape.cc).
//
// Internal to the function library. Pure functions: thread-safe.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "kql/function_registry.h"
#include "kql/functions/kernel_util.h"

namespace quarry::kql::fn {

struct SeriesElement {
  bool valid = false;
  bool integral = false;
  double value = 0;
};

using SeriesVector = std::vector<SeriesElement>;

// Element of a JSON value: a number is valid, anything else is not.
SeriesElement ElementOf(const Json& j);

// Row i of a dynamic argument as a series; nullopt when it is null or not an array.
std::optional<SeriesVector> SeriesOf(const ArgView& v, size_t i);

// Row i of an argument that may be a series or one number (broadcast to every position).
// `scalar` is set when it is one number. nullopt when neither.
std::optional<SeriesVector> SeriesOrNumber(const ArgView& v, size_t i, bool* scalar);

// The JSON of one element: null when invalid, an integer when `integral` and the value is a
// whole number within long range, a real otherwise.
Json ElementJson(const SeriesElement& e);

// Binder check: argument `index` of `fn` must be dynamic (a series), or a number when
// `number_ok`.
Status CheckSeriesArg(std::string_view fn, std::span<const ArgInfo> args, size_t index,
                      bool number_ok);

// The argument `index` at row i as a real, or `fallback` when absent, null or not a number.
double OptionalReal(const std::vector<ArgView>& v, size_t index, size_t i, double fallback);

}  // namespace quarry::kql::fn
