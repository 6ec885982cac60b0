// Operators over dynamic values and text: mv-expand, mv-apply, parse / parse-where,
// evaluate bag_unpack, search.
#include <re2/re2.h>

#include <algorithm>
#include <functional>

#include "kql/executor_impl.h"
#include "kql/functions/kernel_util.h"
#include "kql/json_convert.h"

namespace quarry::kql {
namespace {

std::string OptionName(const Operator& op, const std::string& key) {
  auto it = op.options.find(key);
  if (it == op.options.end() || !it->second) return "";
  if (it->second->kind == ExprKind::kName) return it->second->name;
  return it->second->value.ToString();
}

// The elements one row's value expands to; empty arrays and bags expand to nothing.
std::vector<Json> ExpandValue(const Value& v, bool bag_as_array) {
  std::vector<Json> out;
  if (v.is_null()) {
    out.emplace_back(nullptr);
    return out;
  }
  if (v.type() != Type::kDynamic) {
    out.push_back(ValueToJson(v));
    return out;
  }
  const Json& j = v.dynamic_value();
  if (j.is_array()) {
    for (const auto& e : j) out.push_back(e);
  } else if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (bag_as_array) out.push_back(Json::array({it.key(), it.value()}));
      else out.push_back(Json::object({{it.key(), it.value()}}));
    }
  } else {
    out.push_back(j);
  }
  return out;
}

}  // namespace

Result<Rel> Executor::MvExpand(const Operator& op, Rel in, const ScopePtr& scope) {
  const Table& t = *in.table;
  size_t rows = t.num_rows();
  RowContext ctx{&t.schema(), in.name, scope, false};
  bool bag_as_array = OptionName(op, "bagexpansion") == "array" || OptionName(op, "kind") == "array";
  std::string index_name = OptionName(op, "with_itemindex");
  if (index_name.empty()) index_name = OptionName(op, "itemindex");
  int64_t limit = INT64_MAX;
  if (op.expr2) {
    QUARRY_ASSIGN_OR_RETURN(limit, EvalCount(*op.expr2, scope, "mv-expand limit"));
  }
  struct Item {
    ColumnPtr values;
    std::string name;
    Type type;
  };
  std::vector<Item> items;
  for (size_t k = 0; k < op.items.size(); ++k) {
    const auto& a = op.items[k];
    QUARRY_ASSIGN_OR_RETURN(auto b, Bind(*a.expr, ctx));
    auto d = kql::Evaluate(*b, t, Context(rows));
    if (!d.ok()) return Wrap(a.expr->span, d.status());
    std::string name = a.names.empty() ? DefaultColumnName(*a.expr) : a.names[0];
    if (name.empty()) name = "Column" + std::to_string(k + 1);
    Type type = op.column_types[k] ? *op.column_types[k] : Type::kDynamic;
    items.push_back({DatumToColumn(*d, rows), name, type});
  }
  // Row r of the input becomes `counts[r]` rows; item values per output row.
  std::vector<uint32_t> source_rows;
  std::vector<ColumnBuilder> builders;
  for (const auto& item : items) builders.emplace_back(item.type);
  ColumnBuilder index_builder(Type::kLong);
  for (size_t r = 0; r < rows; ++r) {
    std::vector<std::vector<Json>> expanded;
    size_t n = 0;
    for (const auto& item : items) {
      expanded.push_back(ExpandValue(item.values->GetValue(r), bag_as_array));
      n = std::max(n, expanded.back().size());
    }
    n = std::min<size_t>(n, static_cast<size_t>(limit));
    for (size_t i = 0; i < n; ++i) {
      source_rows.push_back(static_cast<uint32_t>(r));
      for (size_t k = 0; k < items.size(); ++k) {
        if (i < expanded[k].size()) builders[k].AppendValue(JsonToValue(expanded[k][i], items[k].type));
        else builders[k].AppendNull();
      }
      index_builder.AppendLong(static_cast<int64_t>(i));
    }
  }
  TablePtr base = GatherRows(t, source_rows);
  std::vector<std::string> names;
  std::vector<ColumnPtr> cols = base->columns();
  for (const auto& f : base->schema().fields()) names.push_back(f.name);
  for (size_t k = 0; k < items.size(); ++k) {
    ColumnPtr c = builders[k].Finish();
    auto it = std::find(names.begin(), names.end(), items[k].name);
    if (it != names.end()) {
      cols[it - names.begin()] = c;
    } else {
      names.push_back(items[k].name);
      cols.push_back(c);
    }
  }
  if (!index_name.empty()) {
    names.push_back(UniqueName(index_name, names));
    cols.push_back(index_builder.Finish());
  }
  return Rel{MakeTable(std::move(names), std::move(cols), source_rows.size()), in.name};
}

