// String functions: strlen, string_size, tolower, toupper, substring, strcat, strcat_delim,
// strcat_array, split (with index), indexof, reverse, replace_string, strrep, strcmp.
// Lengths and positions count Unicode code points, as Kusto does; arguments of other types are
// converted with tostring().
#include <fmt/core.h>

#include <algorithm>

#include "kql/functions/builtin_functions.h"
#include "kql/functions/kernel_util.h"
#include "kql/functions/text_search.h"

namespace quarry::kql::fn {
namespace {

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

int64_t CodePoints(std::string_view s) {
  int64_t n = 0;
  for (char c : s) n += !IsContinuation(c);
  return n;
}

// Byte offset of code point `cp` (clamped to the end).
size_t ByteOffset(std::string_view s, int64_t cp) {
  size_t i = 0;
  while (i < s.size() && cp > 0) {
    ++i;
    while (i < s.size() && IsContinuation(s[i])) ++i;
    --cp;
  }
  return i;
}

// Converts every non-string argument to string once, so kernels can use ArgView::Str.
std::vector<Datum> AsStrings(std::span<const Datum> in, size_t first = 0, size_t last = SIZE_MAX) {
  std::vector<Datum> out(in.begin(), in.end());
  for (size_t k = first; k < out.size() && k <= last; ++k) {
    if (!IsStringLike(out[k].type())) out[k] = CoerceDatum(out[k], Type::kString);
  }
  return out;
}

using RowFn = std::function<void(const std::vector<ArgView>&, size_t, ColumnBuilder&)>;

// Registers a function whose string arguments are indices [0, string_args) (converted), with
// `min`..`max` arguments and result type `out`.
void AddRowFunction(FunctionRegistry& r, const std::string& name, size_t min, size_t max,
                    size_t string_args, Type out, RowFn row,
                    std::vector<std::pair<size_t, Type>> typed = {}) {
  r.AddScalar(name, [=](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, min, max));
    for (const auto& [k, t] : typed) {
      if (k >= args.size()) continue;
      Type got = args[k].type;
      bool ok = got == t || got == Type::kDynamic || (IsIntegral(t) && IsNumeric(got));
      if (!ok) return ArgTypeError(name, k, TypeName(t), got);
    }
    return ScalarBinding{out, [=](std::span<const Datum> in, const EvalContext&) {
                           std::vector<Datum> c = AsStrings(in, 0, string_args - 1);
                           for (const auto& [k, t] : typed) {
                             if (k < c.size()) c[k] = CoerceDatum(c[k], t);
                           }
                           return MapRows(c, out, row);
                         }};
  });
}

void Substring(const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
  std::string_view s = v[0].Str(i);
  if (v[1].IsNull(i) || (v.size() > 2 && v[2].IsNull(i))) {
    b.AppendString("");
    return;
  }
  int64_t n = CodePoints(s);
  int64_t start = v[1].Long(i);
  if (start < 0) start += n;
  if (start < 0 || start >= n) {
    b.AppendString("");
    return;
  }
  int64_t len = v.size() > 2 ? v[2].Long(i) : n - start;
  if (len <= 0) {
    b.AppendString("");
    return;
  }
  size_t from = ByteOffset(s, start);
  size_t to = from + ByteOffset(s.substr(from), len);
  b.AppendString(s.substr(from, to - from));
}

DynamicPtr SplitToJson(std::string_view s, std::string_view delim) {
  Json arr = Json::array();
  if (delim.empty()) {
    arr.push_back(std::string(s));
    return std::make_shared<const Json>(std::move(arr));
  }
  size_t start = 0;
  while (true) {
    size_t p = s.find(delim, start);
    if (p == std::string_view::npos) {
      arr.push_back(std::string(s.substr(start)));
      break;
    }
    arr.push_back(std::string(s.substr(start, p - start)));
    start = p + delim.size();
  }
  return std::make_shared<const Json>(std::move(arr));
}

void Split(const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
  DynamicPtr parts = SplitToJson(v[0].Str(i), v[1].Str(i));
  if (v.size() < 3) {
    b.AppendDynamic(std::move(parts));
    return;
  }
  if (v[2].IsNull(i)) {
    b.AppendNull();
    return;
  }
  int64_t k = v[2].Long(i);
  auto n = static_cast<int64_t>(parts->size());
  if (k < 0 || k >= n) {
    b.AppendNull();
    return;
  }
  b.AppendDynamic(std::make_shared<const Json>(Json::array({(*parts)[k]})));
}

void IndexOf(const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
  std::string_view s = v[0].Str(i), lookup = v[1].Str(i);
  if (lookup.empty()) {
    b.AppendNull();
    return;
  }
  int64_t n = CodePoints(s);
  int64_t start = v.size() > 2 && !v[2].IsNull(i) ? v[2].Long(i) : 0;
  int64_t length = v.size() > 3 && !v[3].IsNull(i) ? v[3].Long(i) : -1;
  int64_t occurrence = v.size() > 4 && !v[4].IsNull(i) ? v[4].Long(i) : 1;
  if (start < 0) start += n;
  if (start < 0 || start > n || occurrence <= 0 || length < -1) {
    b.AppendNull();
    return;
  }
  // Each further occurrence is looked for from one past the last, over a window of the same
  // `length` (the docs' indexof("abcdefgabcdefg", "cde", 1, 10, 2) is 9).
  size_t pos = ByteOffset(s, start);
  for (int64_t k = 0; k < occurrence; ++k) {
    size_t from = k == 0 ? pos : pos + 1;
    size_t limit = length < 0 ? s.size() : from + ByteOffset(s.substr(from), length);
    pos = s.find(lookup, from);
    if (pos == std::string_view::npos || pos + lookup.size() > limit) {
      b.AppendLong(-1);
      return;
    }
  }
  b.AppendLong(CodePoints(s.substr(0, pos)));
}

