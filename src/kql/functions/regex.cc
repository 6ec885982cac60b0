// Regular-expression functions (RE2 syntax, as Kusto uses): `matches regex`, extract,
// extract_all, replace_regex and the deprecated replace, trim / trim_start / trim_end, countof
// (plain, overlapping; or "regex"). A constant pattern is compiled once per query; a bad pattern
// is a bind error that names the function.
#include <fmt/core.h>
#include <re2/re2.h>

#include <map>
#include <memory>

#include "kql/functions/builtin_functions.h"
#include "kql/functions/kernel_util.h"

namespace quarry::kql::fn {
namespace {

using RegexPtr = std::shared_ptr<const RE2>;

Result<RegexPtr> Compile(std::string_view fn, std::string_view pattern) {
  RE2::Options opts;
  opts.set_log_errors(false);
  auto re = std::make_shared<const RE2>(re2::StringPiece(pattern.data(), pattern.size()), opts);
  if (!re->ok()) {
    return InvalidArgument(fmt::format("{}(): invalid regular expression '{}': {}", fn, pattern,
                                       re->error()));
  }
  return RegexPtr(std::move(re));
}

// The compiled patterns of one kernel call, cached by text (a constant pattern compiles once).
class RegexSource {
 public:
  RegexSource(std::string fn, std::string prefix = "", std::string suffix = "")
      : fn_(std::move(fn)), prefix_(std::move(prefix)), suffix_(std::move(suffix)) {}
  Result<const RE2*> At(const ArgView& v, size_t i) {
    std::string p = prefix_ + std::string(v.Str(i)) + suffix_;
    auto it = cache_.find(p);
    if (it != cache_.end()) return it->second.get();
    if (cache_.size() > 256) cache_.clear();
    QUARRY_ASSIGN_OR_RETURN(RegexPtr re, Compile(fn_, p));
    const RE2* raw = re.get();
    cache_.emplace(std::move(p), std::move(re));
    return raw;
  }

