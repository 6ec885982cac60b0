// Shared pieces of the aggregation states: a comparable key for min/max/arg_max over numbers,
// datetimes, timespans, bools and strings; a 64-bit value hash for dcount; and binder helpers.
//
// Internal to the function library; states are used by one thread at a time (Merge joins them).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "kql/function_registry.h"
#include "kql/functions/kernel_util.h"

namespace quarry::kql::fn {

// One orderable value. `kind` follows the column type: integral storage compares `i`, reals
// compare `d`, strings compare `s`.
struct OrderKey {
  bool valid = false;
  int64_t i = 0;
  double d = 0;
  std::string s;
};

enum class KeyKind { kIntegral, kReal, kString, kDynamic };
KeyKind KeyKindOf(Type t);

// Reads row i of `v` as a key; returns false for null (strings are never null).
bool ReadKey(const ArgView& v, size_t i, KeyKind kind, OrderKey& key);
// <0, 0, >0 like strcmp. REQUIRES: both valid, same kind.
int CompareKeys(const OrderKey& a, const OrderKey& b, KeyKind kind);
// Compares row i of `v` with a stored key without copying strings.
int CompareRowToKey(const ArgView& v, size_t i, KeyKind kind, const OrderKey& key);
// Appends a key as a value of type t (null when invalid).
void AppendKey(const OrderKey& key, Type t, ColumnBuilder& b);

// 64-bit hash of row i (for distinct counting); strings hash their bytes with HashString.
uint64_t HashRow(const ArgView& v, size_t i);
// The hash HashRow gives a string (dictionary entries are hashed with it too).
uint64_t HashString(std::string_view s);

// True if row i of a bool predicate is true (null counts as false).
inline bool PredicateAt(const ArgView& v, size_t i) { return !v.IsNull(i) && v.Long(i) != 0; }

bool Orderable(Type t);

}  // namespace quarry::kql::fn