Result<Rel> Executor::MvApply(const Operator& op, Rel in, const ScopePtr& scope) {
  // Each input row is expanded and fed to the subquery; the subquery's rows come out next to
  // that input row's columns.
  const Table& t = *in.table;
  Operator expand = op;
  expand.kind = OpKind::kMvExpand;
  std::vector<uint32_t> source_rows;
  std::vector<TablePtr> results;
  size_t passes = std::max<size_t>(t.num_rows(), 1);
  for (size_t r = 0; r < passes; ++r) {
    std::vector<uint32_t> one;
    if (r < t.num_rows()) one.push_back(static_cast<uint32_t>(r));
    Rel row{GatherRows(t, one), in.name};
    QUARRY_ASSIGN_OR_RETURN(Rel expanded, MvExpand(expand, row, scope));
    QUARRY_ASSIGN_OR_RETURN(Rel applied, RunPipeline(*op.subqueries[0], scope, &expanded));
    if (r < t.num_rows()) source_rows.insert(source_rows.end(), applied.table->num_rows(), r);
    results.push_back(applied.table);
  }
  const Schema& s = results[0]->schema();
  std::vector<std::string> names;
  std::vector<ColumnPtr> cols;
  TablePtr base = GatherRows(t, source_rows);
  for (size_t c = 0; c < base->num_columns(); ++c) {
    const std::string& n = base->schema().field(c).name;
    if (s.IndexOf(n)) continue;  // the subquery's own column of that name wins
    names.push_back(n);
    cols.push_back(base->column(c));
  }
  size_t total = t.num_rows() == 0 ? 0 : source_rows.size();
  for (size_t c = 0; c < s.size(); ++c) {
    std::vector<ColumnPtr> pieces;
    for (size_t k = 0; k < results.size() && t.num_rows() > 0; ++k) {
      const auto& p = results[k];
      auto idx = p->schema().IndexOf(s.field(c).name);
      if (idx && p->schema().field(*idx).type == s.field(c).type) {
        pieces.push_back(p->column(*idx));
      } else {
        pieces.push_back(Column::MakeNulls(s.field(c).type, p->num_rows()));
      }
    }
    names.push_back(s.field(c).name);
    cols.push_back(pieces.empty() ? Column::MakeNulls(s.field(c).type, 0) : Column::Concat(pieces));
  }
  return Rel{MakeTable(std::move(names), std::move(cols), total), in.name};
}

