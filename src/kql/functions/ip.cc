// IP address functions: parse_ipv4, parse_ipv4_mask, format_ipv4, format_ipv4_mask,
// ipv4_compare, ipv4_is_match, ipv4_is_in_range, ipv4_is_in_any_range, ipv4_is_private,
// ipv4_netmask_suffix, ipv4_range_to_cidr_list, ipv6_compare, ipv6_is_match, parse_ipv6,
// parse_ipv6_mask (eight 4-digit groups, masked), ipv6_is_in_range, ipv6_is_in_any_range,
// has_ipv4, has_ipv4_prefix, has_any_ipv4, has_any_ipv4_prefix. Addresses may carry a "/prefix"; text that is not an address gives null.
#include <arpa/inet.h>
#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "kql/functions/builtin_functions.h"
#include "kql/functions/kernel_util.h"

namespace quarry::kql::fn {
namespace {

struct Ipv4 {
  uint32_t addr = 0;
  int prefix = 32;
};

std::optional<uint32_t> ParseDotted(std::string_view s) {
  uint32_t addr = 0;
  int parts = 0;
  size_t i = 0;
  while (parts < 4) {
    if (i >= s.size() || !std::isdigit(uint8_t(s[i]))) return std::nullopt;
    uint32_t octet = 0;
    size_t digits = 0;
    while (i < s.size() && std::isdigit(uint8_t(s[i]))) {
      octet = octet * 10 + static_cast<uint32_t>(s[i] - '0');
      if (++digits > 3 || octet > 255) return std::nullopt;
      ++i;
    }
    addr = (addr << 8) | octet;
    if (++parts < 4) {
      if (i >= s.size() || s[i] != '.') return std::nullopt;
      ++i;
    }
  }
  if (i != s.size()) return std::nullopt;
  return addr;
}

std::optional<Ipv4> ParseIpv4(std::string_view s, int extra_prefix = 32) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  Ipv4 ip;
  size_t slash = s.find('/');
  if (slash != std::string_view::npos) {
    std::string_view p = s.substr(slash + 1);
    if (p.empty() || p.size() > 2) return std::nullopt;
    int prefix = 0;
    for (char c : p) {
      if (!std::isdigit(uint8_t(c))) return std::nullopt;
      prefix = prefix * 10 + (c - '0');
    }
    if (prefix > 32) return std::nullopt;
    ip.prefix = prefix;
    s = s.substr(0, slash);
  }
  auto addr = ParseDotted(s);
  if (!addr) return std::nullopt;
  ip.addr = *addr;
  ip.prefix = std::min(ip.prefix, std::clamp(extra_prefix, 0, 32));
  return ip;
}

uint32_t Mask(int prefix) { return prefix <= 0 ? 0 : (prefix >= 32 ? ~0u : ~0u << (32 - prefix)); }

std::string FormatDotted(uint32_t a) {
  return fmt::format("{}.{}.{}.{}", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
}

// -1, 0, 1 comparing the first min(prefix) bits; nullopt when either does not parse.
std::optional<int> CompareIpv4(std::string_view a, std::string_view b, int prefix) {
  auto x = ParseIpv4(a), y = ParseIpv4(b);
  if (!x || !y) return std::nullopt;
  uint32_t m = Mask(std::min({x->prefix, y->prefix, prefix}));
  uint32_t xa = x->addr & m, ya = y->addr & m;
  return xa < ya ? -1 : (xa > ya ? 1 : 0);
}

std::optional<std::array<uint8_t, 16>> ParseIpv6(std::string_view s, int* prefix) {
  std::string text(s);
  *prefix = 128;
  size_t slash = text.find('/');
  if (slash != std::string::npos) {
    try {
      *prefix = std::stoi(text.substr(slash + 1));
    } catch (const std::exception&) {
      return std::nullopt;
    }
    text.resize(slash);
  }
  std::array<uint8_t, 16> out{};
  if (inet_pton(AF_INET6, text.c_str(), out.data()) == 1) {
    // "::a.b.c.d" is read as the IPv4-mapped address ::ffff:a.b.c.d, as Kusto does.
    bool v4_tail = text.find('.') != std::string::npos &&
                   std::all_of(out.begin(), out.begin() + 12, [](uint8_t b) { return b == 0; });
    if (v4_tail) {
      out[10] = out[11] = 0xFF;
      if (slash != std::string::npos) *prefix += 96;
    }
    return out;
  }
  auto v4 = ParseDotted(text);
  if (!v4) return std::nullopt;
  out[10] = out[11] = 0xFF;
  for (int k = 0; k < 4; ++k) out[12 + k] = static_cast<uint8_t>(*v4 >> (24 - 8 * k));
  if (slash != std::string::npos) *prefix += 96;
  return out;
}

std::optional<int> CompareIpv6(std::string_view a, std::string_view b, int prefix) {
  int pa, pb;
  auto x = ParseIpv6(a, &pa), y = ParseIpv6(b, &pb);
  if (!x || !y) return std::nullopt;
  int bits = std::clamp(std::min({pa, pb, prefix}), 0, 128);
  for (int k = 0; k < 16 && bits > 0; ++k, bits -= 8) {
    uint8_t m = bits >= 8 ? 0xFF : static_cast<uint8_t>(0xFF << (8 - bits));
    int xa = (*x)[k] & m, ya = (*y)[k] & m;
    if (xa != ya) return xa < ya ? -1 : 1;
  }
  return 0;
}

// The address with the bits past `prefix` cleared, as eight groups of four hex digits.
std::string FormatIpv6(std::array<uint8_t, 16> a, int prefix) {
  int bits = std::clamp(prefix, 0, 128);
  for (int k = 0; k < 16; ++k, bits -= 8) {
    a[k] &= bits >= 8 ? 0xFF : bits <= 0 ? 0 : static_cast<uint8_t>(0xFF << (8 - bits));
  }
  std::string out;
  for (int k = 0; k < 16; k += 2) {
    out += fmt::format("{}{:02x}{:02x}", k ? ":" : "", a[k], a[k + 1]);
  }
  return out;
}

// The fewest CIDR blocks covering [first, last] exactly, in address order.
Json CidrList(uint32_t first, uint32_t last) {
  Json out = Json::array();
  uint64_t at = first;
  while (at <= last) {
    int size = 32;  // prefix length of the largest aligned block at `at` inside the range
    while (size > 0) {
      uint64_t block = uint64_t{1} << (32 - (size - 1));
      if (at % block != 0 || at + block - 1 > last) break;
      --size;
    }
    out.push_back(FormatDotted(static_cast<uint32_t>(at)) + "/" + std::to_string(size));
    at += uint64_t{1} << (32 - size);
  }
  return out;
}

bool IpBoundary(char c) { return !(std::isalnum(uint8_t(c)) || c == '.'); }

// The IPv4 addresses that appear in text as whole tokens.
std::vector<std::string_view> FindIpv4s(std::string_view text) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < text.size()) {
    if (!std::isdigit(uint8_t(text[i])) || (i > 0 && !IpBoundary(text[i - 1]))) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < text.size() && (std::isdigit(uint8_t(text[j])) || text[j] == '.')) ++j;
    std::string_view token = text.substr(i, j - i);
    bool bounded = j == text.size() || IpBoundary(text[j]);
    if (bounded && ParseDotted(token)) out.push_back(token);
    i = j;
  }
  return out;
}

