// join (every kind), lookup and union.
#include <algorithm>
#include <map>

#include "kql/executor_impl.h"
#include "kql/grouper.h"

namespace quarry::kql {
namespace {

struct KeyPair {
  ExprPtr left;
  ExprPtr right;
};

ExprPtr StripSide(const ExprPtr& e, std::string_view side) {
  if (e->kind == ExprKind::kMember && e->args[0]->kind == ExprKind::kName &&
      e->args[0]->name == side) {
    auto n = std::make_shared<Expr>();
    n->kind = ExprKind::kName;
    n->span = e->span;
    n->name = e->name;
    return n;
  }
  return nullptr;
}

void SplitAnd(const ExprPtr& e, std::vector<ExprPtr>* out) {
  if (e->kind == ExprKind::kCall && e->name == "and") {
    SplitAnd(e->args[0], out);
    SplitAnd(e->args[1], out);
  } else {
    out->push_back(e);
  }
}

ColumnPtr WidenKey(ColumnPtr c) {
  if (c->type() != Type::kInt) return c;
  ColumnBuilder b(Type::kLong);
  b.Reserve(c->size());
  for (size_t i = 0; i < c->size(); ++i) {
    if (c->IsNull(i)) b.AppendNull();
    else b.AppendLong(c->ints()[i]);
  }
  return b.Finish();
}

}  // namespace

Result<Rel> Executor::Join(const Operator& op, Rel left, const ScopePtr& scope) {
  bool lookup = op.kind == OpKind::kLookup;
  std::string kind = lookup ? "leftouter" : "innerunique";
  if (auto it = op.options.find("kind"); it != op.options.end() && it->second) {
    kind = it->second->kind == ExprKind::kName ? it->second->name : it->second->value.ToString();
  }
  if (kind == "anti" || kind == "leftantisemi") kind = "leftanti";
  if (kind == "rightantisemi") kind = "rightanti";
  if (kind == "semi") kind = "leftsemi";
  static const std::vector<std::string> kKinds = {"innerunique", "inner", "leftouter",
                                                  "rightouter", "fullouter", "leftanti",
                                                  "rightanti", "leftsemi", "rightsemi"};
  if (std::find(kKinds.begin(), kKinds.end(), kind) == kKinds.end() ||
      (lookup && kind != "leftouter" && kind != "inner")) {
    return Error(op.span, "unknown " + op.name + " kind '" + kind + "'");
  }
  QUARRY_ASSIGN_OR_RETURN(Rel right, RunPipeline(*op.subqueries[0], scope));
  if (op.exprs.empty()) {
    return Error(op.span, op.name + " needs `on` with the columns to match");
  }
  std::vector<KeyPair> pairs;
  for (const auto& cond : op.exprs) {
    std::vector<ExprPtr> parts;
    SplitAnd(cond, &parts);
    for (const auto& p : parts) {
      if (p->kind == ExprKind::kName) {
        pairs.push_back({p, p});
        continue;
      }
      if (p->kind == ExprKind::kCall && p->name == "==" && p->args.size() == 2) {
        ExprPtr l = StripSide(p->args[0], "$left"), r = StripSide(p->args[1], "$right");
        if (!l || !r) {
          l = StripSide(p->args[1], "$left");
          r = StripSide(p->args[0], "$right");
        }
        if (l && r) {
          pairs.push_back({l, r});
          continue;
        }
      }
      return Error(p->span, "a join condition must be a column name or `$left.a == $right.b`");
    }
  }
  const Table& lt = *left.table;
  const Table& rt = *right.table;
  RowContext lctx{&lt.schema(), left.name, scope, false};
  RowContext rctx{&rt.schema(), right.name, scope, false};
  std::vector<ColumnPtr> lkeys, rkeys;
  for (const auto& kp : pairs) {
    QUARRY_ASSIGN_OR_RETURN(auto lb, Bind(*kp.left, lctx));
    QUARRY_ASSIGN_OR_RETURN(auto rb, Bind(*kp.right, rctx));
    auto ld = kql::Evaluate(*lb, lt, Context(lt.num_rows()));
    if (!ld.ok()) return Wrap(kp.left->span, ld.status());
    auto rd = kql::Evaluate(*rb, rt, Context(rt.num_rows()));
    if (!rd.ok()) return Wrap(kp.right->span, rd.status());
    ColumnPtr lc = WidenKey(DatumToColumn(*ld, lt.num_rows()));
    ColumnPtr rc = WidenKey(DatumToColumn(*rd, rt.num_rows()));
    if (lc->type() != rc->type()) {
      return Error(kp.left->span, "join keys must have the same type: '" +
                                      kp.left->name + "' is " + std::string(TypeName(lc->type())) +
                                      " on the left and " + std::string(TypeName(rc->type())) +
                                      " on the right");
    }
    lkeys.push_back(lc);
    rkeys.push_back(rc);
  }
  std::vector<Type> types;
  for (const auto& k : rkeys) types.push_back(k->type());
  Grouper build(types);
  std::vector<uint32_t> rids;
  build.Add(rkeys, rt.num_rows(), &rids);
  std::vector<std::vector<uint32_t>> rows_of(build.num_groups());
  auto has_null_key = [](const std::vector<ColumnPtr>& keys, size_t i) {
    for (const auto& k : keys) {
      if (k->IsNull(i) && k->type() != Type::kString) return true;
    }
    return false;
  };
  for (size_t i = 0; i < rids.size(); ++i) {
    if (!has_null_key(rkeys, i)) rows_of[rids[i]].push_back(static_cast<uint32_t>(i));
  }
  std::vector<int64_t> lids;
  build.Find(lkeys, lt.num_rows(), &lids);
  std::vector<uint8_t> left_keep(lt.num_rows(), 1);
  if (kind == "innerunique") {
    Grouper seen(types);
    std::vector<uint32_t> sids;
    seen.Add(lkeys, lt.num_rows(), &sids);
    std::vector<uint8_t> first(seen.num_groups(), 1);
    for (size_t i = 0; i < sids.size(); ++i) {
      left_keep[i] = first[sids[i]];
      first[sids[i]] = 0;
    }
  }
  // The kind as flags, decided once (not per row).
  const bool left_anti = kind == "leftanti", left_semi = kind == "leftsemi";
  const bool right_only = kind == "rightanti" || kind == "rightsemi";
  const bool keep_unmatched_left = kind == "leftouter" || kind == "fullouter";
  const bool keep_unmatched_right = kind == "rightouter" || kind == "fullouter";
  std::vector<uint32_t> li, ri;  // output pairs; kNoRow = null side
  static constexpr uint32_t kNoRow = UINT32_MAX;
  std::vector<uint8_t> right_matched(rt.num_rows(), 0);
  const bool nullable_left_keys = std::any_of(lkeys.begin(), lkeys.end(), [](const ColumnPtr& k) {
    return k->type() != Type::kString && !k->validity().AllValid();
  });
  if (!left_anti && !left_semi && !right_only) {
    li.reserve(lt.num_rows());
    ri.reserve(lt.num_rows());
  }
  for (size_t i = 0; i < lt.num_rows(); ++i) {
    if (!left_keep[i]) continue;
    const std::vector<uint32_t>* matches =
        (lids[i] >= 0 && !(nullable_left_keys && has_null_key(lkeys, i))) ? &rows_of[lids[i]]
                                                                           : nullptr;
    bool any = matches && !matches->empty();
    if (left_anti) {
      if (!any) li.push_back(static_cast<uint32_t>(i));
      continue;
    }
    if (left_semi) {
      if (any) li.push_back(static_cast<uint32_t>(i));
      continue;
    }
    if (any) {
      for (uint32_t r : *matches) {
        right_matched[r] = 1;
        if (right_only) continue;
        li.push_back(static_cast<uint32_t>(i));
        ri.push_back(r);
      }
    } else if (keep_unmatched_left) {
      li.push_back(static_cast<uint32_t>(i));
      ri.push_back(kNoRow);
    }
  }
  if (left_anti || left_semi) return Rel{GatherRows(lt, li), left.name};
  if (right_only) {
    std::vector<uint32_t> out;
    const uint8_t want = kind == "rightsemi" ? 1 : 0;
    for (size_t r = 0; r < rt.num_rows(); ++r) {
      if (right_matched[r] == want) out.push_back(static_cast<uint32_t>(r));
    }
    return Rel{GatherRows(rt, out), right.name};
  }
  if (keep_unmatched_right) {
    for (size_t r = 0; r < rt.num_rows(); ++r) {
      if (!right_matched[r]) {
        li.push_back(kNoRow);
        ri.push_back(static_cast<uint32_t>(r));
      }
    }
  }
  auto gather_nullable = [](const Column& c, const std::vector<uint32_t>& idx) {
    bool any_null = std::find(idx.begin(), idx.end(), kNoRow) != idx.end();
    if (!any_null) return Column::Gather(c, idx);
    ColumnBuilder b(c.type());
    b.Reserve(idx.size());
    for (uint32_t i : idx) {
      if (i == kNoRow) b.AppendNull();
      else b.AppendFrom(c, i);
    }
    return b.Finish();
  };
  std::vector<std::string> names;
  std::vector<ColumnPtr> cols;
  // Every left row once, in order (an inner join whose keys all match one row): no gather.
  bool left_identity = li.size() == lt.num_rows();
  for (size_t k = 0; left_identity && k < li.size(); ++k) left_identity = li[k] == k;
  for (size_t c = 0; c < lt.num_columns(); ++c) {
    names.push_back(lt.schema().field(c).name);
    cols.push_back(left_identity ? lt.column(c) : gather_nullable(*lt.column(c), li));
  }
  for (size_t c = 0; c < rt.num_columns(); ++c) {
    const std::string& n = rt.schema().field(c).name;
    if (lookup) {
      bool is_key = false;
      for (const auto& kp : pairs) is_key |= kp.right->name == n;
      if (is_key) continue;
    }
    names.push_back(UniqueName(n, names));
    cols.push_back(gather_nullable(*rt.column(c), ri));
  }
  return Rel{MakeTable(std::move(names), std::move(cols), li.size()), left.name};
}

Result<Rel> Executor::Union(const Operator& op, const Rel* in, const ScopePtr& scope) {
  std::vector<Rel> legs;
  bool fuzzy = false;
  if (auto it = op.options.find("isfuzzy"); it != op.options.end() && it->second) {
    fuzzy = (it->second->kind == ExprKind::kName && it->second->name == "true") ||
            (it->second->kind == ExprKind::kLiteral && !it->second->value.is_null() &&
             it->second->value.type() == Type::kBool && it->second->value.bool_value());
  }
  if (in) legs.push_back(*in);
  for (const auto& sub : op.subqueries) {
    const Operator& first = sub->ops[0];
    if (first.kind == OpKind::kTable && sub->ops.size() == 1 &&
        first.name.find('*') != std::string::npos) {
      std::vector<std::string> names = catalog_.TableNames();
      std::sort(names.begin(), names.end());
      for (const auto& n : names) {
        if (!WildcardMatch(first.name, n)) continue;
        auto t = catalog_.Scan(ScanRequest{n, {}, "", std::nullopt, std::nullopt}, &stats);
        if (!t.ok()) return Wrap(first.span, t.status());
        legs.push_back(Rel{*t, n});
      }
      continue;
    }
    auto saved = diagnostic;
    auto r = RunPipeline(*sub, scope);
    if (!r.ok()) {
      if (fuzzy) {
        diagnostic = saved;
        continue;
      }
      return r.status();
    }
    // A leg that only names a table or a let-bound view is that name in withsource.
    if (sub->ops.size() == 1 && first.kind == OpKind::kTable) r->name = first.name;
    legs.push_back(std::move(*r));
  }
  bool inner = false;
  if (auto it = op.options.find("kind"); it != op.options.end() && it->second) {
    inner = it->second->kind == ExprKind::kName && it->second->name == "inner";
  }
  std::string source_col;
  if (auto it = op.options.find("withsource"); it != op.options.end() && it->second) {
    source_col = it->second->kind == ExprKind::kName ? it->second->name
                                                     : it->second->value.ToString();
  }
  // Output columns: (name, type) in order of first appearance.
  std::vector<Field> fields;
  std::map<std::string, int> types_per_name;
  for (const auto& leg : legs) {
    for (const auto& f : leg.table->schema().fields()) {
      if (std::find(fields.begin(), fields.end(), f) == fields.end()) {
        fields.push_back(f);
        types_per_name[f.name]++;
      }
    }
  }
  if (inner) {
    std::vector<Field> kept;
    for (const auto& f : fields) {
      bool everywhere = true;
      for (const auto& leg : legs) {
        auto idx = leg.table->schema().IndexOf(f.name);
        everywhere &= idx && leg.table->schema().field(*idx).type == f.type;
      }
      if (everywhere) kept.push_back(f);
    }
    fields = kept;
  }
  std::vector<std::string> names;
  std::vector<ColumnPtr> cols;
  size_t total = 0;
  for (const auto& leg : legs) total += leg.table->num_rows();
  if (!source_col.empty()) {
    ColumnBuilder b(Type::kString);
    for (const auto& leg : legs) {
      for (size_t i = 0; i < leg.table->num_rows(); ++i) b.AppendString(leg.name);
    }
    names.push_back(source_col);
    cols.push_back(b.Finish());
  }
  for (const auto& f : fields) {
    std::vector<ColumnPtr> parts;
    for (const auto& leg : legs) {
      auto idx = leg.table->schema().IndexOf(f.name);
      if (idx && leg.table->schema().field(*idx).type == f.type) {
        parts.push_back(leg.table->column(*idx));
      } else {
        parts.push_back(Column::MakeNulls(f.type, leg.table->num_rows()));
      }
    }
    if (types_per_name[f.name] > 1) {
      // A typed name (x_long) gives way to a column that already has that name in some leg:
      // the typed one becomes x_long1 (union-operator-L174).
      std::vector<std::string> taken = names;
      for (const auto& [plain, count] : types_per_name) {
        if (count == 1) taken.push_back(plain);
      }
      names.push_back(UniqueName(f.name + "_" + std::string(TypeName(f.type)), taken));
    } else {
      names.push_back(UniqueName(f.name, names));
    }
    cols.push_back(parts.empty() ? Column::MakeNulls(f.type, 0)
                   : parts.size() == 1 ? parts[0]
                                       : Column::Concat(parts));
  }
  return Rel{MakeTable(std::move(names), std::move(cols), total),
             legs.size() == 1 ? legs[0].name : "union"};
}

}  // namespace quarry::kql
