// The KQL scalar types. Every column of every table has exactly one of them, and every value of a
// column may be null. Names follow Kusto ("long", "real", "datetime", ...).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace quarry {

enum class Type : uint8_t {
  kBool,
  kInt,       // 32-bit signed
  kLong,      // 64-bit signed
  kReal,      // IEEE double
  kDecimal,   // Kusto's 128-bit decimal; held as double here (documented gap: precision)
  kString,
  kDatetime,  // ticks since the Unix epoch (common/time.h)
  kTimespan,  // ticks
  kGuid,      // held as its canonical lowercase text
  kDynamic,   // JSON value
};

inline constexpr int kTypeCount = 10;

// Kusto's name: "bool", "int", "long", "real", "decimal", "string", "datetime", "timespan",
// "guid", "dynamic".
std::string_view TypeName(Type type);

// Accepts Kusto's names and their aliases ("boolean", "int32", "int64", "double", "date", "time",
// "uniqueid", "uuid", ...), case-insensitive.
std::optional<Type> TypeFromName(std::string_view name);

inline bool IsNumeric(Type t) {
  return t == Type::kInt || t == Type::kLong || t == Type::kReal || t == Type::kDecimal;
}

}  // namespace quarry
