// Helpers shared by the operator implementations.
#include <algorithm>

#include "kql/executor_impl.h"

namespace quarry::kql {

std::string UniqueName(const std::string& base, const std::vector<std::string>& taken) {
  if (std::find(taken.begin(), taken.end(), base) == taken.end()) return base;
  for (int i = 1;; ++i) {
    std::string candidate = base + std::to_string(i);
    if (std::find(taken.begin(), taken.end(), candidate) == taken.end()) return candidate;
  }
}

bool IsConversion(std::string_view name) {
  return name == "tostring" || name == "todynamic" || name == "toint" || name == "tolong" ||
         name == "todouble" || name == "toreal" || name == "todatetime" ||
         name == "totimespan" || name == "tobool" || name == "toguid" || name == "todecimal";
}

std::string DefaultColumnName(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kName: return e.name;
    case ExprKind::kCall:
      // Kusto keeps the name through a conversion (`extend todatetime(T)` replaces T,
      // `by tostring(x.a)` is x_a) and through bin/floor/round of a column
      // (`project floor(P, 0.01)` is P).
      if (IsConversion(e.name) && e.args.size() == 1) return DefaultColumnName(*e.args[0]);
      if ((e.name == "bin" || e.name == "floor" || e.name == "bin_at" || e.name == "bin_auto" ||
           e.name == "round") &&
          !e.args.empty()) {
        return DefaultColumnName(*e.args[0]);
      }
      // A sketch read back is named like the aggregation it finishes: `project
      // dcount_hll(merged)` is dcount_hll_merged, percentile_tdigest(merged, 90) likewise.
      if ((e.name == "dcount_hll" || e.name == "percentile_tdigest") && !e.args.empty()) {
        std::string arg = DefaultColumnName(*e.args[0]);
        return arg.empty() ? "" : e.name + "_" + arg;
      }
      return "";
    case ExprKind::kNamedArg:
      return e.name;  // round(Rate = x * 100) is Rate
    case ExprKind::kMember: {
      std::string base = DefaultColumnName(*e.args[0]);
      return base.empty() ? "" : base + "_" + e.name;
    }
    case ExprKind::kIndex: {
      std::string base = DefaultColumnName(*e.args[0]);
      const Expr& ix = *e.args[1];
      if (base.empty() || ix.kind != ExprKind::kLiteral || ix.value.is_null()) return "";
      return base + "_" + ix.value.ToString();
    }
    default: return "";
  }
}

TablePtr MakeTable(std::vector<std::string> names, std::vector<ColumnPtr> columns, size_t rows) {
  std::vector<Field> fields;
  fields.reserve(names.size());
  for (size_t i = 0; i < names.size(); ++i) fields.push_back({names[i], columns[i]->type()});
  return std::make_shared<const Table>(Schema(std::move(fields)), std::move(columns), rows);
}

TablePtr GatherRows(const Table& t, std::span<const uint32_t> indices) {
  std::vector<ColumnPtr> cols;
  cols.reserve(t.num_columns());
  for (const auto& c : t.columns()) cols.push_back(Column::Gather(*c, indices));
  return std::make_shared<const Table>(t.schema(), std::move(cols), indices.size());
}

bool WildcardMatch(std::string_view p, std::string_view s) {
  size_t pi = 0, si = 0, star = std::string_view::npos, mark = 0;
  while (si < s.size()) {
    if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      mark = si;
    } else if (pi < p.size() && p[pi] == s[si]) {
      ++pi;
      ++si;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

std::optional<Value> CoerceValue(const Value& v, Type type) {
  if (v.type() == type) return v;
  if (v.is_null()) return Value::Null(type);
  Type from = v.type();
  switch (type) {
    case Type::kInt:
      if (from == Type::kLong && v.int_value() >= INT32_MIN && v.int_value() <= INT32_MAX) {
        return Value::Int(static_cast<int32_t>(v.int_value()));
      }
      return std::nullopt;
    case Type::kLong:
      if (from == Type::kInt) return Value::Long(v.int_value());
      return std::nullopt;
    case Type::kReal:
      if (from == Type::kInt || from == Type::kLong) return Value::Real(static_cast<double>(v.int_value()));
      if (from == Type::kDecimal) return Value::Real(v.real_value());
      return std::nullopt;
    case Type::kDecimal:
      if (from == Type::kInt || from == Type::kLong) return Value::Decimal(static_cast<double>(v.int_value()));
      if (from == Type::kReal) return Value::Decimal(v.real_value());
      return std::nullopt;
    case Type::kDynamic:
      switch (from) {
        case Type::kBool: return Value::Dynamic(Json(v.bool_value()));
        case Type::kInt:
        case Type::kLong: return Value::Dynamic(Json(v.int_value()));
        case Type::kReal:
        case Type::kDecimal: return Value::Dynamic(Json(v.real_value()));
        default: return Value::Dynamic(Json(v.ToString()));
      }
    case Type::kTimespan:
      return std::nullopt;
    case Type::kGuid:
      return std::nullopt;
    default: return std::nullopt;
  }
}

}  // namespace quarry::kql
