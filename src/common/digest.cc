#include "common/digest.h"

#include <openssl/evp.h>

#include <cstdlib>

namespace quarry {
namespace {

std::string DigestHex(const EVP_MD* md, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  // One-shot digest of an in-memory buffer: fails only when libcrypto cannot allocate or the
  // algorithm is unavailable, which is a broken installation rather than an input error.
  if (EVP_Digest(data.data(), data.size(), digest, &length, md, nullptr) != 1) std::abort();
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(2 * length, '0');
  for (unsigned int i = 0; i < length; ++i) {
    out[2 * i] = kHex[digest[i] >> 4];
    out[2 * i + 1] = kHex[digest[i] & 0x0F];
  }
  return out;
}

}  // namespace

std::string Sha256Hex(std::string_view data) { return DigestHex(EVP_sha256(), data); }

std::string Sha1Hex(std::string_view data) { return DigestHex(EVP_sha1(), data); }

std::string Md5Hex(std::string_view data) { return DigestHex(EVP_md5(), data); }

}  // namespace quarry
