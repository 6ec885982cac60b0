// The parse-kv operator: `parse-kv Expr as (key:type, ...) [with (options)]` adds one column per
// listed key with the value found in the text (null when absent or not convertible; "" for a
// missing string). Three modes, as Kusto documents them:
//   - regex=@'...': every match of a pattern with two groups gives a key (group 1) and a value;
//   - pair_delimiter / kv_delimiter (with optional quote, escape, greedy=true): the text is read
//     as key<kv>value<pair>key<kv>value..., keys and values optionally quoted (quote is one
//     character, or two: open and close); greedy values run up to the next "key<kv>";
//   - neither: each listed key is looked for as a whole word, any non-alphanumeric characters
//     after it are delimiters, and the value is a quoted string or a run of letters and digits.
// The first occurrence of a key wins.
#include <re2/re2.h>

#include <map>

#include "kql/executor_impl.h"
#include "kql/json_convert.h"

namespace quarry::kql {
namespace {

struct KvOptions {
  std::string pair, kv;
  char open = 0, close = 0, escape = 0;
  bool greedy = false;
};

bool IsAlnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Reads a quoted token at text[pos] (an open quote); advances pos past the close quote.
std::string ReadQuoted(std::string_view text, size_t& pos, const KvOptions& o) {
  std::string out;
  ++pos;
  while (pos < text.size() && text[pos] != o.close) {
    if (o.escape && text[pos] == o.escape && pos + 1 < text.size()) ++pos;
    out += text[pos++];
  }
  if (pos < text.size()) ++pos;
  return out;
}

bool AtKeyStart(std::string_view text, size_t pos, const KvOptions& o) {
  // A following "key<kv>" (greedy values stop before one).
  if (o.open && pos < text.size() && text[pos] == o.open) return true;
  size_t kv = text.find(o.kv, pos);
  if (kv == std::string_view::npos) return false;
  size_t pair = text.find(o.pair, pos);
  return pair == std::string_view::npos || kv < pair;
}

std::map<std::string, std::string> SplitDelimited(std::string_view text, const KvOptions& o) {
  std::map<std::string, std::string> out;
  size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && text.compare(pos, o.pair.size(), o.pair) == 0) pos += o.pair.size();
    if (pos >= text.size()) break;
    std::string key;
    if (o.open && text[pos] == o.open) {
      key = ReadQuoted(text, pos, o);
      if (text.compare(pos, o.kv.size(), o.kv) != 0) continue;
    } else {
      size_t kv = text.find(o.kv, pos), pair = text.find(o.pair, pos);
      if (kv == std::string_view::npos) break;
      if (pair != std::string_view::npos && pair < kv) {  // a token without a value
        pos = pair;
        continue;
      }
      key = std::string(TrimSpaces(text.substr(pos, kv - pos)));
      pos = kv;
    }
    pos += o.kv.size();
    std::string value;
    if (o.open && pos < text.size() && text[pos] == o.open) {
      value = ReadQuoted(text, pos, o);
    } else {
      size_t end = text.find(o.pair, pos);
      while (o.greedy && end != std::string_view::npos &&
             !AtKeyStart(text, end + o.pair.size(), o)) {
        end = text.find(o.pair, end + o.pair.size());
      }
      if (end == std::string_view::npos) end = text.size();
      value = std::string(TrimSpaces(text.substr(pos, end - pos)));
      pos = end;
    }
    out.emplace(key, value);
  }
  return out;
}

std::optional<std::string> FindLoose(std::string_view text, const std::string& key,
                                     const KvOptions& o) {
  for (size_t at = text.find(key); at != std::string_view::npos; at = text.find(key, at + 1)) {
    size_t end = at + key.size();
    if ((at > 0 && IsAlnum(text[at - 1])) || (end < text.size() && IsAlnum(text[end]))) continue;
    size_t pos = end;
    while (pos < text.size() && !IsAlnum(text[pos]) && !(o.open && text[pos] == o.open)) ++pos;
    if (pos == end) continue;
    if (o.open && pos < text.size() && text[pos] == o.open) return ReadQuoted(text, pos, o);
    size_t stop = pos;
    while (stop < text.size() && IsAlnum(text[stop])) ++stop;
    return std::string(text.substr(pos, stop - pos));
  }
  return std::nullopt;
}

}  // namespace