 private:
  std::string fn_, prefix_, suffix_;
  std::map<std::string, RegexPtr> cache_;
};

// Checks a constant pattern at bind time.
Status CheckPattern(std::string_view fn, const ArgInfo& a) {
  if (!IsStringLike(a.type)) return ArgTypeError(fn, 0, "string", a.type);
  if (a.constant && !a.constant->is_null()) {
    auto re = Compile(fn, a.constant->string_value());
    if (!re.ok()) return re.status();
  }
  return Status::Ok();
}

// Arguments as strings, except integral ones (group numbers) and the one at `keep`.
std::vector<Datum> Strings(std::span<const Datum> in, size_t keep = SIZE_MAX) {
  std::vector<Datum> out;
  for (size_t k = 0; k < in.size(); ++k) {
    const Datum& d = in[k];
    bool as_is = IsStringLike(d.type()) || IsIntegral(d.type()) || k == keep;
    out.push_back(as_is ? d : CoerceDatum(d, Type::kString));
  }
  return out;
}

// Runs `row` with the compiled pattern of argument `pattern_arg`; a failed compile stops the call.
template <typename Row>
Result<Datum> WithRegex(std::string fn, std::span<const Datum> in, size_t pattern_arg, Type out,
                        Row row, size_t keep = SIZE_MAX) {
  std::vector<Datum> c = Strings(in, keep);
  RegexSource source(fn);
  Status error;
  auto result = MapRows(c, out, [&](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
    auto re = source.At(v[pattern_arg], i);
    if (!re.ok()) {
      if (error.ok()) error = re.status();
      b.AppendNull();
      return;
    }
    row(**re, v, i, b);
  });
  if (!error.ok()) return error;
  return result;
}

void AppendGroup(const RE2& re, std::string_view text, int group, ColumnBuilder& b) {
  int n = re.NumberOfCapturingGroups();
  if (group < 0 || group > n) {
    b.AppendNull();
    return;
  }
  std::vector<re2::StringPiece> m(n + 1);
  if (!re.Match(re2::StringPiece(text.data(), text.size()), 0, text.size(), RE2::UNANCHORED,
                m.data(), n + 1)) {
    b.AppendNull();
    return;
  }
  b.AppendString(std::string_view(m[group].data(), m[group].size()));
}

Json ExtractAll(const RE2& re, std::string_view text, const std::vector<int>& groups) {
  int n = re.NumberOfCapturingGroups();
  std::vector<re2::StringPiece> m(n + 1);
  Json out = Json::array();
  size_t pos = 0;
  while (pos <= text.size() &&
         re.Match(re2::StringPiece(text.data(), text.size()), pos, text.size(), RE2::UNANCHORED,
                  m.data(), n + 1)) {
    auto str = [&](int g) { return std::string(m[g].data() ? m[g].data() : "", m[g].size()); };
    if (n == 0) {
      out.push_back(str(0));
    } else if (groups.empty() && n == 1) {
      out.push_back(str(1));
    } else {
      Json row = Json::array();
      if (groups.empty()) {
        for (int g = 1; g <= n; ++g) row.push_back(str(g));
      } else {
        for (int g : groups) row.push_back(g <= n ? str(g) : std::string());
      }
      out.push_back(groups.size() == 1 ? row[0] : row);
    }
    size_t end = static_cast<size_t>(m[0].data() - text.data()) + m[0].size();
    pos = m[0].size() == 0 ? end + 1 : end;
  }
  return out;
}

int64_t CountPlain(std::string_view text, std::string_view search) {
  if (search.empty()) return 0;
  int64_t n = 0;
  for (size_t p = text.find(search); p != std::string_view::npos; p = text.find(search, p + 1)) {
    ++n;
  }
  return n;
}

void RegisterMatchAndExtract(FunctionRegistry& r) {
  r.AddScalar("matches regex", [](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount("matches regex", args, 2, 2));
    QUARRY_RETURN_IF_ERROR(CheckPattern("matches regex", args[1]));
    return ScalarBinding{Type::kBool, [](std::span<const Datum> in, const EvalContext&) {
                           return WithRegex("matches regex", in, 1, Type::kBool,
                                            [](const RE2& re, const std::vector<ArgView>& v,
                                               size_t i, ColumnBuilder& b) {
                                              std::string_view s = v[0].Str(i);
                                              b.AppendBool(RE2::PartialMatch(
                                                  re2::StringPiece(s.data(), s.size()), re));
                                            });
                         }};
  });
  r.AddScalar("extract", [](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount("extract", args, 3, 4));
    QUARRY_RETURN_IF_ERROR(CheckPattern("extract", args[0]));
    if (!IsIntegral(args[1].type)) return ArgTypeError("extract", 1, "long", args[1].type);
    Type out = Type::kString;
    if (args.size() == 4 && args[3].constant && args[3].constant->is_null()) {
      out = args[3].type;  // typeof(T) binds as a null constant of T
    } else if (args.size() == 4 && args[3].constant && IsStringLike(args[3].type)) {
      auto t = TypeFromName(args[3].constant->string_value());
      if (!t) return InvalidArgument("extract(): argument 4 must name a type, e.g. typeof(long)");
      out = *t;
    }
    return ScalarBinding{out, [out](std::span<const Datum> in, const EvalContext&)
                                  -> Result<Datum> {
                           std::vector<Datum> c(in.begin(), in.begin() + 3);
                           c[1] = CoerceDatum(c[1], Type::kLong);
                           QUARRY_ASSIGN_OR_RETURN(
                               Datum text,
                               WithRegex("extract", c, 0, Type::kString,
                                         [](const RE2& re, const std::vector<ArgView>& v, size_t i,
                                            ColumnBuilder& b) {
                                           AppendGroup(re, v[2].Str(i),
                                                       static_cast<int>(v[1].Long(i)), b);
                                         }));
                           return CoerceDatum(text, out);
                         }};
  });
  r.AddScalar("extract_all", [](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount("extract_all", args, 2, 3));
    QUARRY_RETURN_IF_ERROR(CheckPattern("extract_all", args[0]));
    return ScalarBinding{Type::kDynamic, [](std::span<const Datum> in, const EvalContext&) {
                           size_t text_arg = in.size() - 1;
                           return WithRegex(
                               "extract_all", in, 0, Type::kDynamic,
                               [text_arg](const RE2& re, const std::vector<ArgView>& v, size_t i,
                                          ColumnBuilder& b) {
                                 std::vector<int> groups;
                                 if (v.size() == 3 && v[1].type() == Type::kDynamic &&
                                     v[1].Dyn(i) && v[1].Dyn(i)->is_array()) {
                                   for (const auto& g : *v[1].Dyn(i)) {
                                     if (g.is_number_integer()) groups.push_back(g.get<int>());
                                   }
                                 }
                                 Json all = ExtractAll(re, v[text_arg].Str(i), groups);
                                 if (all.empty()) {
                                   b.AppendNull();
                                 } else {
                                   b.AppendDynamic(std::make_shared<const Json>(std::move(all)));
                                 }
                               },
                               in.size() == 3 ? 1 : SIZE_MAX);
                         }};
  });
}

