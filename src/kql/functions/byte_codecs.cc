// Byte-level codecs: base64_encode_fromarray (an array of byte values), base64_encode_fromguid /
// base64_decode_toguid (the 16 bytes in .NET's Guid layout: the first three fields
// little-endian), and zlib_compress_to_base64_string / zlib_decompress_from_base64_string /
// gzip_compress_to_base64_string / gzip_decompress_from_base64_string (zlib). Compression writes
// deflate's stored blocks (level 0) with a zero-time gzip header, which is what Kusto writes, so
// the text matches Kusto's byte for byte; decompression reads any level. Text that is not valid
// base64 or not a valid stream gives "" (null for the guid), never an error.
#include <zlib.h>

#include <fmt/core.h>

#include <array>

#include "kql/functions/base64.h"
#include "kql/functions/builtin_functions.h"
#include "kql/functions/kernel_util.h"

namespace quarry::kql::fn {
namespace {

// Decompressed text larger than this is treated as invalid (a zip bomb guard).
constexpr size_t kMaxInflated = 256u << 20;

using Row = std::function<void(const std::vector<ArgView>&, size_t, ColumnBuilder&)>;

void AddRowFn(FunctionRegistry& r, const std::string& name, size_t min, size_t max, Type out,
              Row row, std::function<Status(std::span<const ArgInfo>)> check = nullptr) {
  r.AddScalar(name, [=](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, min, max));
    if (check) QUARRY_RETURN_IF_ERROR(check(args));
    return ScalarBinding{out, [row, out](std::span<const Datum> in, const EvalContext&) {
                           return MapRows(in, out, row);
                         }};
  });
}

// A guid's 16 bytes in .NET order: Data1 (4 bytes), Data2, Data3 (2 each) little-endian, then
// the last 8 bytes as written.
constexpr std::array<int, 16> kGuidByteOrder = {6,  4,  2,  0,  11, 9,  16, 14,
                                                19, 21, 24, 26, 28, 30, 32, 34};

std::optional<std::string> GuidBytes(std::string_view text) {
  if (text.size() != 36) return std::nullopt;
  std::string out;
  for (int at : kGuidByteOrder) {
    unsigned value = 0;
    for (int k = 0; k < 2; ++k) {
      char c = text[static_cast<size_t>(at + k)];
      int d = c >= '0' && c <= '9'   ? c - '0'
              : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                     : -1;
      if (d < 0) return std::nullopt;
      value = value * 16 + static_cast<unsigned>(d);
    }
    out.push_back(static_cast<char>(value));
  }
  return out;
}

std::string GuidText(std::string_view bytes) {
  std::string text(36, '-');
  for (size_t k = 0; k < 16; ++k) {
    auto b = static_cast<unsigned char>(bytes[k]);
    auto at = static_cast<size_t>(kGuidByteOrder[k]);
    text[at] = "0123456789abcdef"[b >> 4];
    text[at + 1] = "0123456789abcdef"[b & 15];
  }
  return text;
}

// Raw deflate (window_bits -15) or zlib (15) stream of `in` in stored blocks.
std::string Deflate(std::string_view in, int window_bits) {
  z_stream z{};
  deflateInit2(&z, 0, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, static_cast<uLong>(in.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

void PutLe32(uint32_t v, std::string& out) {
  for (int k = 0; k < 4; ++k) out.push_back(static_cast<char>((v >> (8 * k)) & 0xFF));
}

std::string Gzip(std::string_view in) {
  std::string out("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff", 10);
  out += Deflate(in, -15);
  PutLe32(static_cast<uint32_t>(
              crc32(0, reinterpret_cast<const Bytef*>(in.data()), static_cast<uInt>(in.size()))),
          out);
  PutLe32(static_cast<uint32_t>(in.size()), out);
  return out;
}

// Inflates a zlib (window_bits 15) or gzip (31) stream; nullopt unless it is one whole, valid
// stream within kMaxInflated.
std::optional<std::string> Inflate(std::string_view in, int window_bits) {
  z_stream z{};
  if (inflateInit2(&z, window_bits) != Z_OK) return std::nullopt;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  std::string out;
  std::array<char, 16384> chunk;
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(chunk.data());
    z.avail_out = static_cast<uInt>(chunk.size());
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(chunk.data(), chunk.size() - z.avail_out);
    if (out.size() > kMaxInflated) rc = Z_DATA_ERROR;
    if (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0) rc = Z_BUF_ERROR;
  }
  inflateEnd(&z);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

void RegisterCompressionPair(FunctionRegistry& r, const std::string& kind, int window_bits) {
  AddRowFn(r, kind + "_compress_to_base64_string", 1, 1, Type::kString,
           [kind](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
             std::string text = v[0].Text(i);
             b.AppendString(Base64Encode(kind == "gzip" ? Gzip(text) : Deflate(text, 15)));
           });
  AddRowFn(r, kind + "_decompress_from_base64_string", 1, 1, Type::kString,
           [window_bits](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
             auto bytes = Base64Decode(v[0].Text(i));
             auto text = bytes ? Inflate(*bytes, window_bits) : std::nullopt;
             b.AppendString(text ? *text : "");
           });
}

}  // namespace

void RegisterByteCodecs(FunctionRegistry& r) {
  AddRowFn(
      r, "base64_encode_fromarray", 1, 1, Type::kString,
      [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
        const Json* arr = v[0].Dyn(i);
        if (!arr || !arr->is_array()) return b.AppendNull();
        std::string bytes;
        for (const auto& e : *arr) {
          if (!e.is_number_integer() || e.get<int64_t>() < 0 || e.get<int64_t>() > 255) {
            return b.AppendNull();
          }
          bytes.push_back(static_cast<char>(e.get<int64_t>()));
        }
        b.AppendString(Base64Encode(bytes));
      },
      [](std::span<const ArgInfo> args) {
        if (args[0].type != Type::kDynamic) {
          return ArgTypeError("base64_encode_fromarray", 0, "a dynamic array", args[0].type);
        }
        return Status::Ok();
      });
  AddRowFn(r, "base64_encode_fromguid", 1, 1, Type::kString,
           [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
             auto bytes = v[0].IsNull(i) ? std::nullopt : GuidBytes(v[0].Text(i));
             if (!bytes) return b.AppendNull();
             b.AppendString(Base64Encode(*bytes));
           });
  AddRowFn(r, "base64_decode_toguid", 1, 1, Type::kGuid,
           [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
             auto bytes = Base64Decode(v[0].Text(i));
             if (!bytes || bytes->size() != 16) return b.AppendNull();
             b.AppendString(GuidText(*bytes));
           });
  RegisterCompressionPair(r, "zlib", 15);
  RegisterCompressionPair(r, "gzip", 31);
}

}  // namespace quarry::kql::fn