Result<Rel> Executor::ParseKv(const Operator& op, Rel in, const ScopePtr& scope) {
  const Table& t = *in.table;
  size_t rows = t.num_rows();
  KvOptions o;
  std::string regex;
  for (const auto& [name, expr] : op.options) {
    QUARRY_ASSIGN_OR_RETURN(Value v, EvalConstant(*expr, scope));
    std::string text = v.is_null() ? "" : v.ToString();
    if (name == "pair_delimiter") {
      o.pair = text;
    } else if (name == "kv_delimiter") {
      o.kv = text;
    } else if (name == "quote") {
      if (text.empty() || text.size() > 2) {
        return Error(expr->span, "parse-kv: quote takes one character, or two (open and close)");
      }
      o.open = text[0];
      o.close = text.back();
    } else if (name == "escape") {
      if (text.size() != 1) return Error(expr->span, "parse-kv: escape takes one character");
      o.escape = text[0];
    } else if (name == "greedy") {
      o.greedy = v.type() == Type::kBool && !v.is_null() && v.int_value() != 0;
    } else if (name == "regex") {
      regex = text;
    } else {
      return Error(expr->span,
                   "parse-kv: unknown option '" + name +
                       "' (pair_delimiter, kv_delimiter, quote, escape, greedy, regex)");
    }
  }
  if (o.pair.empty() != o.kv.empty()) {
    return Error(op.span, "parse-kv needs both pair_delimiter and kv_delimiter, or neither");
  }
  std::unique_ptr<RE2> re;
  if (!regex.empty()) {
    re = std::make_unique<RE2>(regex, RE2::Quiet);
    if (!re->ok() || re->NumberOfCapturingGroups() != 2) {
      return Error(op.options.at("regex")->span,
                   "parse-kv: regex must be a valid pattern with two groups (key and value)");
    }
  }
  RowContext ctx{&t.schema(), in.name, scope, false};
  QUARRY_ASSIGN_OR_RETURN(auto bound, Bind(*op.expr, ctx));
  auto d = kql::Evaluate(*bound, t, Context(rows));
  if (!d.ok()) return Wrap(op.expr->span, d.status());
  ColumnPtr source = DatumToColumn(*d, rows);
  std::vector<ColumnBuilder> builders;
  for (const auto& type : op.column_types) builders.emplace_back(type ? *type : Type::kString);
  for (size_t r = 0; r < rows; ++r) {
    std::string text;
    if (!source->IsNull(r)) {
      text = source->type() == Type::kString ? std::string(source->str(r))
                                             : source->GetValue(r).ToString();
    }
    std::map<std::string, std::string> found;
    if (re) {
      re2::StringPiece input(text), key, value;
      while (RE2::FindAndConsume(&input, *re, &key, &value)) {
        found.emplace(std::string(key), std::string(value));
        if (key.empty() && value.empty()) break;
      }
    } else if (!o.pair.empty()) {
      found = SplitDelimited(text, o);
    }
    for (size_t k = 0; k < op.columns.size(); ++k) {
      Type type = op.column_types[k] ? *op.column_types[k] : Type::kString;
      std::optional<std::string> value;
      if (re || !o.pair.empty()) {
        auto it = found.find(op.columns[k]);
        if (it != found.end()) value = it->second;
      } else {
        value = FindLoose(text, op.columns[k], o);
      }
      if (!value) {
        builders[k].AppendValue(type == Type::kString ? Value::String("") : Value::Null(type));
      } else {
        builders[k].AppendValue(JsonToValue(Json(*value), type));
      }
    }
  }
  std::vector<std::string> names;
  for (const auto& f : t.schema().fields()) names.push_back(f.name);
  std::vector<ColumnPtr> cols = t.columns();
  for (size_t k = 0; k < op.columns.size(); ++k) {
    ColumnPtr c = builders[k].Finish();
    auto it = std::find(names.begin(), names.end(), op.columns[k]);
    if (it != names.end()) {
      cols[it - names.begin()] = c;
    } else {
      names.push_back(op.columns[k]);
      cols.push_back(c);
    }
  }
  return Rel{MakeTable(std::move(names), std::move(cols), rows), in.name};
}

}  // namespace quarry::kql