Result<Rel> Executor::Parse(const Operator& op, Rel in, const ScopePtr& scope) {
  const Table& t = *in.table;
  size_t rows = t.num_rows();
  std::string kind = OptionName(op, "kind");
  if (kind.empty()) kind = "simple";
  if (kind != "simple" && kind != "regex" && kind != "relaxed") {
    return Error(op.span, "parse kind must be simple, relaxed or regex, not '" + kind + "'");
  }
  std::string flags = OptionName(op, "flags");
  std::string pattern = "^";
  if (!flags.empty()) {
    std::string f;
    for (char c : flags) {
      if (c == 'i' || c == 'm' || c == 's' || c == 'U') f += c;
    }
    if (!f.empty()) pattern = "(?" + f + ")^";
  }
  struct Capture {
    std::string name;
    Type type;
  };
  std::vector<Capture> captures;
  for (size_t i = 0; i < op.parse_parts.size(); ++i) {
    const ParsePart& p = op.parse_parts[i];
    bool last = i + 1 == op.parse_parts.size();
    if (p.is_literal) {
      pattern += kind == "regex" ? p.text : RE2::QuoteMeta(p.text);
    } else if (p.text.empty()) {
      // Regex mode is greedy unless flags has U: in Kusto's engine "abc123def" parsed
      // with letters:string @"\d+" gives letters "abc12". Numeric captures take a number.
      pattern += last || kind == "regex" ? ".*" : ".*?";
    } else {
      Type type = p.type ? *p.type : Type::kString;
      std::string number = type == Type::kLong || type == Type::kInt ? "-?\\d+"
                            : type == Type::kReal || type == Type::kDecimal
                                ? "-?\\d+(?:\\.\\d*)?(?:[eE][+-]?\\d+)?"
                                : "";
      // Named groups: a regex-mode delimiter may hold groups of its own ("(.*?)totalSlices=").
      std::string group = "(?P<quarry_c" + std::to_string(captures.size()) + ">";
      if (!number.empty()) {
        // Relaxed mode: text that is no number still matches, and the capture is null.
        pattern += kind == "relaxed" ? group + number + "|.*?)" : group + number + ")";
      } else {
        pattern += group + (last || kind == "regex" ? ".*)" : ".*?)");
      }
      captures.push_back({p.text, type});
    }
  }
  RE2 re(pattern);
  if (!re.ok()) return Error(op.span, "the parse pattern is not a valid regular expression: " + re.error());
  RowContext ctx{&t.schema(), in.name, scope, false};
  QUARRY_ASSIGN_OR_RETURN(auto b, Bind(*op.expr, ctx));
  auto d = kql::Evaluate(*b, t, Context(rows));
  if (!d.ok()) return Wrap(op.expr->span, d.status());
  ColumnPtr source = DatumToColumn(*d, rows);
  std::vector<ColumnBuilder> builders;
  for (const auto& c : captures) builders.emplace_back(c.type);
  std::vector<re2::StringPiece> groups(re.NumberOfCapturingGroups() + 1);
  std::vector<int> group_of(captures.size());
  for (size_t k = 0; k < captures.size(); ++k) {
    group_of[k] = re.NamedCapturingGroups().at("quarry_c" + std::to_string(k));
  }
  std::vector<uint32_t> kept;
  bool where = op.kind == OpKind::kParseWhere;
  for (size_t r = 0; r < rows; ++r) {
    std::string text;
    if (!source->IsNull(r)) {
      text = source->type() == Type::kString ? std::string(source->str(r))
                                             : source->GetValue(r).ToString();
    }
    bool matched = re.Match(text, 0, text.size(), RE2::UNANCHORED, groups.data(),
                            static_cast<int>(groups.size()));
    if (where && !matched) continue;
    std::vector<Value> values;
    bool convertible = true;
    for (size_t k = 0; k < captures.size(); ++k) {
      Type type = captures[k].type;
      const re2::StringPiece& g = groups[group_of[k]];
      if (!matched || g.data() == nullptr) {
        values.push_back(type == Type::kString && !matched ? Value::String("") : Value::Null(type));
        continue;
      }
      std::string piece(g.data(), g.size());
      // A typed capture ignores the whitespace around it ("02/17/2016 08:40:01\n").
      if (type != Type::kString) {
        size_t from = piece.find_first_not_of(" \t\r\n");
        size_t to = piece.find_last_not_of(" \t\r\n");
        piece = from == std::string::npos ? "" : piece.substr(from, to - from + 1);
      }
      values.push_back(JsonToValue(Json(piece), type));
      convertible &= !(values.back().is_null() && type != Type::kString);
    }
    if (where && !convertible) continue;  // parse-where drops rows whose captures don't convert
    kept.push_back(static_cast<uint32_t>(r));
    for (size_t k = 0; k < captures.size(); ++k) builders[k].AppendValue(values[k]);
  }
  TablePtr base = kept.size() == rows ? in.table : GatherRows(t, kept);
  std::vector<std::string> names;
  for (const auto& f : base->schema().fields()) names.push_back(f.name);
  std::vector<ColumnPtr> cols = base->columns();
  for (size_t k = 0; k < captures.size(); ++k) {
    ColumnPtr c = builders[k].Finish();
    auto it = std::find(names.begin(), names.end(), captures[k].name);
    if (it != names.end()) {
      cols[it - names.begin()] = c;
    } else {
      names.push_back(captures[k].name);
      cols.push_back(c);
    }
  }
  return Rel{MakeTable(std::move(names), std::move(cols), kept.size()), in.name};
}

