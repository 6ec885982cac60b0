// String predicates: has / hasprefix / hassuffix (Kusto terms: runs of letters and digits,
// case-insensitive unless _cs), contains, startswith, endswith, each with _cs and negated (!)
// forms. The left operand may be any type (converted with tostring()); a null string reads as "".
// A constant needle is compiled once and searched over the whole column buffer at once.
#include <fmt/core.h>

#include "kql/functions/builtin_functions.h"
#include "kql/functions/kernel_util.h"
#include "kql/functions/string_kernels.h"
#include "kql/functions/text_search.h"

namespace quarry::kql::fn {
namespace {

enum class StrOp { kHas, kHasPrefix, kHasSuffix, kContains, kStartsWith, kEndsWith };

bool PrefixMatch(std::string_view s, std::string_view needle, bool cs, bool ascii_needle) {
  if (cs) return s.substr(0, needle.size()) == needle;
  if (ascii_needle && IsAscii(s.substr(0, needle.size()))) {
    return s.size() >= needle.size() && EqualsNoCase(s.substr(0, needle.size()), needle);
  }
  std::string folded = ToLowerText(s);
  return std::string_view(folded).substr(0, needle.size()) == needle;
}

bool SuffixMatch(std::string_view s, std::string_view needle, bool cs, bool ascii_needle) {
  if (s.size() < needle.size() && (cs || ascii_needle)) return false;
  if (cs) return s.substr(s.size() - needle.size()) == needle;
  if (ascii_needle) {
    std::string_view tail = s.substr(s.size() - needle.size());
    if (IsAscii(tail)) return EqualsNoCase(tail, needle);
  }
  std::string folded = ToLowerText(s);
  return folded.size() >= needle.size() &&
         std::string_view(folded).substr(folded.size() - needle.size()) == needle;
}

MatchAnchor AnchorFor(StrOp op) {
  switch (op) {
    case StrOp::kHas: return MatchAnchor::kTerm;
    case StrOp::kHasPrefix: return MatchAnchor::kTermPrefix;
    case StrOp::kHasSuffix: return MatchAnchor::kTermSuffix;
    default: return MatchAnchor::kAnywhere;
  }
}

// Evaluates the operator with one needle over a string datum.
Datum EvalWithNeedle(StrOp op, bool cs, bool negate, const Datum& hay, std::string_view needle) {
  if (op == StrOp::kStartsWith || op == StrOp::kEndsWith) {
    std::string n = cs ? std::string(needle) : ToLowerText(needle);
    bool ascii = IsAscii(n);
    if (op == StrOp::kStartsWith) {
      return StringPredicate(
          hay, [&](std::string_view s) { return PrefixMatch(s, n, cs, ascii); }, negate);
    }
    return StringPredicate(
        hay, [&](std::string_view s) { return SuffixMatch(s, n, cs, ascii); }, negate);
  }
  TextSearcher searcher(needle, cs, AnchorFor(op));
  return SearchPredicate(hay, searcher, negate);
}

Result<Datum> EvalStrOp(StrOp op, bool cs, bool negate, std::span<const Datum> in) {
  Datum hay = CoerceDatum(in[0], in[0].type() == Type::kGuid ? Type::kGuid : Type::kString);
  Datum needle = CoerceDatum(in[1], Type::kString);
  if (needle.is_scalar()) {
    std::string n = needle.scalar.is_null() ? std::string() : needle.scalar.string_value();
    return EvalWithNeedle(op, cs, negate, hay, n);
  }
  ArgView h(hay), nv(needle);
  size_t n = needle.column->size();
  ColumnBuilder b(Type::kBool);
  b.Reserve(n);
  for (size_t i = 0; i < n; ++i) {
    Datum one = Datum::Scalar(Value::String(std::string(h.Str(i))));
    Datum r = EvalWithNeedle(op, cs, negate, one, nv.Str(i));
    b.AppendBool(r.scalar.bool_value());
  }
  return Datum::Of(b.Finish());
}

void Add(FunctionRegistry& r, const std::string& name, StrOp op, bool cs, bool negate) {
  r.AddScalar(name, [name, op, cs, negate](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 2, 2));
    Type nt = args[1].type;
    if (!IsStringLike(nt) && nt != Type::kDynamic) {
      return ArgTypeError(name, 1, "string", nt);
    }
    return ScalarBinding{Type::kBool,
                         [op, cs, negate](std::span<const Datum> in, const EvalContext&) {
                           return EvalStrOp(op, cs, negate, in);
                         }};
  });
}

void AddFamily(FunctionRegistry& r, const std::string& base, StrOp op) {
  Add(r, base, op, false, false);
  Add(r, "!" + base, op, false, true);
  Add(r, base + "_cs", op, true, false);
  Add(r, "!" + base + "_cs", op, true, true);
}

}  // namespace

void RegisterStringOps(FunctionRegistry& r) {
  AddFamily(r, "has", StrOp::kHas);
  AddFamily(r, "hasprefix", StrOp::kHasPrefix);
  AddFamily(r, "hassuffix", StrOp::kHasSuffix);
  AddFamily(r, "contains", StrOp::kContains);
  AddFamily(r, "startswith", StrOp::kStartsWith);
  AddFamily(r, "endswith", StrOp::kEndsWith);
}

}  // namespace quarry::kql::fn
