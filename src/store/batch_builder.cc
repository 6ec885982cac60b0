#include "store/batch_builder.h"

namespace quarry::store {

void BatchBuilder::SetSchema(const Schema& schema) {
  schema_ = Schema();
  index_.clear();
  builders_.clear();
  set_stamp_.clear();
  for (const auto& f : schema.fields()) {
    if (!Find(f.name)) AddColumn(f.name, f.type);
  }
}

std::optional<size_t> BatchBuilder::Find(std::string_view name) const {
  auto it = index_.find(name);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

size_t BatchBuilder::AddColumn(std::string name, Type type) {
  size_t col = builders_.size();
  index_.emplace(name, col);
  schema_.Add(Field{std::move(name), type});
  builders_.emplace_back(type);
  for (size_t i = 0; i < rows_; ++i) builders_.back().AppendNull();
  // A column added mid-row counts as unset until Set().
  set_stamp_.push_back(row_stamp_ - 1);
  return col;
}

void BatchBuilder::BeginRow(uint64_t line) {
  line_ = line;
  ++row_stamp_;
  if (row_stamp_ == 0) {
    // Wrapped: make sure no stale stamp matches the new row.
    std::fill(set_stamp_.begin(), set_stamp_.end(), UINT32_MAX);
    row_stamp_ = 1;
  }
}

void BatchBuilder::BadValue(size_t col, std::string reason, std::string raw) {
  ++pending_.bad_values;
  pending_.rejections.push_back(
      Rejection{file_, line_, schema_.field(col).name, std::move(reason), std::move(raw)});
}

void BatchBuilder::EndRow() {
  for (size_t c = 0; c < builders_.size(); ++c) {
    if (set_stamp_[c] != row_stamp_) builders_[c].AppendNull();
  }
  ++rows_;
}

void BatchBuilder::RejectRecord(uint64_t line, std::string reason, std::string raw) {
  ++pending_.bad_records;
  pending_.rejections.push_back(Rejection{file_, line, "", std::move(reason), std::move(raw)});
}

RecordBatch BatchBuilder::Finish() {
  std::vector<ColumnPtr> columns;
  columns.reserve(builders_.size());
  for (size_t c = 0; c < builders_.size(); ++c) {
    columns.push_back(builders_[c].Finish());
    builders_[c] = ColumnBuilder(schema_.field(c).type);
  }
  RecordBatch out = std::move(pending_);
  out.rows = std::make_shared<const Table>(schema_, std::move(columns), rows_);
  pending_ = RecordBatch();
  rows_ = 0;
  return out;
}

}  // namespace quarry::store