bool IsPrivate(uint32_t a) {
  return (a >> 24) == 10 || (a >> 20) == ((172u << 4) | 1) || (a >> 16) == ((192u << 8) | 168);
}

using RowFn = std::function<void(const std::vector<ArgView>&, size_t, ColumnBuilder&)>;

void Add(FunctionRegistry& r, const std::string& name, size_t min, size_t max, Type out,
         RowFn row) {
  r.AddScalar(name, [=](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, min, max));
    return ScalarBinding{out, [row, out](std::span<const Datum> in, const EvalContext&) {
                           std::vector<Datum> c;
                           for (const auto& d : in) {
                             bool keep = IsStringLike(d.type()) || IsIntegral(d.type()) ||
                                         d.type() == Type::kDynamic;
                             c.push_back(keep ? d : CoerceDatum(d, Type::kString));
                           }
                           return MapRows(c, out, row);
                         }};
  });
}

std::string TextAt(const ArgView& v, size_t i) {
  return IsStringLike(v.type()) ? std::string(v.Str(i)) : v.Text(i);
}

int PrefixArg(const std::vector<ArgView>& v, size_t k, size_t i, int fallback) {
  if (v.size() <= k || v[k].IsNull(i)) return fallback;
  return static_cast<int>(v[k].Long(i));
}

