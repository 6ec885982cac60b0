// Value: one KQL scalar (any Type, possibly null). Used where rows are handled one at a time
// (literals, print, the reference executor, ingest); the vectorized paths work on Columns.
// A value type; thread-compatible.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "table/type.h"

namespace quarry {

// Dynamic values keep object keys in insertion order, as Kusto property bags print them.
using Json = nlohmann::ordered_json;
using DynamicPtr = std::shared_ptr<const Json>;

class Value {
 public:
  Value() = default;  // a null string

  static Value Null(Type type) { Value v; v.type_ = type; return v; }
  static Value Bool(bool b) { return Scalar(Type::kBool, b ? 1 : 0); }
  static Value Int(int32_t i) { return Scalar(Type::kInt, i); }
  static Value Long(int64_t i) { return Scalar(Type::kLong, i); }
  static Value Datetime(int64_t ticks) { return Scalar(Type::kDatetime, ticks); }
  static Value Timespan(int64_t ticks) { return Scalar(Type::kTimespan, ticks); }
  static Value Real(double d) { Value v; v.type_ = Type::kReal; v.null_ = false; v.d_ = d; return v; }
  static Value Decimal(double d) { Value v = Real(d); v.type_ = Type::kDecimal; return v; }
  static Value String(std::string s) { return Text(Type::kString, std::move(s)); }
  static Value Guid(std::string canonical) { return Text(Type::kGuid, std::move(canonical)); }
  static Value Dynamic(Json j);
  static Value Dynamic(DynamicPtr j);

  Type type() const { return type_; }
  bool is_null() const { return null_; }

  // REQUIRES: !is_null() and the matching type.
  bool bool_value() const { return i_ != 0; }
  int64_t int_value() const { return i_; }  // int, long, datetime, timespan
  double real_value() const { return d_; }  // real, decimal
  const std::string& string_value() const { return s_; }  // string, guid
  const Json& dynamic_value() const { return *dyn_; }
  const DynamicPtr& dynamic_ptr() const { return dyn_; }

  // Kusto's tostring(): "" for null, canonical datetime/timespan text, JSON for dynamic.
  std::string ToString() const;

  // Same type, same nullness, same value (reals compared bitwise-equal or both NaN).
  bool operator==(const Value& other) const;

 private:
  static Value Scalar(Type t, int64_t i) { Value v; v.type_ = t; v.null_ = false; v.i_ = i; return v; }
  static Value Text(Type t, std::string s) {
    Value v; v.type_ = t; v.null_ = false; v.s_ = std::move(s); return v;
  }

  Type type_ = Type::kString;
  bool null_ = true;
  int64_t i_ = 0;
  double d_ = 0;
  std::string s_;
  DynamicPtr dyn_;
};

// Kusto's rendering of a real: integral values without a fraction ("5"), otherwise the shortest
// text that round-trips ("0.1"), "NaN", "Infinity", "-Infinity".
std::string FormatReal(double d);

}  // namespace quarry
