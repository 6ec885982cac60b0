// Message digests as lower-case hex, computed by OpenSSL's libcrypto (EVP).
//
// Used where content must be identified: the tokenizer checks that a rank file is the one OpenAI
// published, and KQL's hash_sha256() / hash_sha1() / hash_md5() return these strings. MD5 and
// SHA-1 here identify, they protect nothing. Thread-safety: pure functions, safe to call from
// any thread.
#pragma once

#include <string>
#include <string_view>

namespace quarry {

// SHA-256 (FIPS 180-4) of `data`: 64 hex digits.
std::string Sha256Hex(std::string_view data);

// SHA-1 (FIPS 180-4) of `data`: 40 hex digits.
std::string Sha1Hex(std::string_view data);

// MD5 (RFC 1321) of `data`: 32 hex digits.
std::string Md5Hex(std::string_view data);

}  // namespace quarry
