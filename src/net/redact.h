// Keeping secrets out of logs and error messages.
//
// Request headers that carry credentials (Authorization, api-key, ...) are shown as
// "[redacted]"; URL query parameters that commonly carry credentials likewise; and a known
// secret, or anything shaped like an OpenAI key, is masked in free text such as a service's error
// message before Quarry repeats it. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "net/http_types.h"

namespace quarry::net {

inline constexpr std::string_view kRedacted = "[redacted]";

// True for headers whose value is a credential (case-insensitive): authorization,
// proxy-authorization, api-key, x-api-key, cookie, set-cookie, ocp-apim-subscription-key.
bool IsSecretHeader(std::string_view name);

// "Name: value" lines, one per header, secret values replaced by [redacted].
std::string FormatHeadersForLog(const Headers& headers);

// The URL with the values of credential-like query parameters (api-key, key, code, sig, token,
// access_token, client_secret, password) replaced by [redacted].
std::string RedactUrl(std::string_view url);

// `text` with every occurrence of `secret` (when at least 4 characters long) and every
// "sk-..." key-shaped word replaced by [redacted].
std::string RedactSecrets(std::string_view text, std::string_view secret);

}  // namespace quarry::net
