#include "store/batch_builder.h"

namespace quarry::store {

void BatchBuilder::SetSchema(const Schema& schema) {
  schema_ = Schema();
  index_.clear();
  builders_.clear();
  set_stamp_.clear();
  declared_.clear();
  reserved_ = false;
  for (const auto& f : schema.fields()) {
    if (!Find(f.name)) AddColumn(f.name, f.type);
  }
  declared_.assign(builders_.size(), true);
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
  declared_.push_back(false);
  // A column added mid-row counts as unset until Set().
  set_stamp_.push_back(row_stamp_ - 1);
  if (reserved_) ReserveFromHint(col);
  return col;
}

void BatchBuilder::ReserveFromHint(size_t col) {
  auto it = size_hints_.find(schema_.field(col).name);
  if (it == size_hints_.end()) return;
  const SizeHint& h = it->second;
  builders_[col].Reserve(h.rows + h.rows / 8, h.bytes + h.bytes / 8);
}

void BatchBuilder::BeginRow(uint64_t line) {
  line_ = line;
  if (!reserved_) {
    for (size_t c = 0; c < builders_.size(); ++c) ReserveFromHint(c);
    reserved_ = true;
  }
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

void BatchBuilder::RejectRecord(uint64_t line, std::string reason, std::string raw) {
  ++pending_.bad_records;
  pending_.rejections.push_back(Rejection{file_, line, "", std::move(reason), std::move(raw)});
}

RecordBatch BatchBuilder::Finish() {
  Schema schema;
  std::vector<ColumnPtr> columns;
  for (size_t c = 0; c < builders_.size(); ++c) {
    ColumnBuilder& b = builders_[c];
    if (b.size() == 0 && declared_[c]) continue;
    while (b.size() < rows_) b.AppendNull();
    schema.Add(schema_.field(c));
    columns.push_back(b.Finish());
    size_hints_[schema_.field(c).name] = SizeHint{rows_, columns.back()->chars().size()};
  }
  reserved_ = false;
  RecordBatch out = std::move(pending_);
  out.schema = schema_;
  out.rows = std::make_shared<const Table>(std::move(schema), std::move(columns), rows_);
  pending_ = RecordBatch();
  rows_ = 0;
  return out;
}

}  // namespace quarry::store
