#include "analytics/windowed_catalog.h"

#include <algorithm>

namespace quarry::analytics {

std::string TimeColumnOf(const Schema& schema) {
  for (const char* name : {"TimeGenerated", "Timestamp"}) {
    auto idx = schema.IndexOf(name);
    if (idx && schema.field(*idx).type == Type::kDatetime) return name;
  }
  return "";
}

Result<TablePtr> WindowedCatalog::Scan(const kql::ScanRequest& request,
                                       kql::ScanStats* stats) const {
  auto schema = inner_.GetSchema(request.table);
  std::string time_column = schema ? TimeColumnOf(*schema) : "";
  if (time_column.empty()) return inner_.Scan(request, stats);

  kql::ScanRequest inner_request = request;
  bool added_time = false;
  if (!inner_request.columns.empty() &&
      std::find(inner_request.columns.begin(), inner_request.columns.end(), time_column) ==
          inner_request.columns.end()) {
    inner_request.columns.push_back(time_column);
    added_time = true;
  }
  if (inner_request.time_column.empty() || inner_request.time_column == time_column) {
    inner_request.time_column = time_column;
    inner_request.min_time = std::max(inner_request.min_time.value_or(from_), from_);
    inner_request.max_time = std::min(inner_request.max_time.value_or(to_ - 1), to_ - 1);
  }
  QUARRY_ASSIGN_OR_RETURN(TablePtr table, inner_.Scan(inner_request, stats));

  auto time_idx = table->schema().IndexOf(time_column);
  if (!time_idx) return table;
  const Column& times = *table->column(*time_idx);
  std::vector<uint32_t> keep;
  keep.reserve(table->num_rows());
  auto ticks = times.longs();
  for (size_t r = 0; r < table->num_rows(); ++r) {
    if (!times.IsNull(r) && ticks[r] >= from_ && ticks[r] < to_) {
      keep.push_back(static_cast<uint32_t>(r));
    }
  }
  bool all_rows = keep.size() == table->num_rows();
  if (all_rows && !added_time) return table;
  Schema out_schema;
  std::vector<ColumnPtr> columns;
  for (size_t c = 0; c < table->num_columns(); ++c) {
    if (added_time && c == *time_idx) continue;
    out_schema.Add(table->schema().field(c));
    columns.push_back(all_rows ? table->column(c) : Column::Gather(*table->column(c), keep));
  }
  return std::make_shared<const Table>(std::move(out_schema), std::move(columns), keep.size());
}

}  // namespace quarry::analytics
