#include "store/value_text.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

#include "common/time.h"

namespace quarry::store {
namespace {

std::string_view TrimBlanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

bool IsHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }
bool IsDigitChar(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<bool> ParseBoolText(std::string_view text) {
  std::string_view s = TrimBlanks(text);
  if (EqualsIgnoreCase(s, "true") || s == "1") return true;
  if (EqualsIgnoreCase(s, "false") || s == "0") return false;
  return std::nullopt;
}

std::optional<int64_t> ParseLongText(std::string_view text) {
  std::string_view s = TrimBlanks(text);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<double> ParseRealText(std::string_view text) {
  std::string_view s = TrimBlanks(text);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  if (EqualsIgnoreCase(s, "nan")) return std::numeric_limits<double>::quiet_NaN();
  if (EqualsIgnoreCase(s, "infinity") || EqualsIgnoreCase(s, "inf")) {
    return std::numeric_limits<double>::infinity();
  }
  if (EqualsIgnoreCase(s, "-infinity") || EqualsIgnoreCase(s, "-inf")) {
    return -std::numeric_limits<double>::infinity();
  }
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<std::string> ParseGuidText(std::string_view text) {
  std::string_view s = TrimBlanks(text);
  if (s.size() == 38 && s.front() == '{' && s.back() == '}') s = s.substr(1, 36);
  if (s.size() != 36) return std::nullopt;
  std::string out(s);
  for (size_t i = 0; i < out.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? out[i] != '-' : !IsHex(out[i])) return std::nullopt;
    out[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[i])));
  }
  return out;
}

bool LooksLikeDatetime(std::string_view text) {
  std::string_view s = TrimBlanks(text);
  if (s.size() < 10) return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!IsDigitChar(s[i])) return false;
  }
  if (s[4] != '-' || s[7] != '-') return false;
  return ParseDatetime(s).has_value();
}

std::optional<Type> InferTextType(std::string_view text) {
  if (TrimBlanks(text).empty()) return std::nullopt;
  if (ParseLongText(text)) return Type::kLong;
  if (ParseRealText(text)) {
    // "NaN" / "Infinity" alone are more likely words than numbers.
    char c = TrimBlanks(text).front();
    if (IsDigitChar(c) || c == '-' || c == '+' || c == '.') return Type::kReal;
    return Type::kString;
  }
  std::string_view s = TrimBlanks(text);
  if (EqualsIgnoreCase(s, "true") || EqualsIgnoreCase(s, "false")) return Type::kBool;
  if (LooksLikeDatetime(text)) return Type::kDatetime;
  return Type::kString;
}

Type MergeInferredTypes(Type a, Type b) {
  if (a == b) return a;
  if (a == Type::kDynamic || b == Type::kDynamic) return Type::kDynamic;
  if (IsNumeric(a) && IsNumeric(b)) {
    if (a == Type::kReal || b == Type::kReal || a == Type::kDecimal || b == Type::kDecimal) {
      return Type::kReal;
    }
    return Type::kLong;
  }
  return Type::kString;
}

bool AppendText(ColumnBuilder& builder, std::string_view text) {
  Type type = builder.type();
  if (type == Type::kString) {
    builder.AppendString(text);
    return true;
  }
  if (TrimBlanks(text).empty()) {
    builder.AppendNull();
    return true;
  }
  switch (type) {
    case Type::kBool:
      if (auto v = ParseBoolText(text)) {
        builder.AppendBool(*v);
        return true;
      }
      break;
    case Type::kInt:
      if (auto v = ParseLongText(text); v && *v >= std::numeric_limits<int32_t>::min() &&
                                        *v <= std::numeric_limits<int32_t>::max()) {
        builder.AppendInt(static_cast<int32_t>(*v));
        return true;
      }
      break;
    case Type::kLong:
      if (auto v = ParseLongText(text)) {
        builder.AppendLong(*v);
        return true;
      }
      if (auto d = ParseRealText(text); d && std::isfinite(*d) && *d == std::trunc(*d) &&
                                        std::fabs(*d) < 9.2e18) {
        builder.AppendLong(static_cast<int64_t>(*d));
        return true;
      }
      break;
    case Type::kReal:
    case Type::kDecimal:
      if (auto v = ParseRealText(text)) {
        builder.AppendReal(*v);
        return true;
      }
      break;
    case Type::kDatetime:
      if (auto v = ParseDatetime(text)) {
        builder.AppendLong(*v);
        return true;
      }
      break;
    case Type::kTimespan:
      if (auto v = ParseTimespan(text)) {
        builder.AppendLong(*v);
        return true;
      }
      break;
    case Type::kGuid:
      if (auto v = ParseGuidText(text)) {
        builder.AppendString(*v);
        return true;
      }
      break;
    case Type::kDynamic: {
      Json j = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
      if (j.is_discarded()) j = Json(std::string(text));
      builder.AppendDynamic(std::make_shared<const Json>(std::move(j)));
      return true;
    }
    case Type::kString:
      break;
  }
  builder.AppendNull();
  return false;
}

}  // namespace quarry::store