namespace {

// `evaluate plugin(...) : (*, Name:type, ...)`: the plugin's output shaped to the schema. `*`
// stands for the plugin's columns that came from its input and are not listed; a listed
// column is converted to its type, or is all nulls when the plugin did not produce it.
Result<Rel> ShapeToSchema(const Operator& op, const Rel& in, Rel out) {
  const Table& t = *out.table;
  std::vector<std::string> names;
  std::vector<ColumnPtr> cols;
  for (size_t k = 0; k < op.columns.size(); ++k) {
    if (op.columns[k] == "*") {
      for (size_t c = 0; c < t.num_columns(); ++c) {
        const std::string& n = t.schema().field(c).name;
        bool listed = std::find(op.columns.begin(), op.columns.end(), n) != op.columns.end();
        if (!listed && in.table->schema().IndexOf(n)) {
          names.push_back(n);
          cols.push_back(t.column(c));
        }
      }
      continue;
    }
    Type type = *op.column_types[k];
    auto idx = t.schema().IndexOf(op.columns[k]);
    ColumnBuilder b(type);
    for (size_t r = 0; r < t.num_rows(); ++r) {
      Value v = idx ? t.column(*idx)->GetValue(r) : Value::Null(type);
      if (v.is_null()) {
        b.AppendValue(type == Type::kString ? Value::String("") : Value::Null(type));
        continue;
      }
      Json j = v.type() == Type::kString    ? Json(v.string_value())
               : v.type() == Type::kDynamic ? v.dynamic_value()
                                            : fn::ToJson(v);
      b.AppendValue(JsonToValue(j, type));
    }
    names.push_back(op.columns[k]);
    cols.push_back(b.Finish());
  }
  return Rel{MakeTable(std::move(names), std::move(cols), t.num_rows()), out.name};
}

}  // namespace

