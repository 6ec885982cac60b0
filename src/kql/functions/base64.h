// Base64 (RFC 4648) for the codec functions: encoding with the standard alphabet and '='
// padding; decoding that also accepts the URL-safe alphabet, skips CR/LF/space and rejects any
// other character.
//
// Internal to the function library. Pure functions: thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace quarry::kql::fn {

std::string Base64Encode(std::string_view in);
// nullopt for a character outside the alphabets or misplaced padding.
std::optional<std::string> Base64Decode(std::string_view in);

}  // namespace quarry::kql::fn
