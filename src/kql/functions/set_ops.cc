// Set membership and range operators: in, !in, in~, !in~ (first argument the value, the rest the
// set: scalars or dynamic arrays, flattened), has_any / has_all (terms, like `has`), between /
// !between (value, low, high; a timespan high bound on a datetime means low + high).
#include <fmt/core.h>

#include <unordered_set>

#include "kql/functions/builtin_functions.h"
#include "kql/functions/kernel_util.h"
#include "kql/functions/string_kernels.h"
#include "kql/functions/text_search.h"

namespace quarry::kql::fn {
namespace {

// The set's members as strings (for string values) and as numbers (for numeric values).
struct MemberSet {
  std::unordered_set<std::string> strings;
  std::unordered_set<double> numbers;
  std::vector<Value> others;  // datetimes, timespans, bools, guids: compared as values
};

void AddMember(const Value& v, bool fold, MemberSet& set) {
  if (v.is_null()) return;
  if (v.type() == Type::kDynamic) {
    const Json& j = v.dynamic_value();
    if (j.is_array()) {
      for (const auto& e : j) AddMember(Value::Dynamic(e), fold, set);
      return;
    }
    if (j.is_number()) {
      set.numbers.insert(j.get<double>());
      set.strings.insert(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      return;
    }
    if (j.is_boolean()) {
      set.numbers.insert(j.get<bool>() ? 1 : 0);
      set.strings.insert(j.get<bool>() ? "true" : "false");
      return;
    }
  }
  if (IsNumeric(v.type())) set.numbers.insert(*AsReal(v));
  if (v.type() == Type::kDatetime || v.type() == Type::kTimespan || v.type() == Type::kBool) {
    set.others.push_back(v);
  }
  std::string s = v.ToString();
  set.strings.insert(fold ? ToLowerText(s) : s);
}

bool Contains(const MemberSet& set, const Value& v, bool fold) {
  Type t = v.type();
  if (IsNumeric(t)) return set.numbers.count(*AsReal(v)) > 0;
  if (t == Type::kDatetime || t == Type::kTimespan || t == Type::kBool) {
    for (const auto& o : set.others) {
      if (o == v) return true;
    }
    return false;
  }
  if (t == Type::kDynamic) {
    const Json& j = v.dynamic_value();
    if (j.is_number()) return set.numbers.count(j.get<double>()) > 0;
  }
  std::string s = v.ToString();
  return set.strings.count(fold ? ToLowerText(s) : s) > 0;
}

Result<Datum> EvalIn(bool fold, bool negate, std::span<const Datum> in) {
  const Datum& value = in[0];
  bool per_row = false;
  for (size_t k = 1; k < in.size(); ++k) per_row |= !in[k].is_scalar();
  MemberSet set;
  if (!per_row) {
    for (size_t k = 1; k < in.size(); ++k) AddMember(in[k].scalar, fold, set);
    if (IsStringLike(value.type())) {
      return StringPredicate(
          value,
          [&](std::string_view s) {
            return set.strings.count(fold ? ToLowerText(s) : std::string(s)) > 0;
          },
          negate);
    }
  }
  return MapRows(in, Type::kBool, [&](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
    if (v[0].IsNull(i) && !IsStringLike(v[0].type())) {
      b.AppendNull();
      return;
    }
    if (per_row) {
      set = MemberSet();
      for (size_t k = 1; k < v.size(); ++k) AddMember(v[k].Get(i), fold, set);
    }
    b.AppendBool(Contains(set, v[0].Get(i), fold) != negate);
  });
}

void AddIn(FunctionRegistry& r, const std::string& name, bool fold, bool negate) {
  r.AddScalar(name, [name, fold, negate](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 2, SIZE_MAX));
    return ScalarBinding{Type::kBool,
                         [fold, negate](std::span<const Datum> in, const EvalContext&) {
                           return EvalIn(fold, negate, in);
                         }};
  });
}

// Collects the terms of has_any / has_all from scalars and dynamic arrays.
void CollectTerms(const Value& v, std::vector<std::string>& out) {
  if (v.is_null()) return;
  if (v.type() == Type::kDynamic && v.dynamic_value().is_array()) {
    for (const auto& e : v.dynamic_value()) CollectTerms(Value::Dynamic(e), out);
    return;
  }
  out.push_back(v.ToString());
}

Result<Datum> EvalHasAnyAll(bool all, std::span<const Datum> in) {
  std::vector<std::string> terms;
  for (size_t k = 1; k < in.size(); ++k) {
    if (!in[k].is_scalar()) {
      return InvalidArgument(fmt::format("{}(): the terms must be constants",
                                         all ? "has_all" : "has_any"));
    }
    CollectTerms(in[k].scalar, terms);
  }
  Datum hay = CoerceDatum(in[0], Type::kString);
  if (terms.empty()) return Datum::Scalar(Value::Bool(false));
  if (!all && terms.size() == 1) {
    TextSearcher searcher(terms[0], false, MatchAnchor::kTerm);
    return SearchPredicate(hay, searcher, false);
  }
  // Plain alphanumeric ASCII terms are looked up among the row's terms in one pass (TermSet);
  // the rest are searched one by one.
  std::vector<std::string> plain;
  std::vector<TextSearcher> searchers;
  for (const auto& t : terms) {
    if (TermSet::IsPlainTerm(t)) {
      plain.push_back(t);
    } else {
      searchers.emplace_back(t, false, MatchAnchor::kTerm);
    }
  }
  TermSet set(plain);
  std::vector<uint8_t> seen;
  auto pred = [&](std::string_view s) {
    if (all) {
      if (!set.ContainsAll(s, seen)) return false;
      for (const auto& se : searchers) {
        if (!se.Matches(s)) return false;
      }
      return true;
    }
    if (set.ContainsAny(s)) return true;
    for (const auto& se : searchers) {
      if (se.Matches(s)) return true;
    }
    return false;
  };
  return StringPredicate(hay, pred);
}

Result<Datum> EvalBetween(bool negate, std::span<const Datum> in) {
  return MapRows(in, Type::kBool, [negate](const std::vector<ArgView>& v, size_t i,
                                           ColumnBuilder& b) {
    if (v[0].IsNull(i) || v[1].IsNull(i) || v[2].IsNull(i)) {
      b.AppendNull();
      return;
    }
    Type t = v[0].type();
    bool inside;
    if (t == Type::kDatetime || t == Type::kTimespan || IsIntegral(t)) {
      if (IsIntegral(t) && (!IsIntegral(v[1].type()) || !IsIntegral(v[2].type()))) {
        double x = v[0].Real(i);
        inside = x >= v[1].Real(i) && x <= v[2].Real(i);
      } else {
        int64_t x = v[0].Long(i), lo = v[1].Long(i), hi = v[2].Long(i);
        if (t == Type::kDatetime && v[2].type() == Type::kTimespan) hi = lo + hi;
        inside = x >= lo && x <= hi;
      }
    } else if (IsNumeric(t)) {
      double x = v[0].Real(i);
      inside = x >= v[1].Real(i) && x <= v[2].Real(i);
    } else {
      auto x = AsReal(v[0].Get(i)), lo = AsReal(v[1].Get(i)), hi = AsReal(v[2].Get(i));
      if (!x || !lo || !hi) {
        b.AppendNull();
        return;
      }
      inside = *x >= *lo && *x <= *hi;
    }
    b.AppendBool(inside != negate);
  });
}

void AddBetween(FunctionRegistry& r, const std::string& name, bool negate) {
  r.AddScalar(name, [name, negate](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 3, 3));
    Type t = args[0].type;
    bool ok = IsNumeric(t) || t == Type::kDatetime || t == Type::kTimespan || t == Type::kDynamic;
    if (!ok) return ArgTypeError(name, 0, "a number, datetime or timespan", t);
    for (size_t k = 1; k < 3; ++k) {
      Type b = args[k].type;
      bool bound_ok = (IsNumeric(t) && IsNumeric(b)) || b == t || b == Type::kDynamic ||
                      t == Type::kDynamic || (t == Type::kDatetime && k == 2 && b == Type::kTimespan);
      if (!bound_ok) {
        return InvalidArgument(fmt::format("{}: cannot compare {} with a {} bound", name,
                                           TypeName(t), TypeName(b)));
      }
    }
    return ScalarBinding{Type::kBool, [negate](std::span<const Datum> in, const EvalContext&) {
                           return EvalBetween(negate, in);
                         }};
  });
}

}  // namespace

void RegisterSetOps(FunctionRegistry& r) {
  AddIn(r, "in", false, false);
  AddIn(r, "!in", false, true);
  AddIn(r, "in~", true, false);
  AddIn(r, "!in~", true, true);
  for (bool all : {false, true}) {
    std::string name = all ? "has_all" : "has_any";
    r.AddScalar(name, [name, all](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
      QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 2, SIZE_MAX));
      return ScalarBinding{Type::kBool, [all](std::span<const Datum> in, const EvalContext&) {
                             return EvalHasAnyAll(all, in);
                           }};
    });
  }
  AddBetween(r, "between", false);
  AddBetween(r, "!between", true);
}

}  // namespace quarry::kql::fn