Result<Rel> Executor::Evaluate(const Operator& op, Rel in, const ScopePtr& scope) {
  if (!op.columns.empty()) {
    Operator plain = op;
    plain.columns.clear();
    plain.column_types.clear();
    QUARRY_ASSIGN_OR_RETURN(Rel out, Evaluate(plain, in, scope));
    return ShapeToSchema(op, in, std::move(out));
  }
  if (!op.expr || op.expr->kind != ExprKind::kCall) {
    return Error(op.span, "evaluate needs a plugin call, like `evaluate bag_unpack(col)`");
  }
  const Expr& call = *op.expr;
  if (call.name == "ipv4_lookup" || call.name == "ipv6_lookup") {
    return IpLookup(call, std::move(in), scope);
  }
  if (call.name == "rows_near") return RowsNear(call, std::move(in), scope);
  if (call.name == "rolling_percentile") return RollingPercentile(call, std::move(in), scope);
  if (call.name == "sliding_window_counts") return SlidingWindowCounts(call, std::move(in), scope);
  if (call.name == "dcount_intersect") return DcountIntersect(call, std::move(in), scope);
  if (call.name == "activity_counts_metrics") {
    return ActivityCountsMetrics(call, std::move(in), scope);
  }
  if (call.name == "activity_metrics") return ActivityMetrics(call, std::move(in), scope);
  if (call.name == "new_activity_metrics") return NewActivityMetrics(call, std::move(in), scope);
  if (call.name == "active_users_count") return ActiveUsersCount(call, std::move(in), scope);
  if (call.name == "schema_merge") return SchemaMerge(call, std::move(in), scope);
  if (call.name != "bag_unpack") {
    return Error(call.span, "the evaluate plugin '" + call.name + "' is not supported (Quarry "
                            "supports bag_unpack, ipv4_lookup, ipv6_lookup, rows_near, "
                            "rolling_percentile, sliding_window_counts, dcount_intersect, "
                            "activity_counts_metrics, activity_metrics, new_activity_metrics, "
                            "active_users_count, schema_merge)");
  }
  if (call.args.empty()) return Error(call.span, "bag_unpack() needs the dynamic column");
  const Table& t = *in.table;
  RowContext ctx{&t.schema(), in.name, scope, false};
  QUARRY_ASSIGN_OR_RETURN(auto b, Bind(*call.args[0], ctx));
  auto d = kql::Evaluate(*b, t, Context(t.num_rows()));
  if (!d.ok()) return Wrap(call.args[0]->span, d.status());
  ColumnPtr bags = DatumToColumn(*d, t.num_rows());
  // bag_unpack(col [, prefix] [, OutputColumnPrefix=, columnsConflict=, ignoredProperties=]).
  std::string prefix, conflict = "replace_source";
  std::vector<std::string> ignored;
  for (size_t k = 1; k < call.args.size(); ++k) {
    const Expr& a = *call.args[k];
    bool named = a.kind == ExprKind::kNamedArg && !a.args.empty();
    QUARRY_ASSIGN_OR_RETURN(Value v, EvalConstant(named ? *a.args[0] : a, scope));
    if (!named || a.name == "OutputColumnPrefix") {
      prefix = v.ToString();
    } else if (a.name == "columnsConflict") {
      conflict = v.ToString();
      if (conflict != "replace_source" && conflict != "keep_source" && conflict != "error") {
        return Error(a.span, "bag_unpack(): columnsConflict must be 'error', 'replace_source' or "
                             "'keep_source'");
      }
    } else if (a.name == "ignoredProperties") {
      if (v.type() != Type::kDynamic || v.is_null() || !v.dynamic_value().is_array()) {
        return Error(a.span, "bag_unpack(): ignoredProperties must be a dynamic array of names");
      }
      for (const auto& n : v.dynamic_value()) {
        if (n.is_string()) ignored.push_back(n.get<std::string>());
      }
    } else {
      return Error(a.span, "bag_unpack(): unknown option '" + a.name +
                               "' (OutputColumnPrefix, columnsConflict, ignoredProperties)");
    }
  }
  std::vector<std::string> keys;
  for (size_t r = 0; r < bags->size(); ++r) {
    if (bags->IsNull(r) || bags->type() != Type::kDynamic) continue;
    const Json& j = *bags->dynamic(r);
    if (!j.is_object()) continue;
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (std::find(ignored.begin(), ignored.end(), it.key()) != ignored.end()) continue;
      if (std::find(keys.begin(), keys.end(), it.key()) == keys.end()) keys.push_back(it.key());
    }
  }
  std::sort(keys.begin(), keys.end());  // Kusto orders unpacked columns by name
  std::vector<std::string> names;
  std::vector<ColumnPtr> cols;
  std::string source_name = DefaultColumnName(*call.args[0]);
  for (size_t c = 0; c < t.num_columns(); ++c) {
    if (t.schema().field(c).name == source_name) continue;
    names.push_back(t.schema().field(c).name);
    cols.push_back(t.column(c));
  }
  for (const auto& key : keys) {
    std::vector<const Json*> values(bags->size(), nullptr);
    for (size_t r = 0; r < bags->size(); ++r) {
      if (bags->IsNull(r) || bags->type() != Type::kDynamic) continue;
      const Json& j = *bags->dynamic(r);
      if (j.is_object() && j.contains(key)) values[r] = &j[key];
    }
    Type type = InferJsonType(values);
    ColumnBuilder builder(type);
    for (const Json* v : values) {
      if (v) {
        builder.AppendValue(JsonToValue(*v, type));
      } else {
        builder.AppendValue(type == Type::kString ? Value::String("") : Value::Null(type));
      }
    }
    std::string name = prefix + key;
    auto it = std::find(names.begin(), names.end(), name);
    if (it != names.end() && conflict == "error") {
      return Error(call.span, "bag_unpack(): the property '" + key + "' would replace the column '" +
                                  name + "' (columnsConflict='replace_source' or 'keep_source' "
                                  "decides)");
    }
    if (it != names.end()) {
      if (conflict == "replace_source") cols[it - names.begin()] = builder.Finish();
    } else {
      names.push_back(name);
      cols.push_back(builder.Finish());
    }
  }
  return Rel{MakeTable(std::move(names), std::move(cols), t.num_rows()), in.name};
}

