// Punycode (RFC 3492, written from the RFC's pseudocode): punycode_from_string /
// punycode_to_string encode and decode one label; punycode_domain_to_string /
// punycode_domain_from_string do every label of a domain, adding or removing the "xn--" prefix
// on labels with non-ASCII letters. Labels are split at '.' and the ideographic full stops
// U+3002, U+FF0E and U+FF61. Invalid input (bad UTF-8, a bad digit, overflow) gives "".
#include <algorithm>

#include "kql/functions/builtin_functions.h"
#include "kql/functions/kernel_util.h"

namespace quarry::kql::fn {
namespace {

constexpr uint32_t kBase = 36, kTmin = 1, kTmax = 26, kSkew = 38, kDamp = 700;
constexpr uint32_t kInitialBias = 72, kInitialN = 128, kMaxCodePoint = 0x10FFFF;

uint32_t Adapt(uint32_t delta, uint32_t num_points, bool first_time) {
  delta = first_time ? delta / kDamp : delta / 2;
  delta += delta / num_points;
  uint32_t k = 0;
  while (delta > ((kBase - kTmin) * kTmax) / 2) {
    delta /= kBase - kTmin;
    k += kBase;
  }
  return k + (kBase - kTmin + 1) * delta / (delta + kSkew);
}

uint32_t Threshold(uint32_t k, uint32_t bias) {
  return k <= bias ? kTmin : k >= bias + kTmax ? kTmax : k - bias;
}

char EncodeDigit(uint32_t d) {
  return static_cast<char>(d < 26 ? 'a' + d : '0' + (d - 26));
}

std::optional<uint32_t> DecodeDigit(char c) {
  if (c >= '0' && c <= '9') return static_cast<uint32_t>(c - '0' + 26);
  if (c >= 'a' && c <= 'z') return static_cast<uint32_t>(c - 'a');
  if (c >= 'A' && c <= 'Z') return static_cast<uint32_t>(c - 'A');
  return std::nullopt;
}

std::optional<std::vector<uint32_t>> Utf8ToCodePoints(std::string_view s) {
  std::vector<uint32_t> out;
  for (size_t p = 0; p < s.size();) {
    auto c = static_cast<unsigned char>(s[p]);
    int extra = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
    if (extra < 0 || p + static_cast<size_t>(extra) >= s.size()) return std::nullopt;
    uint32_t cp = extra == 0 ? c : c & (0x3Fu >> extra);
    for (int k = 1; k <= extra; ++k) {
      auto cc = static_cast<unsigned char>(s[p + static_cast<size_t>(k)]);
      if ((cc & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (cc & 0x3F);
    }
    out.push_back(cp);
    p += static_cast<size_t>(extra) + 1;
  }
  return out;
}

void AppendUtf8(uint32_t u, std::string& out) {
  if (u < 0x80) {
    out += static_cast<char>(u);
  } else if (u < 0x800) {
    out += static_cast<char>(0xC0 | (u >> 6));
    out += static_cast<char>(0x80 | (u & 0x3F));
  } else if (u < 0x10000) {
    out += static_cast<char>(0xE0 | (u >> 12));
    out += static_cast<char>(0x80 | ((u >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (u & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (u >> 18));
    out += static_cast<char>(0x80 | ((u >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((u >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (u & 0x3F));
  }
}

// RFC 3492 section 6.3.
std::optional<std::string> Encode(const std::vector<uint32_t>& input) {
  std::string out;
  for (uint32_t c : input) {
    if (c < 0x80) out += static_cast<char>(c);
  }
  auto basic = static_cast<uint32_t>(out.size());
  uint32_t handled = basic;
  if (basic > 0) out += '-';
  uint32_t n = kInitialN, delta = 0, bias = kInitialBias;
  while (handled < input.size()) {
    uint32_t m = kMaxCodePoint + 1;
    for (uint32_t c : input) {
      if (c >= n && c < m) m = c;
    }
    if (uint64_t{m - n} * (handled + 1) > UINT32_MAX - delta) return std::nullopt;
    delta += (m - n) * (handled + 1);
    n = m;
    for (uint32_t c : input) {
      if (c < n && ++delta == 0) return std::nullopt;
      if (c != n) continue;
      uint32_t q = delta;
      for (uint32_t k = kBase;; k += kBase) {
        uint32_t t = Threshold(k, bias);
        if (q < t) break;
        out += EncodeDigit(t + (q - t) % (kBase - t));
        q = (q - t) / (kBase - t);
      }
      out += EncodeDigit(q);
      bias = Adapt(delta, handled + 1, handled == basic);
      delta = 0;
      ++handled;
    }
    ++delta;
    ++n;
  }
  return out;
}

// RFC 3492 section 6.2.
std::optional<std::vector<uint32_t>> Decode(std::string_view input) {
  std::vector<uint32_t> out;
  size_t delim = input.rfind('-');
  size_t pos = 0;
  if (delim != std::string_view::npos) {
    for (size_t k = 0; k < delim; ++k) {
      if (static_cast<unsigned char>(input[k]) >= 0x80) return std::nullopt;
      out.push_back(static_cast<unsigned char>(input[k]));
    }
    pos = delim + 1;
  }
  uint32_t n = kInitialN, i = 0, bias = kInitialBias;
  while (pos < input.size()) {
    uint32_t old_i = i, w = 1;
    for (uint32_t k = kBase;; k += kBase) {
      if (pos >= input.size()) return std::nullopt;
      auto digit = DecodeDigit(input[pos++]);
      if (!digit || *digit > (UINT32_MAX - i) / w) return std::nullopt;
      i += *digit * w;
      uint32_t t = Threshold(k, bias);
      if (*digit < t) break;
      if (w > UINT32_MAX / (kBase - t)) return std::nullopt;
      w *= kBase - t;
    }
    auto count = static_cast<uint32_t>(out.size() + 1);
    bias = Adapt(i - old_i, count, old_i == 0);
    if (i / count > kMaxCodePoint - n) return std::nullopt;
    n += i / count;
    i %= count;
    out.insert(out.begin() + i, n);
    ++i;
  }
  return out;
}

std::string EncodeLabel(std::string_view label) {
  auto cps = Utf8ToCodePoints(label);
  if (!cps) return "";
  auto encoded = Encode(*cps);
  return encoded ? *encoded : "";
}

std::string DecodeLabel(std::string_view label) {
  auto cps = Decode(label);
  if (!cps) return "";
  std::string out;
  for (uint32_t c : *cps) AppendUtf8(c, out);
  return out;
}

// Splits a domain at '.' and the full stops U+3002, U+FF0E, U+FF61.
std::vector<std::string> Labels(std::string_view domain) {
  std::vector<std::string> labels(1);
  for (size_t p = 0; p < domain.size();) {
    std::string_view rest = domain.substr(p);
    size_t stop = rest[0] == '.' ? 1
                  : rest.substr(0, 3) == "\xE3\x80\x82" || rest.substr(0, 3) == "\xEF\xBC\x8E" ||
                          rest.substr(0, 3) == "\xEF\xBD\xA1"
                      ? 3
                      : 0;
    if (stop) {
      labels.emplace_back();
      p += stop;
    } else {
      labels.back() += domain[p++];
    }
  }
  return labels;
}

bool HasNonAscii(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

std::string DomainToPunycode(std::string_view domain) {
  std::string out;
  bool first = true;
  for (const auto& label : Labels(domain)) {
    std::string part = label;
    if (HasNonAscii(label)) {
      part = EncodeLabel(label);
      if (part.empty()) return "";
      part = "xn--" + part;
    }
    out += (first ? "" : ".") + part;
    first = false;
  }
  return out;
}

std::string DomainFromPunycode(std::string_view domain) {
  std::string out;
  bool first = true;
  for (const auto& label : Labels(domain)) {
    std::string part = label;
    if (label.size() > 4 && (label.substr(0, 4) == "xn--" || label.substr(0, 4) == "XN--")) {
      part = DecodeLabel(std::string_view(label).substr(4));
      if (part.empty()) return "";
    }
    out += (first ? "" : ".") + part;
    first = false;
  }
  return out;
}

void AddText(FunctionRegistry& r, const std::string& name,
             std::function<std::string(std::string_view)> fn) {
  r.AddScalar(name, [=](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 1, 1));
    if (!IsStringLike(args[0].type)) return ArgTypeError(name, 0, "string", args[0].type);
    return ScalarBinding{Type::kString, [fn](std::span<const Datum> in, const EvalContext&) {
                           return MapRows(
                               in, Type::kString,
                               [&fn](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
                                 b.AppendString(fn(v[0].Str(i)));
                               });
                         }};
  });
}

}  // namespace

void RegisterPunycode(FunctionRegistry& r) {
  AddText(r, "punycode_from_string", EncodeLabel);
  AddText(r, "punycode_to_string", DecodeLabel);
  AddText(r, "punycode_domain_to_string", DomainToPunycode);
  AddText(r, "punycode_domain_from_string", DomainFromPunycode);
}

}  // namespace quarry::kql::fn
