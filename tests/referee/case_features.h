// Which tabular operators and functions a query uses, read from Quarry's own AST (not by
// matching text), and whether they all lie in the foundation issue's lists (issue 2: the core
// operators and the core scalar and aggregation functions). The documented-examples runner
// reports the pass rate of the cases that use only those features.
#pragma once

#include <set>
#include <string>

#include "kql/ast.h"

namespace quarry::kql::referee {

struct CaseFeatures {
  std::set<std::string> outside;  // operators ("|name") and functions ("name()") not in the lists
};

// Issue 2's scalar functions, operators and aggregations, in our parser's spelling ("__neg" is
// unary minus; `x has ("a","b")` is parsed to has/or, `!in` to not/in). "_cs/negated forms" is
// read as applying to the whole has/contains/startswith/endswith family.
inline const std::set<std::string>& CoreFunctions() {
  static const std::set<std::string> kSet = {
      "==", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/", "%", "__neg", "and", "or", "not",
      "=~", "!~", "in", "!in", "in~", "has", "!has", "has_cs", "!has_cs", "has_any", "has_all",
      "contains", "!contains", "contains_cs", "!contains_cs", "startswith", "!startswith",
      "startswith_cs", "!startswith_cs", "endswith", "!endswith", "endswith_cs", "!endswith_cs",
      "matches regex", "between", "iff", "iif", "case", "coalesce", "isnull", "isnotnull",
      "isempty", "isnotempty", "tostring", "toint", "tolong", "todouble", "toreal", "tobool",
      "todatetime", "totimespan", "strlen", "tolower", "toupper", "substring", "strcat", "split",
      "ago", "now", "bin", "floor", "datetime_diff", "startofday", "format_datetime",
      // Aggregations.
      "count", "countif", "sum", "sumif", "avg", "min", "max", "dcount", "dcountif", "make_set",
      "make_list", "arg_max", "arg_min", "any", "take_any"};
  return kSet;
}

inline bool IsCoreOperator(OpKind k) {
  switch (k) {
    case OpKind::kTable: case OpKind::kDatatable: case OpKind::kPrint: case OpKind::kRange:
    case OpKind::kParens: case OpKind::kCallSource: case OpKind::kWhere: case OpKind::kProject:
    case OpKind::kProjectAway: case OpKind::kProjectKeep: case OpKind::kProjectRename:
    case OpKind::kProjectReorder: case OpKind::kExtend: case OpKind::kSummarize:
    case OpKind::kCount: case OpKind::kTake: case OpKind::kTop: case OpKind::kSort:
    case OpKind::kDistinct: case OpKind::kGetschema: case OpKind::kAs: case OpKind::kRender:
      return true;
    default:
      return false;
  }
}

// For a query our parser rejects there is no AST: the case's own feature labels (the referee
// data's `features`: operators, functions, plugins, other) decide instead.
inline CaseFeatures LabelledFeatures(const Json& labels) {
  static const std::set<std::string> kCoreOperators = {
      "where", "filter", "project", "project-away", "project-keep", "project-rename",
      "project-reorder", "extend", "summarize", "count", "take", "limit", "top", "sort",
      "sort by", "order", "order by", "distinct", "datatable", "print", "range", "getschema",
      "as", "render", "let"};
  CaseFeatures f;
  for (const auto& [kind, names] : labels.items()) {
    if (kind != "operators" && kind != "functions" && kind != "plugins" && kind != "other") continue;
    for (const auto& [name, count] : names.items()) {
      bool core = kind == "operators"   ? kCoreOperators.count(name) > 0
                  : kind == "functions" ? CoreFunctions().count(name) > 0
                                        : false;
      if (!core) f.outside.insert(kind + ":" + name);
    }
  }
  return f;
}

class FeatureCollector {
 public:
  CaseFeatures Collect(const Query& q) {
    VisitQuery(q);
    return std::move(features_);
  }

 private:
  void VisitQuery(const Query& q) {
    for (const auto& s : q.statements) {
      if (s.kind == Statement::Kind::kLet) user_functions_.insert(s.name);
      if (s.kind == Statement::Kind::kSet) features_.outside.insert("set");
      if (s.kind == Statement::Kind::kDeclare) features_.outside.insert(s.name);
      if (s.kind == Statement::Kind::kPattern) {
        features_.outside.insert("declare pattern");
        user_functions_.insert(s.name);
      }
    }
    for (const auto& s : q.statements) {
      VisitExpr(s.value);
      for (const auto& p : s.params) VisitExpr(p.default_value);
      if (s.body) VisitQuery(*s.body);
      for (const auto& m : s.mappings) VisitQuery(*m.body);
    }
    VisitExpr(q.result);
  }

  void VisitExpr(const ExprPtr& e) {
    if (!e) return;
    switch (e->kind) {
      case ExprKind::kCall:
        if (!CoreFunctions().count(e->name) && !user_functions_.count(e->name)) {
          features_.outside.insert(e->name + "()");
        }
        break;
      case ExprKind::kMember:
      case ExprKind::kIndex:
        features_.outside.insert("dynamic access");  // issue 3's property paths
        break;
      default:
        break;
    }
    for (const auto& a : e->args) VisitExpr(a);
    if (e->pipeline) VisitPipeline(*e->pipeline);
  }

  void VisitPipeline(const Pipeline& p) {
    for (const auto& op : p.ops) VisitOperator(op);
  }

  void VisitOperator(const Operator& op) {
    if (!IsCoreOperator(op.kind)) features_.outside.insert("|" + op.name);
    for (const auto& [name, e] : op.options) VisitExpr(e);
    for (const auto& a : op.items) VisitExpr(a.expr);
    for (const auto& a : op.by) VisitExpr(a.expr);
    for (const auto& k : op.sort) VisitExpr(k.expr);
    for (const auto& e : op.exprs) VisitExpr(e);
    for (const auto& s : op.subqueries) {
      if (s) VisitPipeline(*s);
    }
    VisitExpr(op.expr);
    VisitExpr(op.expr2);
    for (const auto& n : op.nested) VisitOperator(n);
  }

  CaseFeatures features_;
  std::set<std::string> user_functions_;
};

}  // namespace quarry::kql::referee
