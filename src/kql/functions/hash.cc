// hash_sha256 and hash_md5 of the UTF-8 text of a value, as lowercase hex (Kusto's output).
// Implemented here from FIPS 180-4 (SHA-256) and RFC 1321 (MD5) so the kql library needs no
// crypto dependency; these digests identify file contents in hunting, they protect nothing.
#include <fmt/core.h>

#include <array>
#include <cmath>
#include <cstring>

#include "kql/functions/builtin_functions.h"
#include "kql/functions/kernel_util.h"

namespace quarry::kql::fn {
namespace {

inline uint32_t Rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }
inline uint32_t Rotl(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

// Message padding shared by both: 0x80, zeros, 64-bit length (big- or little-endian).
std::string Pad(std::string_view data, bool big_endian) {
  std::string m(data);
  uint64_t bits = static_cast<uint64_t>(data.size()) * 8;
  m.push_back(static_cast<char>(0x80));
  while (m.size() % 64 != 56) m.push_back('\0');
  for (int k = 0; k < 8; ++k) {
    int shift = big_endian ? 56 - 8 * k : 8 * k;
    m.push_back(static_cast<char>((bits >> shift) & 0xFF));
  }
  return m;
}

std::string Sha256Hex(std::string_view data) {
  static constexpr std::array<uint32_t, 64> kK = {
      0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
      0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
      0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
      0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
      0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
      0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
      0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
      0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
      0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
      0xc67178f2};
  std::array<uint32_t, 8> h = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                               0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::string m = Pad(data, true);
  for (size_t off = 0; off < m.size(); off += 64) {
    std::array<uint32_t, 64> w;
    for (int t = 0; t < 16; ++t) {
      const auto* p = reinterpret_cast<const uint8_t*>(m.data() + off + 4 * t);
      w[t] = (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
    }
    for (int t = 16; t < 64; ++t) {
      uint32_t s0 = Rotr(w[t - 15], 7) ^ Rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
      uint32_t s1 = Rotr(w[t - 2], 17) ^ Rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
      w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    auto [a, b, c, d, e, f, g, hh] = h;
    for (int t = 0; t < 64; ++t) {
      uint32_t t1 = hh + (Rotr(e, 6) ^ Rotr(e, 11) ^ Rotr(e, 25)) + ((e & f) ^ (~e & g)) + kK[t] + w[t];
      uint32_t t2 = (Rotr(a, 2) ^ Rotr(a, 13) ^ Rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      hh = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
  }
  std::string out;
  for (uint32_t x : h) out += fmt::format("{:08x}", x);
  return out;
}

std::string Md5Hex(std::string_view data) {
  static constexpr std::array<int, 64> kS = {7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7,
                                             12, 17, 22, 5, 9,  14, 20, 5, 9,  14, 20, 5, 9,
                                             14, 20, 5,  9, 14, 20, 4, 11, 16, 23, 4, 11, 16,
                                             23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21,
                                             6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};
  std::array<uint32_t, 64> k;
  for (int i = 0; i < 64; ++i) {
    k[i] = static_cast<uint32_t>(std::floor(std::fabs(std::sin(i + 1.0)) * 4294967296.0));
  }
  uint32_t a0 = 0x67452301, b0 = 0xefcdab89, c0 = 0x98badcfe, d0 = 0x10325476;
  std::string m = Pad(data, false);
  for (size_t off = 0; off < m.size(); off += 64) {
    std::array<uint32_t, 16> w;
    for (int t = 0; t < 16; ++t) {
      const auto* p = reinterpret_cast<const uint8_t*>(m.data() + off + 4 * t);
      w[t] = uint32_t(p[0]) | (uint32_t(p[1]) << 8) | (uint32_t(p[2]) << 16) | (uint32_t(p[3]) << 24);
    }
    uint32_t a = a0, b = b0, c = c0, d = d0;
    for (int i = 0; i < 64; ++i) {
      uint32_t f;
      int g;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) % 16;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) % 16;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) % 16;
      }
      f = f + a + k[i] + w[g];
      a = d;
      d = c;
      c = b;
      b = b + Rotl(f, kS[i]);
    }
    a0 += a; b0 += b; c0 += c; d0 += d;
  }
  std::string out;
  for (uint32_t x : {a0, b0, c0, d0}) {
    for (int byte = 0; byte < 4; ++byte) out += fmt::format("{:02x}", (x >> (8 * byte)) & 0xFF);
  }
  return out;
}

void AddHash(FunctionRegistry& r, const std::string& name, std::string (*digest)(std::string_view)) {
  r.AddScalar(name, [=](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 1, 1));
    return ScalarBinding{Type::kString, [digest](std::span<const Datum> in, const EvalContext&) {
                           std::vector<Datum> c{CoerceDatum(in[0], Type::kString)};
                           return MapRows(c, Type::kString, [digest](const std::vector<ArgView>& v,
                                                                     size_t i, ColumnBuilder& b) {
                             b.AppendString(digest(v[0].Str(i)));
                           });
                         }};
  });
}

}  // namespace

void RegisterHash(FunctionRegistry& r) {
  AddHash(r, "hash_sha256", Sha256Hex);
  AddHash(r, "hash_md5", Md5Hex);
}

}  // namespace quarry::kql::fn
