#include "server/time_scoped_catalog.h"

#include <algorithm>

namespace quarry::server {

std::optional<std::string> ScopeColumn(const Schema& schema) {
  for (const char* name : {"TimeGenerated", "Timestamp"}) {
    auto index = schema.IndexOf(name);
    if (index && schema.field(*index).type == Type::kDatetime) return std::string(name);
  }
  return std::nullopt;
}

Result<TablePtr> TimeScopedCatalog::Scan(const kql::ScanRequest& request,
                                         kql::ScanStats* stats) const {
  std::optional<Schema> schema = inner_.GetSchema(request.table);
  std::optional<std::string> column = schema ? ScopeColumn(*schema) : std::nullopt;
  if (!column) return inner_.Scan(request, stats);

  kql::ScanRequest narrowed = request;
  bool added_column = false;
  if (!narrowed.columns.empty() && std::find(narrowed.columns.begin(), narrowed.columns.end(),
                                             *column) == narrowed.columns.end()) {
    narrowed.columns.push_back(*column);
    added_column = true;
  }
  if (narrowed.time_column.empty() || narrowed.time_column == *column) {
    narrowed.time_column = *column;
    narrowed.min_time = std::max(narrowed.min_time.value_or(start_), start_);
    narrowed.max_time = std::min(narrowed.max_time.value_or(end_), end_);
  }
  QUARRY_ASSIGN_OR_RETURN(TablePtr table, inner_.Scan(narrowed, stats));
  ColumnPtr times = table->ColumnByName(*column);
  if (!times) return table;
  std::vector<uint32_t> keep;
  keep.reserve(table->num_rows());
  auto ticks = times->longs();
  for (size_t i = 0; i < table->num_rows(); ++i) {
    if (!times->IsNull(i) && ticks[i] >= start_ && ticks[i] <= end_) {
      keep.push_back(static_cast<uint32_t>(i));
    }
  }
  std::vector<Field> fields;
  std::vector<ColumnPtr> columns;
  for (size_t c = 0; c < table->num_columns(); ++c) {
    const Field& field = table->schema().field(c);
    if (added_column && field.name == *column) continue;
    fields.push_back(field);
    columns.push_back(keep.size() == table->num_rows() ? table->column(c)
                                                       : Column::Gather(*table->column(c), keep));
  }
  return std::make_shared<const Table>(Schema(std::move(fields)), std::move(columns), keep.size());
}

}  // namespace quarry::server
