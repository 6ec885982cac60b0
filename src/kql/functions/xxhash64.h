// XXH64, the 64-bit xxHash of a byte string, written from the public xxHash specification
// (Yann Collet, "xxHash fast digest algorithm", XXH64 section). Kusto's hash() and
// hash_xxhash64() return it (seed 0) as a signed long.
//
// Pure function: thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

namespace quarry::kql::fn {

uint64_t Xxhash64(std::string_view data, uint64_t seed = 0);

}  // namespace quarry::kql::fn
