// Compact s-expression dumps of the AST, for parser tests and --explain.
#include "kql/ast.h"

#include "common/time.h"

// GCC 12 reports a false -Wrestrict on `"literal" + std::string` at -O2 (GCC bug 105329).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"
#endif

namespace quarry::kql {
namespace {

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string DumpLiteral(const Value& v) {
  if (v.is_null()) return std::string(TypeName(v.type())) + "(null)";
  switch (v.type()) {
    case Type::kString: return Quote(v.string_value());
    case Type::kBool: return v.bool_value() ? "true" : "false";
    case Type::kLong: return std::to_string(v.int_value());
    case Type::kInt: return "int(" + std::to_string(v.int_value()) + ")";
    case Type::kReal: return FormatReal(v.real_value());
    case Type::kDecimal: return "decimal(" + FormatReal(v.real_value()) + ")";
    case Type::kDatetime: return "datetime(" + FormatDatetime(v.int_value()) + ")";
    case Type::kTimespan: return "timespan(" + FormatTimespan(v.int_value()) + ")";
    case Type::kGuid: return "guid(" + v.string_value() + ")";
    case Type::kDynamic: return "dynamic(" + v.dynamic_value().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + ")";
  }
  return "?";
}

std::string DumpAssignment(const Assignment& a) {
  if (a.names.empty()) return DumpExpr(*a.expr);
  std::string names;
  for (size_t i = 0; i < a.names.size(); ++i) names += (i ? "," : "") + a.names[i];
  return "(= " + names + " " + DumpExpr(*a.expr) + ")";
}

std::string DumpOp(const Operator& op, const std::string& input);

std::string DumpOps(const Pipeline& p, size_t count) {
  std::string acc;
  for (size_t i = 0; i < count; ++i) acc = DumpOp(p.ops[i], acc);
  return acc;
}

std::string DumpOp(const Operator& op, const std::string& input) {
  if (op.kind == OpKind::kTable) return "(table " + op.name + ")";
  if (op.kind == OpKind::kCallSource) return DumpExpr(*op.expr);
  std::string out = "(" + op.name;
  if (!input.empty()) out += " " + input;
  for (const auto& [k, v] : op.options) {
    if (v) out += " " + k + "=" + DumpExpr(*v);
  }
  if (op.kind == OpKind::kDatatable) {
    out += " (";
    for (size_t i = 0; i < op.columns.size(); ++i) {
      out += (i ? " " : "") + op.columns[i] + ":" +
             std::string(op.column_types[i] ? TypeName(*op.column_types[i]) : "?");
    }
    out += ")";
  } else {
    for (const auto& c : op.columns) out += " " + c;
  }
  for (const auto& [to, from] : op.renames) out += " (= " + to + " " + from + ")";
  for (const auto& a : op.items) out += " " + DumpAssignment(a);
  if (!op.by.empty()) {
    out += " (by";
    for (const auto& a : op.by) out += " " + DumpAssignment(a);
    out += ")";
  }
  if (op.expr) out += " " + DumpExpr(*op.expr);
  for (const auto& k : op.sort) {
    out += std::string(" (") + (k.descending ? "desc" : "asc") + " " +
           (k.expr ? DumpExpr(*k.expr) : "") +
           (k.nulls_first ? (*k.nulls_first ? " nulls-first" : " nulls-last") : "") + ")";
  }
  for (const auto& e : op.exprs) out += " " + (e ? DumpExpr(*e) : std::string("_"));
  for (const auto& part : op.parse_parts) {
    out += " " + (part.is_literal ? Quote(part.text) : (part.text.empty() ? "*" : part.text));
  }
  for (const auto& s : op.subqueries) out += " " + DumpPipeline(*s);
  if (op.expr2) out += " " + DumpExpr(*op.expr2);
  for (const auto& n : op.nested) out += " " + DumpOp(n, "");
  return out + ")";
}

}  // namespace

std::string DumpExpr(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kLiteral: return DumpLiteral(e.value);
    case ExprKind::kName: return "(col " + e.name + ")";
    case ExprKind::kStar: return "*";
    case ExprKind::kTypeName: return "(typeof " + std::string(TypeName(e.value.type())) + ")";
    case ExprKind::kTabular: return DumpPipeline(*e.pipeline);
    case ExprKind::kNamedArg: return "(= " + e.name + " " + DumpExpr(*e.args[0]) + ")";
    case ExprKind::kMember: return "(. " + DumpExpr(*e.args[0]) + " " + e.name + ")";
    case ExprKind::kIndex: return "([] " + DumpExpr(*e.args[0]) + " " + DumpExpr(*e.args[1]) + ")";
    case ExprKind::kCall: {
      std::string out = "(" + e.name;
      for (const auto& a : e.args) out += " " + DumpExpr(*a);
      return out + ")";
    }
  }
  return "?";
}

std::string DumpPipeline(const Pipeline& p) { return DumpOps(p, p.ops.size()); }

std::string DumpQuery(const Query& q) {
  std::string out;
  for (const auto& st : q.statements) {
    if (st.kind == Statement::Kind::kSet) {
      out += "(set " + st.name + (st.value ? " " + DumpExpr(*st.value) : "") + ") ";
    } else if (st.kind == Statement::Kind::kDeclare) {
      out += "(declare) ";
    } else if (st.kind == Statement::Kind::kPattern) {
      out += "(pattern " + st.name;
      if (!st.params.empty()) {
        out += " (";
        for (size_t i = 0; i < st.params.size(); ++i) out += (i ? " " : "") + st.params[i].name;
        out += ")";
      }
      if (st.path_param) out += " [" + st.path_param->name + "]";
      for (const auto& m : st.mappings) {
        out += " (map (";
        for (size_t i = 0; i < m.values.size(); ++i) out += (i ? " " : "") + Quote(m.values[i]);
        out += ")" + (m.path ? " ." + Quote(*m.path) : std::string()) + " " + DumpQuery(*m.body) +
               ")";
      }
      out += ") ";
    } else if (st.is_function) {
      out += "(let " + st.name + " (fn (";
      for (size_t i = 0; i < st.params.size(); ++i) {
        const auto& p = st.params[i];
        out += (i ? " " : "") + p.name + ":" +
               (p.tabular ? std::string("table") : std::string(TypeName(*p.type)));
        if (p.default_value) out += "=" + DumpExpr(*p.default_value);
      }
      out += ") " + (st.body ? DumpQuery(*st.body) : std::string()) + ")) ";
    } else {
      out += "(let " + st.name + " " + DumpExpr(*st.value) + ") ";
    }
  }
  if (q.result) out += DumpExpr(*q.result);
  return out;
}

}  // namespace quarry::kql
