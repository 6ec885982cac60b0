#include "sources/source_catalog.h"

#include <fmt/format.h>

#include <cctype>
#include <cstdint>

#include "common/time.h"

namespace quarry::sources {
namespace {

constexpr char kItemId[] = "_ItemId";

// A column name as Kusto text: bare when it is a plain identifier, else ['name'].
std::string ColumnRef(const std::string& name) {
  bool plain = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0]));
  for (char c : name) {
    plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  }
  if (plain) return name;
  std::string out = "['";
  for (char c : name) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "']";
}

bool IsIntegral(Type t) { return t == Type::kInt || t == Type::kLong; }

// `column` (from the source) as a column of `want`; nullopt when that would lose information.
std::optional<ColumnPtr> Conform(const ColumnPtr& column, Type want) {
  if (column->type() == want) return column;
  const Type have = column->type();
  const bool to_string = want == Type::kString;
  const bool widen = (IsIntegral(have) && IsIntegral(want)) ||
                     ((IsIntegral(have) || have == Type::kReal || have == Type::kDecimal) &&
                      (want == Type::kReal || want == Type::kDecimal));
  if (!to_string && !widen) return std::nullopt;
  ColumnBuilder out(want);
  for (size_t i = 0; i < column->size(); ++i) {
    if (column->IsNull(i)) {
      out.AppendNull();
    } else if (to_string) {
      out.AppendString(have == Type::kDynamic ? column->dynamic(i)->dump()
                                              : column->GetValue(i).ToString());
    } else if (want == Type::kInt) {
      int64_t v = column->longs()[i];  // a long narrowed only when it fits
      if (v < INT32_MIN || v > INT32_MAX) return std::nullopt;
      out.AppendInt(static_cast<int32_t>(v));
    } else if (want == Type::kLong) {
      out.AppendLong(column->ints()[i]);
    } else if (IsIntegral(have)) {
      out.AppendReal(static_cast<double>(have == Type::kInt ? column->ints()[i] : column->longs()[i]));
    } else {
      out.AppendReal(column->reals()[i]);
    }
  }
  return out.Finish();
}

}  // namespace

std::optional<Schema> SourceCatalog::GetSchema(std::string_view table) const {
  return schemas_.Find(table);
}

std::optional<std::string> SourceCatalog::CanonicalName(std::string_view table) const {
  return schemas_.CanonicalName(table);
}

std::vector<Field> SourceCatalog::HiddenColumns(std::string_view table) const {
  if (options_.item_ids == ItemIds::kNone || !schemas_.Find(table)) return {};
  return {Field{kItemId, Type::kString}};
}

std::vector<std::string> SourceCatalog::TableNames() const { return schemas_.TableNames(); }

Result<std::string> SourceCatalog::ScanQuery(const kql::ScanRequest& request) const {
  auto name = schemas_.CanonicalName(request.table);
  auto time_column = schemas_.TimeColumn(request.table);
  if (!name) return NotFound("table '" + request.table + "' not found");
  if (!time_column || !request.min_time || !request.max_time ||
      (!request.time_column.empty() && request.time_column != *time_column)) {
    return InvalidArgument(fmt::format(
        "{} on a remote source is read only within a time window on {}", *name,
        time_column.value_or("its time column")));
  }
  std::string kql = *name;
  kql += fmt::format("\n| where {0} >= datetime({1}) and {0} <= datetime({2})", *time_column,
                     FormatDatetime(*request.min_time), FormatDatetime(*request.max_time));
  std::vector<std::string> asked;
  for (const auto& c : request.columns) {
    if (c != kItemId || options_.item_ids == ItemIds::kFromSource) asked.push_back(ColumnRef(c));
  }
  if (!asked.empty()) kql += fmt::format("\n| project {}", fmt::join(asked, ", "));
  kql += fmt::format("\n| take {}", options_.max_rows + 1);
  return kql;
}

Result<TablePtr> SourceCatalog::Scan(const kql::ScanRequest& request, kql::ScanStats* stats) const {
  QUARRY_ASSIGN_OR_RETURN(std::string kql, ScanQuery(request));
  auto schema = schemas_.Find(request.table);
  Schema wanted;
  if (request.columns.empty()) {
    wanted = *schema;
  } else {
    for (const auto& c : request.columns) {
      if (auto idx = schema->IndexOf(c)) {
        wanted.Add(schema->field(*idx));
      } else if (c == kItemId && options_.item_ids != ItemIds::kNone) {
        wanted.Add(Field{kItemId, Type::kString});
      } else {
        return NotFound(fmt::format("column '{}' not found in {}", c, request.table));
      }
    }
  }
  CacheKey key{*schemas_.CanonicalName(request.table), request.columns, *request.min_time,
               *request.max_time};
  {
    std::lock_guard lock(mutex_);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  }
  QueryOptions options;
  options.now_ticks = options_.now_ticks;
  options.max_rows = options_.max_rows;
  QUARRY_ASSIGN_OR_RETURN(TablePtr got, source_.Query(kql, options, nullptr));
  if (got->num_rows() > options_.max_rows) {
    return ResourceExhausted(fmt::format(
        "{} holds more than {} rows in the window; narrow the hunt's time range",
        request.table, options_.max_rows));
  }
  std::vector<ColumnPtr> columns;
  for (const auto& field : wanted.fields()) {
    auto idx = got->schema().IndexOf(field.name);
    if (!idx || (field.name == kItemId && options_.item_ids == ItemIds::kNull)) {
      columns.push_back(Column::MakeNulls(field.type, got->num_rows()));
      continue;
    }
    auto conformed = Conform(got->column(*idx), field.type);
    if (!conformed) {
      return FailedPrecondition(fmt::format(
          "{}.{} is {} at {}, Quarry expects {}", request.table, field.name,
          TypeName(got->schema().field(*idx).type), source_.Describe(), TypeName(field.type)));
    }
    columns.push_back(std::move(*conformed));
  }
  QUARRY_ASSIGN_OR_RETURN(TablePtr table, Table::Make(std::move(wanted), std::move(columns)));
  if (stats) {
    stats->partitions_total += 1;
    stats->partitions_read += 1;
    stats->rows_read += table->num_rows();
  }
  std::lock_guard lock(mutex_);
  cache_.emplace(std::move(key), table);
  return table;
}

}  // namespace quarry::sources
