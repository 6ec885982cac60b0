// The ipv4_lookup and ipv6_lookup evaluate plugins:
// `T | evaluate ipv4_lookup(Lookup, SourceIp, LookupNetwork [, return_unmatched = bool])` joins
// each row of T to the Lookup row whose network (an address with an optional /prefix; IPv4 for
// ipv4_lookup, IPv6 or IPv4 for ipv6_lookup) contains the row's address, the longest prefix
// winning. Output: T's columns, then Lookup's (for ipv6_lookup Lookup's first, as Kusto's
// examples show). Rows without a match are dropped, or kept with empty values when
// return_unmatched (a named or fourth argument) is true. Networks are hashed per prefix length, so
// a row costs one probe per distinct prefix length in the lookup table.
#include <arpa/inet.h>

#include <array>
#include <map>
#include <unordered_map>

#include "kql/executor_impl.h"

namespace quarry::kql {
namespace {

using Address = std::array<uint8_t, 16>;  // IPv4 as ::ffff:a.b.c.d

// Parses "addr[/prefix]"; the prefix counts bits of the 128-bit form (IPv4 prefixes + 96).
std::optional<std::pair<Address, int>> ParseNetwork(std::string_view text, bool v6) {
  std::string s(text);
  int prefix = -1;
  size_t slash = s.find('/');
  if (slash != std::string::npos) {
    std::string digits = s.substr(slash + 1);
    if (digits.empty() || digits.size() > 3 ||
        digits.find_first_not_of("0123456789") != std::string::npos) {
      return std::nullopt;
    }
    prefix = std::stoi(digits);
    s.resize(slash);
  }
  Address a{};
  in_addr v4;
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    a[10] = a[11] = 0xFF;
    std::memcpy(a.data() + 12, &v4, 4);
    if (prefix > 32) return std::nullopt;
    prefix = prefix < 0 ? 128 : prefix + 96;
  } else if (v6 && inet_pton(AF_INET6, s.c_str(), a.data()) == 1) {
    if (prefix > 128) return std::nullopt;
    if (prefix < 0) prefix = 128;
  } else {
    return std::nullopt;
  }
  return std::make_pair(a, prefix);
}

std::string MaskedKey(Address a, int prefix) {
  for (int k = 0; k < 16; ++k) {
    int bits = std::clamp(prefix - 8 * k, 0, 8);
    a[k] &= static_cast<uint8_t>(0xFF00 >> bits);
  }
  return std::string(a.begin(), a.end());
}

}  // namespace

Result<Rel> Executor::IpLookup(const Expr& call, Rel in, const ScopePtr& scope) {
  bool v6 = call.name == "ipv6_lookup";
  std::vector<const Expr*> args;
  bool return_unmatched = false;
  for (const auto& a : call.args) {
    if (a->kind != ExprKind::kNamedArg) {
      args.push_back(a.get());
      continue;
    }
    if (a->name != "return_unmatched" || a->args.empty()) {
      return Error(a->span, call.name + "(): unknown option '" + a->name + "' (return_unmatched)");
    }
    QUARRY_ASSIGN_OR_RETURN(Value v, EvalConstant(*a->args[0], scope));
    return_unmatched = v.type() == Type::kBool && !v.is_null() && v.int_value() != 0;
  }
  if (args.size() == 4) {  // return_unmatched given by position
    QUARRY_ASSIGN_OR_RETURN(Value v, EvalConstant(*args[3], scope));
    if (v.type() != Type::kBool) {
      return Error(args[3]->span,
                   call.name + "(): the fourth argument (return_unmatched) must be a bool");
    }
    return_unmatched = !v.is_null() && v.int_value() != 0;
    args.pop_back();
  }
  if (args.size() != 3) {
    return Error(call.span, call.name +
                                "() takes the lookup table, the address column and the "
                                "lookup table's network column");
  }
  QUARRY_ASSIGN_OR_RETURN(Rel lookup, EvalTabular(*args[0], scope));
  if (args[2]->kind != ExprKind::kName) {
    return Error(args[2]->span, call.name + "(): the network must be a column of the lookup table");
  }
  const Table& lt = *lookup.table;
  auto net_index = lt.schema().IndexOf(args[2]->name);
  if (!net_index) {
    return Error(args[2]->span, "column '" + args[2]->name + "' not found in the lookup table");
  }
  // Prefix length -> masked network -> the first lookup row with it.
  std::map<int, std::unordered_map<std::string, uint32_t>, std::greater<int>> networks;
  const Column& net = *lt.column(*net_index);
  for (size_t r = 0; r < lt.num_rows(); ++r) {
    if (net.IsNull(r)) continue;
    auto parsed = ParseNetwork(net.GetValue(r).ToString(), v6);
    if (!parsed) continue;
    networks[parsed->second].emplace(MaskedKey(parsed->first, parsed->second),
                                     static_cast<uint32_t>(r));
  }
  const Table& t = *in.table;
  size_t rows = t.num_rows();
  RowContext ctx{&t.schema(), in.name, scope, false};
  QUARRY_ASSIGN_OR_RETURN(auto bound, Bind(*args[1], ctx));
  auto d = kql::Evaluate(*bound, t, Context(rows));
  if (!d.ok()) return Wrap(args[1]->span, d.status());
  ColumnPtr ips = DatumToColumn(*d, rows);
  std::vector<uint32_t> kept;
  std::vector<std::optional<uint32_t>> match;
  for (size_t r = 0; r < rows; ++r) {
    std::optional<uint32_t> found;
    auto ip = ips->IsNull(r) ? std::nullopt : ParseNetwork(ips->GetValue(r).ToString(), v6);
    for (const auto& [prefix, table] : networks) {
      if (!ip || found) break;
      auto it = table.find(MaskedKey(ip->first, prefix));
      if (it != table.end()) found = it->second;
    }
    if (!found && !return_unmatched) continue;
    kept.push_back(static_cast<uint32_t>(r));
    match.push_back(found);
  }
  TablePtr base = kept.size() == rows ? in.table : GatherRows(t, kept);
  std::vector<std::string> names;
  std::vector<ColumnPtr> cols;
  auto add_source = [&] {
    for (size_t c = 0; c < base->num_columns(); ++c) {
      std::string name = base->schema().field(c).name;
      while (std::find(names.begin(), names.end(), name) != names.end()) name += "1";
      names.push_back(name);
      cols.push_back(base->column(c));
    }
  };
  if (!v6) add_source();
  for (size_t c = 0; c < lt.num_columns(); ++c) {
    ColumnBuilder b(lt.schema().field(c).type);
    for (const auto& m : match) {
      if (m) {
        b.AppendFrom(*lt.column(c), *m);
      } else if (lt.schema().field(c).type == Type::kString) {
        b.AppendString("");  // Kusto strings are empty, never null
      } else {
        b.AppendNull();
      }
    }
    std::string name = lt.schema().field(c).name;
    while (std::find(names.begin(), names.end(), name) != names.end()) name += "1";
    names.push_back(name);
    cols.push_back(b.Finish());
  }
  if (v6) add_source();
  return Rel{MakeTable(std::move(names), std::move(cols), kept.size()), in.name};
}

}  // namespace quarry::kql
