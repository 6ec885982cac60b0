#include "server/bearer_token.h"

#include <fmt/core.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <strings.h>

#include <array>

namespace quarry::server {
namespace {

std::array<unsigned char, SHA256_DIGEST_LENGTH> Digest(std::string_view text) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> out{};
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), out.data());
  return out;
}

}  // namespace

Result<std::string> GenerateBearerToken() {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::array<unsigned char, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    return Internal("OpenSSL could not produce random bytes for the access token");
  }
  std::string token = "qry_";
  for (unsigned char b : bytes) token += kAlphabet[b & 63];
  return token;
}

bool BearerTokenMatches(std::string_view header, std::string_view expected) {
  constexpr std::string_view kScheme = "bearer ";
  bool scheme_ok = header.size() > kScheme.size() &&
                   strncasecmp(header.data(), kScheme.data(), kScheme.size()) == 0;
  std::string_view given = scheme_ok ? header.substr(kScheme.size()) : std::string_view();
  while (!given.empty() && given.front() == ' ') given.remove_prefix(1);
  auto a = Digest(given);
  auto b = Digest(expected);
  bool same = CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
  return scheme_ok && !expected.empty() && same;
}

std::string RandomUuid() {
  std::array<unsigned char, 16> b{};
  if (RAND_bytes(b.data(), static_cast<int>(b.size())) != 1) b.fill(0);
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
  return fmt::format(
      "{:02x}{:02x}{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}{:02x}{:02x}"
      "{:02x}{:02x}",
      b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
      b[15]);
}

}  // namespace quarry::server