Result<Rel> Executor::Search(const Operator& op, const Rel* in, const ScopePtr& scope) {
  std::vector<Rel> tables;
  if (in) {
    tables.push_back(*in);
  } else {
    std::vector<std::string> names = op.columns;
    if (names.empty()) names = catalog_.TableNames();
    for (const auto& pattern : names) {
      if (pattern.find('*') != std::string::npos) {
        for (const auto& n : catalog_.TableNames()) {
          if (WildcardMatch(pattern, n)) {
            QUARRY_ASSIGN_OR_RETURN(Rel r, ResolveTableName(n, op.span, scope));
            tables.push_back(r);
          }
        }
        continue;
      }
      QUARRY_ASSIGN_OR_RETURN(Rel r, ResolveTableName(pattern, op.span, scope));
      tables.push_back(r);
    }
  }
  std::vector<Rel> hits;
  for (auto& rel : tables) {
    const Schema& s = rel.table->schema();
    // A bare string term means: some column has the term.
    std::function<ExprPtr(const ExprPtr&)> rewrite = [&](const ExprPtr& e) -> ExprPtr {
      bool term = e->kind == ExprKind::kLiteral && !e->value.is_null() &&
                  e->value.type() == Type::kString;
      bool star_op = e->kind == ExprKind::kCall && e->args.size() == 2 &&
                     e->args[0]->kind == ExprKind::kStar;
      if (term || star_op) {
        std::string opname = term ? "has" : e->name;
        ExprPtr value = term ? e : e->args[1];
        ExprPtr acc;
        for (const auto& f : s.fields()) {
          auto col = std::make_shared<Expr>();
          col->kind = ExprKind::kName;
          col->name = f.name;
          col->span = e->span;
          ExprPtr operand = col;
          if (f.type != Type::kString) {
            auto cast = std::make_shared<Expr>();
            cast->kind = ExprKind::kCall;
            cast->name = "tostring";
            cast->span = e->span;
            cast->args = {col};
            operand = cast;
          }
          auto cmp = std::make_shared<Expr>();
          cmp->kind = ExprKind::kCall;
          cmp->name = opname;
          cmp->span = e->span;
          cmp->args = {operand, value};
          if (!acc) {
            acc = cmp;
          } else {
            auto orx = std::make_shared<Expr>();
            orx->kind = ExprKind::kCall;
            orx->name = "or";
            orx->span = e->span;
            orx->args = {acc, cmp};
            acc = orx;
          }
        }
        if (!acc) {
          auto f = std::make_shared<Expr>();
          f->kind = ExprKind::kLiteral;
          f->value = Value::Bool(false);
          return f;
        }
        return acc;
      }
      if (e->kind == ExprKind::kCall && (e->name == "and" || e->name == "or" || e->name == "not")) {
        auto copy = std::make_shared<Expr>(*e);
        for (auto& a : copy->args) a = rewrite(a);
        return copy;
      }
      return e;
    };
    Operator where;
    where.kind = OpKind::kWhere;
    where.span = op.span;
    where.expr = rewrite(op.expr);
    QUARRY_ASSIGN_OR_RETURN(Rel filtered, Where(where, rel, scope));
    hits.push_back(std::move(filtered));
  }
  if (in) return hits[0];
  // Source form: union of the hits with a $table column.
  std::vector<Rel> legs = hits;
  std::vector<std::string> names{"$table"};
  std::vector<Field> fields;
  for (const auto& h : legs) {
    for (const auto& f : h.table->schema().fields()) {
      if (std::find(fields.begin(), fields.end(), f) == fields.end()) fields.push_back(f);
    }
  }
  ColumnBuilder source(Type::kString);
  size_t total = 0;
  for (const auto& h : legs) {
    for (size_t i = 0; i < h.table->num_rows(); ++i) source.AppendString(h.name);
    total += h.table->num_rows();
  }
  std::vector<ColumnPtr> cols{source.Finish()};
  for (const auto& f : fields) {
    std::vector<ColumnPtr> parts;
    for (const auto& h : legs) {
      auto idx = h.table->schema().IndexOf(f.name);
      if (idx && h.table->schema().field(*idx).type == f.type) parts.push_back(h.table->column(*idx));
      else parts.push_back(Column::MakeNulls(f.type, h.table->num_rows()));
    }
    names.push_back(UniqueName(f.name, names));
    cols.push_back(parts.empty() ? Column::MakeNulls(f.type, 0) : Column::Concat(parts));
  }
  return Rel{MakeTable(std::move(names), std::move(cols), total), "search"};
}

}  // namespace quarry::kql
