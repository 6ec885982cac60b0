// Invoking a `declare pattern` (parser_pattern.cc): `P("a")`, `P("a").path` and
// `P("a").["path"]` select the mapping whose values (and path) equal the invocation's constant
// strings, compared exactly, and run its tabular body in the scope the pattern was declared in.
// An invocation that no mapping matches, or of a pattern declared without mappings, is a
// positioned error naming the tuple (Kusto answers both with SEM0036, for a middle tier to
// supply the definitions; Quarry has no middle tier).
#include "kql/executor_impl.h"

// GCC 12 reports a false -Wrestrict on `"literal" + std::string` at -O2 (GCC bug 105329).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"
#endif

namespace quarry::kql {
namespace {

constexpr int kMaxPatternDepth = 48;

std::string Tuple(const std::vector<std::string>& values, const std::optional<std::string>& path) {
  std::string out = "(";
  for (size_t i = 0; i < values.size(); ++i) out += (i ? ", \"" : "\"") + values[i] + "\"";
  out += ")";
  if (path) out += ".[\"" + *path + "\"]";
  return out;
}

}  // namespace

const ScopeEntry* Executor::FindPattern(const Expr& e, const ScopePtr& scope) {
  const Expr* head = &e;
  if ((e.kind == ExprKind::kMember || e.kind == ExprKind::kIndex) && !e.args.empty()) {
    head = e.args[0].get();
    if (head->kind != ExprKind::kCall) return nullptr;
  } else if (e.kind != ExprKind::kCall && e.kind != ExprKind::kName) {
    return nullptr;
  }
  const ScopeEntry* entry = scope ? scope->Find(head->name) : nullptr;
  return entry && entry->kind == ScopeEntry::Kind::kPattern ? entry : nullptr;
}

Result<Rel> Executor::InvokePattern(const Expr& e, const ScopeEntry& entry, const ScopePtr& scope) {
  const Statement& pattern = *entry.function;
  const std::string& name = pattern.name;
  if (pattern.params.empty()) {
    return Error(e.span, "pattern '" + name +
                             "' is declared without mappings, so it has "
                             "nothing to return (Kusto leaves an empty pattern to the application "
                             "to define); define it with `declare pattern " +
                             name + " = (arg:string) { (\"value\") = { ... }; }`");
  }
  const bool has_path = e.kind == ExprKind::kMember || e.kind == ExprKind::kIndex;
  const Expr& call = has_path ? *e.args[0] : e;
  if (call.kind != ExprKind::kCall || call.args.size() != pattern.params.size()) {
    std::string got = call.kind == ExprKind::kCall ? std::to_string(call.args.size()) : "none";
    return Error(call.span, "pattern '" + name + "' takes " +
                                std::to_string(pattern.params.size()) + " argument(s), got " + got);
  }
  std::vector<std::string> values;
  for (size_t i = 0; i < call.args.size(); ++i) {
    const Expr& arg = *call.args[i];
    QUARRY_ASSIGN_OR_RETURN(Value v, EvalConstant(arg, scope));
    if (v.is_null() || v.type() != Type::kString) {
      return Error(arg.span, "pattern '" + name + "' takes strings: its argument '" +
                                 pattern.params[i].name + "' must be a constant string");
    }
    values.push_back(v.string_value());
  }
  std::optional<std::string> path;
  if (e.kind == ExprKind::kMember) path = e.name;
  if (e.kind == ExprKind::kIndex) {
    QUARRY_ASSIGN_OR_RETURN(Value v, EvalConstant(*e.args[1], scope));
    if (v.is_null() || v.type() != Type::kString) {
      return Error(e.args[1]->span, "pattern '" + name + "''s path must be a constant string");
    }
    path = v.string_value();
  }
  if (pattern.path_param && !path) {
    return Error(e.span, "pattern '" + name +
                             "' needs a path after its arguments (its path "
                             "argument is '" +
                             pattern.path_param->name + "'), like " + name +
                             Tuple(values, std::string("value")));
  }
  if (!pattern.path_param && path) {
    return Error(e.span, "pattern '" + name +
                             "' declares no path argument, so it is invoked "
                             "without a path, like " +
                             name + Tuple(values, std::nullopt));
  }
  const PatternMapping* match = nullptr;
  for (const auto& m : pattern.mappings) {
    if (m.values == values && m.path == path) match = &m;
  }
  if (!match) {
    std::string known;
    size_t shown = 0;
    for (const auto& m : pattern.mappings) {
      if (shown == 5) {
        known += ", ...";
        break;
      }
      known += (shown++ ? ", " : "") + Tuple(m.values, m.path);
    }
    return Error(e.span, "no mapping of pattern '" + name + "' matches " + Tuple(values, path) +
                             (known.empty() ? "; it has no mappings" : "; it maps " + known));
  }
  if (depth_ >= kMaxPatternDepth) {
    return Error(e.span, "the query nests functions or patterns too deeply (recursion?)");
  }
  ++depth_;
  struct Exit {
    int* d;
    ~Exit() { --*d; }
  } exit{&depth_};
  auto inner = std::make_shared<Scope>(entry.function_scope.lock());
  QUARRY_RETURN_IF_ERROR(RunStatements(*match->body, inner));
  QUARRY_ASSIGN_OR_RETURN(Rel r, EvalTabular(*match->body->result, inner));
  r.name = name;
  return r;
}

}  // namespace quarry::kql
