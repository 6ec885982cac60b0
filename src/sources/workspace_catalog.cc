#include "sources/workspace_catalog.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace quarry::sources {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::optional<std::string> WorkspaceCatalog::CanonicalName(std::string_view table) const {
  if (workspace_.FindTable(table)) return std::string(table);
  if (builtins_ && builtins_->Find(table) && builtins_->CanonicalName(table) == table) {
    return std::string(table);
  }
  for (const auto& info : workspace_.Tables()) {
    if (EqualsIgnoreCase(info.name, table)) return info.name;
  }
  if (builtins_) return builtins_->CanonicalName(table);
  return std::nullopt;
}

std::optional<Schema> WorkspaceCatalog::GetSchema(std::string_view table) const {
  auto name = CanonicalName(table);
  if (!name) return std::nullopt;
  std::optional<Schema> builtin = builtins_ ? builtins_->Find(*name) : std::nullopt;
  auto stored = workspace_.FindTable(*name);
  if (!stored) return builtin;
  if (!builtin) return stored->schema;
  // Built-in column order; the stored type wins where data was written with another type.
  Schema merged;
  for (const auto& f : builtin->fields()) {
    auto i = stored->schema.IndexOf(f.name);
    merged.Add(i ? stored->schema.field(*i) : f);
  }
  for (const auto& f : stored->schema.fields()) {
    if (!merged.IndexOf(f.name)) merged.Add(f);
  }
  return merged;
}

std::vector<Field> WorkspaceCatalog::HiddenColumns(std::string_view table) const {
  if (!CanonicalName(table)) return {};
  return {Field{std::string(store::kItemIdColumn), Type::kString}};
}

std::vector<std::string> WorkspaceCatalog::TableNames() const {
  std::set<std::string> names;
  for (const auto& info : workspace_.Tables()) names.insert(info.name);
  if (builtins_) {
    for (const auto& n : builtins_->TableNames()) names.insert(n);
  }
  return {names.begin(), names.end()};
}

Result<TablePtr> WorkspaceCatalog::Scan(const kql::ScanRequest& request,
                                        kql::ScanStats* stats) const {
  auto name = CanonicalName(request.table);
  if (!name) return NotFound("table '" + request.table + "' not found");
  std::optional<Schema> schema = GetSchema(*name);
  Schema wanted;
  if (request.columns.empty()) {
    wanted = *schema;
  } else {
    for (const auto& c : request.columns) {
      if (c == store::kItemIdColumn) {
        wanted.Add(Field{c, Type::kString});
      } else if (auto i = schema->IndexOf(c)) {
        wanted.Add(schema->field(*i));
      } else {
        return NotFound("column '" + c + "' is not in table '" + *name + "'");
      }
    }
  }
  auto stored = workspace_.FindTable(*name);
  if (!stored) return Table::Empty(std::move(wanted));
  store::ReadOptions read;
  for (const auto& f : wanted.fields()) {
    if (f.name == store::kItemIdColumn || stored->schema.IndexOf(f.name)) {
      read.columns.push_back(f.name);
    }
  }
  if (!request.time_column.empty() && request.time_column == stored->time_column) {
    read.min_time = request.min_time;
    read.max_time = request.max_time;
  }
  store::ReadStats read_stats;
  TablePtr rows;
  if (read.columns.empty()) {
    // Only columns without stored data: the row count still matters (count(), take).
    read.columns.push_back(std::string(store::kItemIdColumn));
  }
  QUARRY_ASSIGN_OR_RETURN(rows, workspace_.Read(*name, read, &read_stats));
  if (stats) {
    stats->partitions_total += read_stats.segments_total;
    stats->partitions_read += read_stats.segments_read;
    stats->rows_read += read_stats.rows_read;
  }
  std::vector<ColumnPtr> columns;
  for (const auto& f : wanted.fields()) {
    ColumnPtr c = rows->ColumnByName(f.name);
    columns.push_back(c && (f.name == store::kItemIdColumn || stored->schema.IndexOf(f.name))
                          ? c
                          : Column::MakeNulls(f.type, rows->num_rows()));
  }
  return std::make_shared<const Table>(std::move(wanted), std::move(columns), rows->num_rows());
}

}  // namespace quarry::sources