void Reverse(const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
  std::string_view s = v[0].Str(i);
  std::string out;
  out.reserve(s.size());
  size_t end = s.size();
  while (end > 0) {
    size_t start = end - 1;
    while (start > 0 && IsContinuation(s[start])) --start;
    out.append(s.substr(start, end - start));
    end = start;
  }
  b.AppendString(out);
}

void ReplaceString(const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
  std::string_view s = v[0].Str(i), lookup = v[1].Str(i), rewrite = v[2].Str(i);
  if (lookup.empty()) {
    b.AppendString(s);
    return;
  }
  std::string out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(lookup, start);
    if (p == std::string_view::npos) break;
    out.append(s.substr(start, p - start));
    out.append(rewrite);
    start = p + lookup.size();
  }
  out.append(s.substr(start));
  b.AppendString(out);
}

void StrRep(const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
  if (v[1].IsNull(i)) {
    b.AppendNull();
    return;
  }
  int64_t times = std::clamp<int64_t>(v[1].Long(i), 0, 1024);
  std::string_view s = v[0].Str(i);
  std::string_view delim = v.size() > 2 ? v[2].Str(i) : std::string_view();
  std::string out;
  for (int64_t k = 0; k < times; ++k) {
    if (k > 0) out.append(delim);
    out.append(s);
  }
  b.AppendString(out);
}

void StrCatArray(const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
  const Json* arr = v[0].type() == Type::kDynamic ? v[0].Dyn(i) : nullptr;
  std::string out;
  if (arr && arr->is_array()) {
    bool first = true;
    for (const auto& e : *arr) {
      if (!first) out.append(v[1].Str(i));
      first = false;
      out.append(Value::Dynamic(e).ToString());
    }
  }
  b.AppendString(out);
}

}  // namespace

void RegisterStringFunctions(FunctionRegistry& r) {
  const size_t kMany = 64;
  AddRowFunction(r, "strlen", 1, 1, 1, Type::kLong,
                 [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
                   b.AppendLong(CodePoints(v[0].Str(i)));
                 });
  AddRowFunction(r, "string_size", 1, 1, 1, Type::kLong,
                 [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
                   b.AppendLong(static_cast<int64_t>(v[0].Str(i).size()));
                 });
  AddRowFunction(r, "tolower", 1, 1, 1, Type::kString,
                 [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
                   b.AppendString(ToLowerText(v[0].Str(i)));
                 });
  AddRowFunction(r, "toupper", 1, 1, 1, Type::kString,
                 [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
                   b.AppendString(ToUpperText(v[0].Str(i)));
                 });
  AddRowFunction(r, "substring", 2, 3, 1, Type::kString, Substring,
                 {{1, Type::kLong}, {2, Type::kLong}});
  auto strcat = [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
    std::string out;
    for (const auto& a : v) out.append(a.Str(i));
    b.AppendString(out);
  };
  AddRowFunction(r, "strcat", 1, kMany, kMany, Type::kString, strcat);
  AddRowFunction(r, "strcat_delim", 2, kMany + 1, kMany + 1, Type::kString,
                 [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
                   std::string out;
                   for (size_t k = 1; k < v.size(); ++k) {
                     if (k > 1) out.append(v[0].Str(i));
                     out.append(v[k].Str(i));
                   }
                   b.AppendString(out);
                 });
  r.AddScalar("strcat_array", [](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount("strcat_array", args, 2, 2));
    if (args[0].type != Type::kDynamic) {
      return ArgTypeError("strcat_array", 0, "dynamic", args[0].type);
    }
    return ScalarBinding{Type::kString,
                         [](std::span<const Datum> in, const EvalContext&) -> Result<Datum> {
                           std::vector<Datum> c = AsStrings(in, 1, 1);
                           return MapRows(c, Type::kString, StrCatArray);
                         }};
  });
  AddRowFunction(r, "split", 2, 3, 2, Type::kDynamic, Split, {{2, Type::kLong}});
  AddRowFunction(r, "indexof", 2, 5, 2, Type::kLong, IndexOf,
                 {{2, Type::kLong}, {3, Type::kLong}, {4, Type::kLong}});
  AddRowFunction(r, "reverse", 1, 1, 1, Type::kString, Reverse);
  AddRowFunction(r, "replace_string", 3, 3, 3, Type::kString, ReplaceString);
  r.AddScalar("strrep", [](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount("strrep", args, 2, 3));
    if (!IsNumeric(args[1].type)) return ArgTypeError("strrep", 1, "long", args[1].type);
    return ScalarBinding{Type::kString,
                         [](std::span<const Datum> in, const EvalContext&) -> Result<Datum> {
                           std::vector<Datum> c = AsStrings(in);
                           c[1] = CoerceDatum(in[1], Type::kLong);
                           return MapRows(c, Type::kString, StrRep);
                         }};
  });
  AddRowFunction(r, "strcmp", 2, 2, 2, Type::kLong,
                 [](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
                   int c = v[0].Str(i).compare(v[1].Str(i));
                   b.AppendLong(c < 0 ? -1 : (c > 0 ? 1 : 0));
                 });
}

}  // namespace quarry::kql::fn
