#include "net/redact.h"

#include <strings.h>

#include <array>
#include <cctype>

namespace quarry::net {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

bool IsKeyChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '*';
}

}  // namespace

bool IsSecretHeader(std::string_view name) {
  static constexpr std::array<std::string_view, 7> kSecretHeaders = {
      "authorization", "proxy-authorization",      "api-key", "x-api-key", "cookie",
      "set-cookie",    "ocp-apim-subscription-key"};
  for (auto secret : kSecretHeaders) {
    if (EqualsIgnoreCase(name, secret)) return true;
  }
  return false;
}

std::string FormatHeadersForLog(const Headers& headers) {
  std::string out;
  for (const auto& [name, value] : headers) {
    out += name;
    out += ": ";
    out += IsSecretHeader(name) ? std::string(kRedacted) : value;
    out += '\n';
  }
  return out;
}

std::string RedactUrl(std::string_view url) {
  static constexpr std::array<std::string_view, 8> kSecretParams = {
      "api-key", "key", "code", "sig", "token", "access_token", "client_secret", "password"};
  size_t query = url.find('?');
  if (query == std::string_view::npos) return std::string(url);
  std::string out(url.substr(0, query + 1));
  std::string_view rest = url.substr(query + 1);
  bool first = true;
  while (!rest.empty()) {
    size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (!first) out += '&';
    first = false;
    size_t eq = pair.find('=');
    std::string_view name = pair.substr(0, eq);
    bool secret = false;
    for (auto param : kSecretParams) secret = secret || EqualsIgnoreCase(name, param);
    if (secret && eq != std::string_view::npos) {
      out += name;
      out += '=';
      out += kRedacted;
    } else {
      out += pair;
    }
  }
  return out;
}

std::string RedactSecrets(std::string_view text, std::string_view secret) {
  std::string masked;
  if (secret.size() >= 4) {
    size_t pos = 0;
    while (true) {
      size_t hit = text.find(secret, pos);
      masked.append(text.substr(pos, hit == std::string_view::npos ? hit : hit - pos));
      if (hit == std::string_view::npos) break;
      masked += kRedacted;
      pos = hit + secret.size();
    }
  } else {
    masked = std::string(text);
  }
  std::string out;
  out.reserve(masked.size());
  for (size_t i = 0; i < masked.size();) {
    bool word_start = i == 0 || !IsKeyChar(masked[i - 1]);
    if (word_start && masked.compare(i, 3, "sk-") == 0) {
      size_t end = i + 3;
      while (end < masked.size() && IsKeyChar(masked[end])) ++end;
      out += kRedacted;
      i = end;
      continue;
    }
    out += masked[i++];
  }
  return out;
}

}  // namespace quarry::net
