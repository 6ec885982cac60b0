// String functions that transform or take apart text: unicode_codepoints_from_string,
// replace_strings (many lookups at once; earlier lookups claim their matches first), isascii,
// indexof_regex (with start / length / occurrence like indexof), regex_quote, parse_csv (the
// first record, RFC 4180 quoting), parse_version (up to four dotted parts of up to eight digits
// as one comparable decimal) and extract_json / extractjson (a JSONPath of names and indices).
// Malformed input gives null or -1 as Kusto documents, never an error.
#include <re2/re2.h>

#include <algorithm>

#include "kql/functions/builtin_functions.h"
#include "kql/functions/json_path.h"
#include "kql/functions/kernel_util.h"
#include "kql/functions/text_search.h"

namespace quarry::kql::fn {
namespace {

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

void AppendJson(ColumnBuilder& b, Json j) {
  b.AppendDynamic(std::make_shared<const Json>(std::move(j)));
}

// Decodes UTF-8; nullopt at the first invalid sequence.
std::optional<std::vector<int64_t>> CodePoints(std::string_view s) {
  std::vector<int64_t> out;
  for (size_t p = 0; p < s.size();) {
    auto c = static_cast<unsigned char>(s[p]);
    int extra = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
    if (extra < 0 || p + static_cast<size_t>(extra) >= s.size()) return std::nullopt;
    int64_t cp = extra == 0 ? c : c & (0x3F >> extra);
    for (int k = 1; k <= extra; ++k) {
      auto cc = static_cast<unsigned char>(s[p + k]);
      if ((cc & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (cc & 0x3F);
    }
    out.push_back(cp);
    p += static_cast<size_t>(extra) + 1;
  }
  return out;
}

std::string ReplaceStrings(std::string_view text, const Json& lookups, const Json& replacements) {
  struct Claim {
    size_t begin, end;
    std::string with;
  };
  std::vector<Claim> claims;
  for (size_t k = 0; k < lookups.size(); ++k) {
    // Kusto ignores a lookup that is not a string; a rewrite that is not a string still claims
    // its lookup's matches but leaves their text as it is.
    const Json& l = lookups[k];
    if (!l.is_string()) continue;
    std::string needle = l.get<std::string>();
    if (needle.empty()) continue;
    std::string with;
    if (k < replacements.size()) {
      const Json& w = replacements[k];
      with = w.is_string() ? w.get<std::string>() : needle;
    }
    for (size_t pos = text.find(needle); pos != std::string_view::npos;) {
      size_t end = pos + needle.size();
      bool overlaps = std::any_of(claims.begin(), claims.end(),
                                  [&](const Claim& c) { return pos < c.end && c.begin < end; });
      if (overlaps) {
        pos = text.find(needle, pos + 1);
        continue;
      }
      claims.push_back({pos, end, with});
      pos = text.find(needle, end);
    }
  }
  std::sort(claims.begin(), claims.end(),
            [](const Claim& a, const Claim& b) { return a.begin < b.begin; });
  std::string out;
  size_t at = 0;
  for (const auto& c : claims) {
    out.append(text.substr(at, c.begin - at));
    out += c.with;
    at = c.end;
  }
  out.append(text.substr(at));
  return out;
}

// indexof_regex(text, pattern [, start [, length [, occurrence]]]): the character offset of the
// occurrence-th non-overlapping match inside [start, start+length); -1 when there is none, null
// for a negative start, a length below -1 or an occurrence below 1.
void IndexOfRegex(const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
  for (const auto& a : v) {
    if (a.IsNull(i)) return b.AppendNull();
  }
  std::string text = v[0].Text(i);
  int64_t start = v.size() > 2 ? v[2].Long(i) : 0;
  int64_t length = v.size() > 3 ? v[3].Long(i) : -1;
  int64_t occurrence = v.size() > 4 ? v[4].Long(i) : 1;
  if (start < 0 || length < -1 || occurrence < 1) return b.AppendNull();
  auto n = static_cast<int64_t>(text.size());
  if (start > n) return b.AppendLong(-1);
  int64_t end = length < 0 ? n : std::min(n, start + length);
  std::string pattern = v[1].Text(i);
  RE2 re(pattern, RE2::Quiet);
  if (!re.ok()) return b.AppendNull();
  re2::StringPiece hay(text.data(), static_cast<size_t>(end)), m;
  auto pos = static_cast<size_t>(start);
  for (int64_t found = 0; pos <= static_cast<size_t>(end);) {
    if (!re.Match(hay, pos, static_cast<size_t>(end), RE2::UNANCHORED, &m, 1)) break;
    auto at = static_cast<size_t>(m.data() - text.data());
    if (++found == occurrence) return b.AppendLong(static_cast<int64_t>(at));
    pos = at + std::max<size_t>(m.size(), 1);
  }
  b.AppendLong(-1);
}

// The fields of the first CSV record; nullopt for an unterminated quote.
std::optional<Json> ParseCsv(std::string_view s) {
  Json out = Json::array();
  std::string field;
  size_t p = 0;
  while (true) {
    field.clear();
    if (p < s.size() && s[p] == '"') {
      ++p;
      while (true) {
        if (p >= s.size()) return std::nullopt;
        if (s[p] == '"') {
          if (p + 1 < s.size() && s[p + 1] == '"') {
            field += '"';
            p += 2;
            continue;
          }
          ++p;
          break;
        }
        field += s[p++];
      }
      while (p < s.size() && s[p] != ',' && s[p] != '\n' && s[p] != '\r') field += s[p++];
    } else {
      while (p < s.size() && s[p] != ',' && s[p] != '\n' && s[p] != '\r') field += s[p++];
    }
    out.push_back(field);
    if (p >= s.size() || s[p] != ',') break;
    ++p;
  }
  return out;
}

// parse_version: "a[.b[.c[.d]]]", each part 1-8 digits, as a*10^24 + b*10^16 + c*10^8 + d.
std::optional<double> ParseVersion(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  std::vector<double> parts;
  size_t p = 0;
  while (true) {
    size_t q = p;
    while (q < s.size() && s[q] >= '0' && s[q] <= '9') ++q;
    if (q == p || q - p > 8) return std::nullopt;
    parts.push_back(std::stod(std::string(s.substr(p, q - p))));
    if (parts.size() > 4) return std::nullopt;
    if (q == s.size()) break;
    if (s[q] != '.') return std::nullopt;
    p = q + 1;
  }
  double value = 0;
  for (size_t k = 0; k < 4; ++k) value = value * 1e8 + (k < parts.size() ? parts[k] : 0);
  return value;
}

Status CheckIndexOfRegex(std::span<const ArgInfo> args) {
  for (size_t k = 2; k < args.size(); ++k) {
    if (!IsIntegral(args[k].type))
      return ArgTypeError("indexof_regex", k, "a whole number", args[k].type);
  }
  return Status::Ok();
}

void RegisterExtractJson(FunctionRegistry& r) {
  for (std::string name : {"extract_json", "extractjson"}) {
    r.AddScalar(name, [name](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
      QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 2, 3));
      Type out = Type::kString;
      if (args.size() == 3) {
        std::optional<Type> t;  // typeof(T) binds as a null constant of T
        if (args[2].constant && args[2].constant->is_null()) t = args[2].type;
        if (args[2].constant && !args[2].constant->is_null() && IsStringLike(args[2].type)) {
          t = TypeFromName(args[2].constant->string_value());
        }
        if (!t) return InvalidArgument(name + "(): argument 3 must name a type, e.g. typeof(long)");
        out = *t;
      }
      return ScalarBinding{
          out, [out](std::span<const Datum> in, const EvalContext&) -> Result<Datum> {
            QUARRY_ASSIGN_OR_RETURN(
                Datum text, MapRows(in.first(2), Type::kDynamic,
                                    [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
                                      auto steps = ParseJsonPath(v[0].Text(i));
                                      std::string doc = v[1].Text(i);
                                      Json root = Json::parse(doc, nullptr, false);
                                      const Json* hit = steps && !root.is_discarded()
                                                            ? FollowJsonPath(root, *steps)
                                                            : nullptr;
                                      if (!hit || hit->is_null()) return b.AppendNull();
                                      AppendJson(b, *hit);
                                    }));
            return CoerceDatum(text, out);
          }};
    });
  }
}

}  // namespace

void RegisterTextTransforms(FunctionRegistry& r) {
  AddRowFn(r, "unicode_codepoints_from_string", 1, 1, Type::kDynamic,
           [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
             auto cps = CodePoints(v[0].Text(i));
             if (!cps) return b.AppendNull();
             Json out = Json::array();
             for (int64_t c : *cps) out.push_back(c);
             AppendJson(b, std::move(out));
           });
  AddRowFn(
      r, "replace_strings", 3, 3, Type::kString,
      [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
        const Json* lookups = v[1].Dyn(i);
        const Json* with = v[2].Dyn(i);
        if (!lookups || !lookups->is_array() || !with || !with->is_array()) {
          return b.AppendString(v[0].Text(i));
        }
        b.AppendString(ReplaceStrings(v[0].Text(i), *lookups, *with));
      },
      [](std::span<const ArgInfo> args) {
        for (size_t k = 1; k < 3; ++k) {
          if (args[k].type != Type::kDynamic) {
            return ArgTypeError("replace_strings", k, "a dynamic array", args[k].type);
          }
        }
        return Status::Ok();
      });
  AddRowFn(r, "isascii", 1, 1, Type::kBool,
           [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
             b.AppendBool(IsAscii(v[0].Text(i)));
           });
  AddRowFn(r, "indexof_regex", 2, 5, Type::kLong, IndexOfRegex, CheckIndexOfRegex);
  AddRowFn(r, "regex_quote", 1, 1, Type::kString,
           [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
             std::string s = v[0].Text(i), out;
             for (char c : s) {
               if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) {
                 out += '\\';
               }
               out += c;
             }
             b.AppendString(out);
           });
  AddRowFn(r, "parse_csv", 1, 1, Type::kDynamic,
           [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
             auto fields = ParseCsv(v[0].Text(i));
             if (!fields) return b.AppendNull();
             AppendJson(b, std::move(*fields));
           });
  AddRowFn(r, "parse_version", 1, 1, Type::kDecimal,
           [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
             auto version = ParseVersion(v[0].Text(i));
             if (!version) return b.AppendNull();
             b.AppendReal(*version);
           });
  RegisterExtractJson(r);
}

}  // namespace quarry::kql::fn
