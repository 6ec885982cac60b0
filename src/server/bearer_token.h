// The bearer token that guards `quarry serve`: generated when none is given (32 random bytes
// from OpenSSL's CSPRNG, base64url), and checked in constant time (both sides are hashed with
// SHA-256 and the digests compared with CRYPTO_memcmp, so neither the content nor the length
// of the expected token leaks through timing). Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace quarry::server {

Result<std::string> GenerateBearerToken();

// True when `authorization_header` is "Bearer <expected>" (scheme case-insensitive).
// REQUIRES: expected is not empty.
bool BearerTokenMatches(std::string_view authorization_header, std::string_view expected);

// A random RFC 4122 version-4 id (correlation ids).
std::string RandomUuid();

}  // namespace quarry::server
