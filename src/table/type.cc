#include "table/type.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace quarry {

std::string_view TypeName(Type type) {
  switch (type) {
    case Type::kBool: return "bool";
    case Type::kInt: return "int";
    case Type::kLong: return "long";
    case Type::kReal: return "real";
    case Type::kDecimal: return "decimal";
    case Type::kString: return "string";
    case Type::kDatetime: return "datetime";
    case Type::kTimespan: return "timespan";
    case Type::kGuid: return "guid";
    case Type::kDynamic: return "dynamic";
  }
  return "unknown";
}

std::optional<Type> TypeFromName(std::string_view name) {
  std::string n(name);
  std::transform(n.begin(), n.end(), n.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (n == "bool" || n == "boolean") return Type::kBool;
  if (n == "int" || n == "int32") return Type::kInt;
  if (n == "long" || n == "int64") return Type::kLong;
  if (n == "real" || n == "double" || n == "float") return Type::kReal;
  if (n == "decimal") return Type::kDecimal;
  if (n == "string") return Type::kString;
  if (n == "datetime" || n == "date") return Type::kDatetime;
  if (n == "timespan" || n == "time") return Type::kTimespan;
  if (n == "guid" || n == "uniqueid" || n == "uuid") return Type::kGuid;
  if (n == "dynamic") return Type::kDynamic;
  return std::nullopt;
}

}  // namespace quarry