void AppendCompare(std::optional<int> c, bool as_bool, ColumnBuilder& b) {
  if (!c) {
    b.AppendNull();
  } else if (as_bool) {
    b.AppendBool(*c == 0);
  } else {
    b.AppendLong(*c);
  }
}

// Terms of has_any_ipv4: scalars or dynamic arrays flattened.
std::vector<std::string> Terms(const std::vector<ArgView>& v, size_t i) {
  std::vector<std::string> out;
  for (size_t k = 1; k < v.size(); ++k) {
    if (v[k].type() == Type::kDynamic && v[k].Dyn(i) && v[k].Dyn(i)->is_array()) {
      for (const auto& e : *v[k].Dyn(i)) out.push_back(Value::Dynamic(e).ToString());
    } else {
      out.push_back(TextAt(v[k], i));
    }
  }
  return out;
}

// has_ipv4_prefix's prefix is a whole address or one to three octets ending in a dot
// ("127.0."); anything else ("127.0") matches nothing.
bool PrefixMatches(std::string_view addr, std::string_view prefix) {
  if (prefix.empty()) return false;
  if (prefix.back() != '.') return ParseDotted(prefix) && addr == prefix;
  size_t octets = 0;
  for (size_t start = 0; start < prefix.size(); ++octets) {
    size_t dot = prefix.find('.', start);
    std::string_view part = prefix.substr(start, dot - start);
    if (part.empty() || part.size() > 3 ||
        part.find_first_not_of("0123456789") != std::string_view::npos ||
        std::stoi(std::string(part)) > 255) {
      return false;
    }
    start = dot + 1;
  }
  return octets <= 3 && addr.substr(0, prefix.size()) == prefix;
}

}  // namespace

