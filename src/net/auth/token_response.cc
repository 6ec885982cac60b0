#include "net/auth/token_response.h"

#include <fmt/core.h>

#include <cctype>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <optional>

#include <nlohmann/json.hpp>

namespace quarry::net {
namespace {

using nlohmann::json;
using std::chrono::system_clock;

// A JSON number or a string holding a decimal number (IMDS sends numbers as strings).
std::optional<double> NumberField(const json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end()) return std::nullopt;
  if (it->is_number()) return it->get<double>();
  if (it->is_string()) {
    const std::string& text = it->get_ref<const std::string&>();
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc() && end == text.data() + text.size()) return value;
  }
  return std::nullopt;
}

std::optional<json> ParseObject(std::string_view body) {
  json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) return std::nullopt;
  return parsed;
}

system_clock::time_point FromEpochSeconds(double seconds) {
  return system_clock::time_point(std::chrono::seconds(static_cast<int64_t>(seconds)));
}

}  // namespace

std::string ScopeForResource(std::string_view resource) {
  if (resource.ends_with('/')) resource.remove_suffix(1);
  return std::string(resource) + "/.default";
}

std::string UrlEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    out += UrlEncode(name);
    out += '=';
    out += UrlEncode(value);
  }
  return out;
}

Result<AccessToken> ParseOAuthTokenResponse(std::string_view body, system_clock::time_point now) {
  auto parsed = ParseObject(body);
  if (!parsed) return InvalidArgument("the token answer is not a JSON object");
  auto token = parsed->find("access_token");
  if (token == parsed->end() || !token->is_string() || token->get<std::string>().empty()) {
    return InvalidArgument("the token answer has no access_token");
  }
  AccessToken result;
  result.token = token->get<std::string>();
  if (auto expires_on = NumberField(*parsed, "expires_on")) {
    result.expires_on = FromEpochSeconds(*expires_on);
  } else if (auto expires_in = NumberField(*parsed, "expires_in")) {
    result.expires_on = now + std::chrono::seconds(static_cast<int64_t>(*expires_in));
  } else {
    return InvalidArgument("the token answer says neither expires_in nor expires_on");
  }
  return result;
}

Result<AccessToken> ParseAzCliTokenOutput(std::string_view output, system_clock::time_point now) {
  auto parsed = ParseObject(output);
  if (!parsed) return InvalidArgument("the Azure CLI did not print a JSON object");
  auto token = parsed->find("accessToken");
  if (token == parsed->end() || !token->is_string() || token->get<std::string>().empty()) {
    return InvalidArgument("the Azure CLI output has no accessToken");
  }
  AccessToken result;
  result.token = token->get<std::string>();
  if (auto expires_on = NumberField(*parsed, "expires_on")) {
    result.expires_on = FromEpochSeconds(*expires_on);
    return result;
  }
  auto local = parsed->find("expiresOn");
  if (local != parsed->end() && local->is_string()) {
    std::tm tm{};
    int parsed_fields =
        std::sscanf(local->get<std::string>().c_str(), "%d-%d-%d %d:%d:%d", &tm.tm_year, &tm.tm_mon,
                    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec);
    if (parsed_fields == 6) {
      tm.tm_year -= 1900;
      tm.tm_mon -= 1;
      tm.tm_isdst = -1;
      std::time_t t = std::mktime(&tm);
      if (t != static_cast<std::time_t>(-1)) {
        result.expires_on = system_clock::from_time_t(t);
        return result;
      }
    }
  }
  // An unknown expiry: assume the shortest lifetime Entra issues (one hour), minus a margin.
  result.expires_on = now + std::chrono::minutes(30);
  return result;
}

std::string DescribeOAuthError(std::string_view body) {
  auto parsed = ParseObject(body);
  if (!parsed) return "";
  std::string code;
  std::string description;
  if (auto it = parsed->find("error"); it != parsed->end()) {
    if (it->is_string()) {
      code = it->get<std::string>();
    } else if (it->is_object()) {  // IMDS and App Service sometimes nest it
      code = it->value("code", "");
      description = it->value("message", "");
    }
  }
  if (auto it = parsed->find("error_description"); it != parsed->end() && it->is_string()) {
    description = it->get<std::string>();
  }
  size_t eol = description.find_first_of("\r\n");
  if (eol != std::string::npos) description.resize(eol);
  if (code.empty()) return description;
  if (description.empty()) return code;
  return fmt::format("{}: {}", code, description);
}

}  // namespace quarry::net
