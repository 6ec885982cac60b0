// Encodings and structured-string parsers: base64_encode_tostring / base64_decode_tostring (and
// the deprecated base64_encodestring / base64_decodestring), base64_decode_toarray, url_encode,
// url_encode_component, url_decode, parse_url, parse_urlquery, parse_path, parse_command_line
// (Windows CommandLineToArgvW rules). Malformed input gives "" / null, never an error.
#include <fmt/core.h>

#include <array>

#include "kql/functions/base64.h"
#include "kql/functions/builtin_functions.h"
#include "kql/functions/kernel_util.h"

namespace quarry::kql::fn {
namespace {

bool ValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    auto c = uint8_t(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((uint8_t(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

std::string UrlDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() + 0 && std::isxdigit(uint8_t(s[i + 1])) &&
        std::isxdigit(uint8_t(s[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else if (s[i] == '+') {
      out.push_back(' ');
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string UrlEncode(std::string_view s, bool component) {
  std::string out;
  for (char ch : s) {
    auto c = uint8_t(ch);
    bool keep = std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
                (!component && (c == '/' || c == ':' || c == '?' || c == '=' || c == '&' ||
                                c == '#' || c == '@'));
    if (keep) {
      out.push_back(ch);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

Json QueryParameters(std::string_view q) {
  Json params = Json::object();
  size_t start = 0;
  while (start < q.size()) {
    size_t amp = q.find('&', start);
    std::string_view pair = q.substr(start, amp == std::string_view::npos ? amp : amp - start);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      std::string key = UrlDecode(pair.substr(0, eq));
      std::string val = eq == std::string_view::npos ? "" : UrlDecode(pair.substr(eq + 1));
      params[key] = val;
    }
    if (amp == std::string_view::npos) break;
    start = amp + 1;
  }
  return params;
}

std::optional<Json> ParseUrl(std::string_view url) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) return std::nullopt;
  Json o = Json::object();
  o["Scheme"] = std::string(url.substr(0, scheme_end));
  std::string_view rest = url.substr(scheme_end + 3);
  std::string fragment, query;
  if (size_t h = rest.find('#'); h != std::string_view::npos) {
    fragment = std::string(rest.substr(h + 1));
    rest = rest.substr(0, h);
  }
  if (size_t q = rest.find('?'); q != std::string_view::npos) {
    query = std::string(rest.substr(q + 1));
    rest = rest.substr(0, q);
  }
  std::string_view authority = rest, path;
  if (size_t slash = rest.find('/'); slash != std::string_view::npos) {
    authority = rest.substr(0, slash);
    path = rest.substr(slash + 1);
  }
  std::string user, password;
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    std::string_view cred = authority.substr(0, at);
    authority = authority.substr(at + 1);
    size_t colon = cred.find(':');
    user = std::string(cred.substr(0, colon));
    if (colon != std::string_view::npos) password = std::string(cred.substr(colon + 1));
  }
  std::string host(authority), port;
  size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos) {
    host = std::string(authority.substr(0, colon));
    port = std::string(authority.substr(colon + 1));
  }
  o["Host"] = host;
  o["Port"] = port;
  o["Path"] = std::string(path);
  o["Username"] = user;
  o["Password"] = password;
  o["Query Parameters"] = QueryParameters(query);
  o["Fragment"] = fragment;
  return o;
}

Json ParsePath(std::string_view p) {
  Json o = Json::object();
  std::string scheme, root;
  std::string_view rest = p;
  if (size_t s = p.find("://"); s != std::string_view::npos) {
    scheme = std::string(p.substr(0, s));
    rest = p.substr(s + 3);
  }
  if (rest.size() >= 2 && rest[1] == ':' && std::isalpha(uint8_t(rest[0]))) {
    root = std::string(rest.substr(0, 2));
  } else if (rest.substr(0, 2) == "\\\\") {
    size_t end = rest.find('\\', 2);
    root = std::string(rest.substr(0, end));
  }
  size_t sep = rest.find_last_of("\\/");
  std::string_view dir = sep == std::string_view::npos ? std::string_view() : rest.substr(0, sep);
  std::string_view file = sep == std::string_view::npos ? rest : rest.substr(sep + 1);
  std::string stream;
  if (size_t c = file.find(':'); c != std::string_view::npos) {
    stream = std::string(file.substr(c + 1));
    file = file.substr(0, c);
  }
  size_t dir_sep = dir.find_last_of("\\/");
  std::string_view dir_name = dir_sep == std::string_view::npos ? dir : dir.substr(dir_sep + 1);
  size_t dot = file.rfind('.');
  o["Scheme"] = scheme;
  o["RootPath"] = root;
  o["DirectoryPath"] = std::string(dir);
  o["DirectoryName"] = std::string(dir_name);
  o["Filename"] = std::string(file);
  o["Extension"] = dot == std::string_view::npos ? "" : std::string(file.substr(dot + 1));
  o["AlternateDataStreamName"] = stream;
  return o;
}

Json ParseCommandLine(std::string_view s) {
  Json args = Json::array();
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    if (i >= s.size()) break;
    std::string arg;
    bool quoted = false;
    while (i < s.size() && (quoted || (s[i] != ' ' && s[i] != '\t'))) {
      if (s[i] == '\\') {
        size_t n = 0;
        while (i < s.size() && s[i] == '\\') {
          ++n;
          ++i;
        }
        if (i < s.size() && s[i] == '"') {
          arg.append(n / 2, '\\');
          if (n % 2 == 1) {
            arg.push_back('"');
            ++i;
          }
        } else {
          arg.append(n, '\\');
        }
      } else if (s[i] == '"') {
        if (quoted && i + 1 < s.size() && s[i + 1] == '"') {
          arg.push_back('"');
          i += 2;
          continue;
        }
        quoted = !quoted;
        ++i;
      } else {
        arg.push_back(s[i++]);
      }
    }
    args.push_back(arg);
  }
  return args;
}

using Row = std::function<void(std::string_view, ColumnBuilder&)>;

void AddStringFn(FunctionRegistry& r, const std::string& name, size_t max_args, Type out, Row row) {
  r.AddScalar(name, [=](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 1, max_args));
    return ScalarBinding{out, [=](std::span<const Datum> in, const EvalContext&) {
                           std::vector<Datum> c{CoerceDatum(in[0], Type::kString)};
                           return MapRows(c, out, [&row](const std::vector<ArgView>& v, size_t i,
                                                         ColumnBuilder& b) { row(v[0].Str(i), b); });
                         }};
  });
}

void AppendJson(std::optional<Json> j, ColumnBuilder& b) {
  if (!j) {
    b.AppendNull();
  } else {
    b.AppendDynamic(std::make_shared<const Json>(std::move(*j)));
  }
}

}  // namespace

void RegisterStringCodecs(FunctionRegistry& r) {
  for (const char* name : {"base64_encode_tostring", "base64_encodestring"}) {
    AddStringFn(r, name, 1, Type::kString,
                [](std::string_view s, ColumnBuilder& b) { b.AppendString(Base64Encode(s)); });
  }
  for (const char* name : {"base64_decode_tostring", "base64_decodestring"}) {
    AddStringFn(r, name, 1, Type::kString, [](std::string_view s, ColumnBuilder& b) {
      auto d = Base64Decode(s);
      if (!d || !ValidUtf8(*d)) {
        b.AppendString("");
      } else {
        b.AppendString(*d);
      }
    });
  }
  AddStringFn(r, "base64_decode_toarray", 1, Type::kDynamic,
              [](std::string_view s, ColumnBuilder& b) {
                // Unpadded text (a length that is no multiple of 4) decodes to no bytes, as
                // in the docs' base64_encode_fromarray example.
                if (s.size() % 4 != 0) return AppendJson(Json::array(), b);
                auto d = Base64Decode(s);
                if (!d) {
                  b.AppendNull();
                  return;
                }
                Json a = Json::array();
                for (char c : *d) a.push_back(static_cast<int>(uint8_t(c)));
                AppendJson(a, b);
              });
  AddStringFn(r, "url_decode", 1, Type::kString,
              [](std::string_view s, ColumnBuilder& b) { b.AppendString(UrlDecode(s)); });
  AddStringFn(r, "url_encode", 1, Type::kString,
              [](std::string_view s, ColumnBuilder& b) { b.AppendString(UrlEncode(s, false)); });
  AddStringFn(r, "url_encode_component", 1, Type::kString,
              [](std::string_view s, ColumnBuilder& b) { b.AppendString(UrlEncode(s, true)); });
  AddStringFn(r, "parse_url", 1, Type::kDynamic,
              [](std::string_view s, ColumnBuilder& b) { AppendJson(ParseUrl(s), b); });
  AddStringFn(r, "parse_urlquery", 1, Type::kDynamic, [](std::string_view s, ColumnBuilder& b) {
    Json o = Json::object();
    o["Query Parameters"] = QueryParameters(s.substr(0, 1) == "?" ? s.substr(1) : s);
    AppendJson(o, b);
  });
  AddStringFn(r, "parse_path", 1, Type::kDynamic,
              [](std::string_view s, ColumnBuilder& b) { AppendJson(ParsePath(s), b); });
  AddStringFn(r, "parse_command_line", 2, Type::kDynamic,
              [](std::string_view s, ColumnBuilder& b) { AppendJson(ParseCommandLine(s), b); });
}

}  // namespace quarry::kql::fn
