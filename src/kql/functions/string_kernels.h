// Vectorized drivers for predicates over one string argument: evaluate once for a scalar, once per
// dictionary entry for a dictionary-encoded column, or per row; plus the whole-buffer searcher
// path for has/contains. Results are non-null bools (Kusto strings are never null: a null string
// reads as "").
//
// Internal to the function library; thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include "kql/function_registry.h"
#include "kql/functions/text_search.h"

namespace quarry::kql::fn {

// Builds a bool column (no nulls) from 0/1 bytes, flipped when `negate`.
ColumnPtr MakeBoolColumn(const std::vector<uint8_t>& values, bool negate);

// Applies pred(std::string_view) -> bool to every row of a string datum.
template <typename Pred>
Datum StringPredicate(const Datum& d, Pred pred, bool negate = false) {
  if (d.is_scalar()) {
    std::string_view s = d.scalar.is_null() ? std::string_view() : d.scalar.string_value();
    return Datum::Scalar(Value::Bool(pred(s) != negate));
  }
  const Column& c = *d.column;
  std::vector<uint8_t> out(c.size());
  if (c.is_dictionary()) {
    // Once per dictionary entry the rows use (a slice of a column may use few of them).
    const Column& dict = c.dictionary();
    std::vector<int8_t> per_entry(dict.size(), -1);
    uint8_t null_value = pred(std::string_view()) ? 1 : 0;
    auto codes = c.codes();
    bool all_valid = c.validity().AllValid();
    for (size_t i = 0; i < c.size(); ++i) {
      if (!all_valid && c.IsNull(i)) {
        out[i] = null_value;
        continue;
      }
      int8_t& known = per_entry[codes[i]];
      if (known < 0) known = pred(dict.str(codes[i])) ? 1 : 0;
      out[i] = static_cast<uint8_t>(known);
    }
  } else {
    for (size_t i = 0; i < c.size(); ++i) out[i] = pred(c.str(i)) ? 1 : 0;
  }
  return Datum::Of(MakeBoolColumn(out, negate));
}

// `d` matched against one searcher, with the whole-buffer path for plain columns.
Datum SearchPredicate(const Datum& d, const TextSearcher& searcher, bool negate);

}  // namespace quarry::kql::fn