void RegisterIp(FunctionRegistry& r) {
  Add(r, "parse_ipv4", 1, 1, Type::kLong, [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
    auto ip = ParseIpv4(TextAt(v[0], i));
    if (!ip) return b.AppendNull();
    b.AppendLong(ip->addr & Mask(ip->prefix));
  });
  Add(r, "parse_ipv4_mask", 2, 2, Type::kLong, [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
    auto ip = ParseIpv4(TextAt(v[0], i), PrefixArg(v, 1, i, 32));
    if (!ip) return b.AppendNull();
    b.AppendLong(ip->addr & Mask(ip->prefix));
  });
  for (bool with_mask : {false, true}) {
    Add(r, with_mask ? "format_ipv4_mask" : "format_ipv4", 1, 2, Type::kString,
        [with_mask](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
          std::optional<Ipv4> ip;
          int prefix = PrefixArg(v, 1, i, 32);
          if (prefix < 0 || prefix > 32) return b.AppendString("");  // no such mask: no address
          if (IsIntegral(v[0].type())) {
            if (!v[0].IsNull(i)) ip = Ipv4{static_cast<uint32_t>(v[0].Long(i)), 32};
            if (ip) ip->prefix = std::clamp(prefix, 0, 32);
          } else {
            ip = ParseIpv4(TextAt(v[0], i), prefix);
          }
          if (!ip) return b.AppendString("");
          std::string text = FormatDotted(ip->addr & Mask(ip->prefix));
          if (with_mask) text += fmt::format("/{}", ip->prefix);
          b.AppendString(text);
        });
  }
  Add(r, "ipv4_compare", 2, 3, Type::kLong, [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
    AppendCompare(CompareIpv4(TextAt(v[0], i), TextAt(v[1], i), PrefixArg(v, 2, i, 32)), false, b);
  });
  Add(r, "ipv4_is_match", 2, 3, Type::kBool, [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
    AppendCompare(CompareIpv4(TextAt(v[0], i), TextAt(v[1], i), PrefixArg(v, 2, i, 32)), true, b);
  });
  Add(r, "ipv4_is_in_range", 2, 2, Type::kBool, [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
    AppendCompare(CompareIpv4(TextAt(v[0], i), TextAt(v[1], i), 32), true, b);
  });
  Add(r, "ipv4_is_in_any_range", 2, 64, Type::kBool, [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
    std::string ip = TextAt(v[0], i);
    if (!ParseIpv4(ip)) return b.AppendNull();
    for (const auto& range : Terms(v, i)) {
      if (CompareIpv4(ip, range, 32) == 0) return b.AppendBool(true);
    }
    b.AppendBool(false);
  });
  Add(r, "ipv4_is_private", 1, 1, Type::kBool, [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
    auto ip = ParseIpv4(TextAt(v[0], i));
    if (!ip) return b.AppendNull();
    b.AppendBool(IsPrivate(ip->addr) && (ip->prefix >= 16 || IsPrivate(ip->addr & Mask(ip->prefix))));
  });
  Add(r, "ipv4_netmask_suffix", 1, 1, Type::kLong, [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
    auto ip = ParseIpv4(TextAt(v[0], i));
    if (!ip) return b.AppendNull();
    b.AppendLong(ip->prefix);
  });
  Add(r, "ipv6_compare", 2, 3, Type::kLong, [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
    AppendCompare(CompareIpv6(TextAt(v[0], i), TextAt(v[1], i), PrefixArg(v, 2, i, 128)), false, b);
  });
  Add(r, "ipv6_is_match", 2, 3, Type::kBool, [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
    AppendCompare(CompareIpv6(TextAt(v[0], i), TextAt(v[1], i), PrefixArg(v, 2, i, 128)), true, b);
  });
  Add(r, "parse_ipv6", 1, 1, Type::kString, [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
    int prefix;
    auto ip = ParseIpv6(TextAt(v[0], i), &prefix);
    if (!ip) return b.AppendNull();
    b.AppendString(FormatIpv6(*ip, prefix));
  });
  Add(r, "parse_ipv6_mask", 2, 2, Type::kString, [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
    int prefix;
    auto ip = ParseIpv6(TextAt(v[0], i), &prefix);
    if (!ip || v[1].IsNull(i)) return b.AppendNull();
    b.AppendString(FormatIpv6(*ip, std::min<int64_t>(prefix, v[1].Long(i))));
  });
  Add(r, "ipv6_is_in_range", 2, 2, Type::kBool, [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
    AppendCompare(CompareIpv6(TextAt(v[0], i), TextAt(v[1], i), 128), true, b);
  });
  Add(r, "ipv6_is_in_any_range", 2, 64, Type::kBool, [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
    std::string ip = TextAt(v[0], i);
    int prefix;
    if (!ParseIpv6(ip, &prefix)) return b.AppendNull();
    for (const auto& range : Terms(v, i)) {
      if (CompareIpv6(ip, range, 128) == 0) return b.AppendBool(true);
    }
    b.AppendBool(false);
  });
  Add(r, "ipv4_range_to_cidr_list", 2, 2, Type::kDynamic, [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
    auto first = ParseDotted(TextAt(v[0], i)), last = ParseDotted(TextAt(v[1], i));
    if (!first || !last || *first > *last) return b.AppendNull();
    b.AppendDynamic(std::make_shared<const Json>(CidrList(*first, *last)));
  });
  Add(r, "has_ipv4", 2, 2, Type::kBool, [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
    std::string ip = TextAt(v[1], i), text = TextAt(v[0], i);
    if (!ParseDotted(ip)) return b.AppendBool(false);
    for (auto found : FindIpv4s(text)) {
      if (found == ip) return b.AppendBool(true);
    }
    b.AppendBool(false);
  });
  Add(r, "has_ipv4_prefix", 2, 2, Type::kBool, [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
    std::string prefix = TextAt(v[1], i), text = TextAt(v[0], i);
    for (auto found : FindIpv4s(text)) {
      if (PrefixMatches(found, prefix)) return b.AppendBool(true);
    }
    b.AppendBool(false);
  });
  for (bool prefix : {false, true}) {
    Add(r, prefix ? "has_any_ipv4_prefix" : "has_any_ipv4", 2, 64, Type::kBool,
        [prefix](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
          std::string text = TextAt(v[0], i);
          auto found = FindIpv4s(text);
          for (const auto& t : Terms(v, i)) {
            for (auto f : found) {
              if (prefix ? PrefixMatches(f, t) : f == t) return b.AppendBool(true);
            }
          }
          b.AppendBool(false);
        });
  }
}

}  // namespace quarry::kql::fn
