// SHA-256 (FIPS 180-4), used to check that a rank file is the one OpenAI published before it is
// trusted. Internal to llm/tokenizer. Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>

namespace quarry::llm::tokenizer_internal {

// Lower-case hex digest of `data`.
std::string Sha256Hex(std::string_view data);

}  // namespace quarry::llm::tokenizer_internal