// replace_regex(text, pattern, rewrite) and the deprecated replace(pattern, rewrite, text).
void AddReplace(FunctionRegistry& r, const std::string& name, size_t text, size_t pattern,
                size_t rewrite) {
  r.AddScalar(name, [=](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 3, 3));
    QUARRY_RETURN_IF_ERROR(CheckPattern(name, args[pattern]));
    return ScalarBinding{Type::kString, [=](std::span<const Datum> in, const EvalContext&) {
                           return WithRegex(name, in, pattern, Type::kString,
                                            [=](const RE2& re, const std::vector<ArgView>& v,
                                                size_t i, ColumnBuilder& b) {
                                              std::string s(v[text].Str(i));
                                              std::string_view w = v[rewrite].Str(i);
                                              RE2::GlobalReplace(
                                                  &s, re, re2::StringPiece(w.data(), w.size()));
                                              b.AppendString(s);
                                            });
                         }};
  });
}

// trim(pattern, text): removes one leading and/or trailing match of the pattern (Kusto's engine
// trims a single match: trim(@"\s", "  a  ") is " a ").
void AddTrim(FunctionRegistry& r, const std::string& name, bool start, bool end) {
  r.AddScalar(name, [=](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 2, 2));
    QUARRY_RETURN_IF_ERROR(CheckPattern(name, args[0]));
    return ScalarBinding{
        Type::kString, [=](std::span<const Datum> in, const EvalContext&) -> Result<Datum> {
          std::vector<Datum> c = Strings(in);
          RegexSource lead(name, "^(?:", ")");
          RegexSource trail(name, "(?:", ")$");
          Status error;
          auto result = MapRows(c, Type::kString, [&](const std::vector<ArgView>& v, size_t i,
                                                      ColumnBuilder& b) {
            std::string s(v[1].Str(i));
            if (start) {
              auto re = lead.At(v[0], i);
              if (!re.ok()) {
                error = re.status();
                b.AppendNull();
                return;
              }
              RE2::Replace(&s, **re, "");
            }
            if (end) {
              auto re = trail.At(v[0], i);
              if (!re.ok()) {
                error = re.status();
                b.AppendNull();
                return;
              }
              RE2::Replace(&s, **re, "");
            }
            b.AppendString(s);
          });
          if (!error.ok()) return error;
          return result;
        }};
  });
}

}  // namespace

void RegisterRegex(FunctionRegistry& r) {
  RegisterMatchAndExtract(r);
  AddReplace(r, "replace_regex", 0, 1, 2);
  AddReplace(r, "replace", 2, 0, 1);
  AddTrim(r, "trim", true, true);
  AddTrim(r, "trim_start", true, false);
  AddTrim(r, "trim_end", false, true);
  r.AddScalar("countof", [](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount("countof", args, 2, 3));
    bool regex = args.size() == 3 && args[2].constant && !args[2].constant->is_null() &&
                 args[2].constant->string_value() == "regex";
    if (regex) QUARRY_RETURN_IF_ERROR(CheckPattern("countof", args[1]));
    return ScalarBinding{
        Type::kLong, [regex](std::span<const Datum> in, const EvalContext&) -> Result<Datum> {
          std::vector<Datum> c(in.begin(), in.begin() + 2);
          if (!regex) {
            c = Strings(c);
            return MapRows(c, Type::kLong,
                           [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
                             b.AppendLong(CountPlain(v[0].Str(i), v[1].Str(i)));
                           });
          }
          return WithRegex("countof", c, 1, Type::kLong,
                           [](const RE2& re, const std::vector<ArgView>& v, size_t i,
                              ColumnBuilder& b) {
                             b.AppendLong(static_cast<int64_t>(
                                 ExtractAll(re, v[0].Str(i), {}).size()));
                           });
        }};
  });
}

}  // namespace quarry::kql::fn
