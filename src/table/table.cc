#include "table/table.h"

namespace quarry {

std::optional<size_t> Schema::IndexOf(std::string_view name) const {
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (fields_[i].name == name) return i;
  }
  return std::nullopt;
}

std::string Schema::ToString() const {
  std::string out = "(";
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (i) out += ", ";
    out += fields_[i].name;
    out += ':';
    out += TypeName(fields_[i].type);
  }
  out += ')';
  return out;
}

Result<TablePtr> Table::Make(Schema schema, std::vector<ColumnPtr> columns) {
  if (columns.size() != schema.size()) {
    return Internal("table has " + std::to_string(schema.size()) + " fields but " +
                    std::to_string(columns.size()) + " columns");
  }
  size_t rows = columns.empty() ? 0 : columns[0]->size();
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i]->type() != schema.field(i).type) {
      return Internal("column '" + schema.field(i).name + "' is " +
                      std::string(TypeName(columns[i]->type())) + ", schema says " +
                      std::string(TypeName(schema.field(i).type)));
    }
    if (columns[i]->size() != rows) {
      return Internal("column '" + schema.field(i).name + "' has " +
                      std::to_string(columns[i]->size()) + " rows, expected " +
                      std::to_string(rows));
    }
  }
  return std::make_shared<const Table>(std::move(schema), std::move(columns), rows);
}

TablePtr Table::Empty(Schema schema) {
  std::vector<ColumnPtr> cols;
  for (const auto& f : schema.fields()) cols.push_back(Column::MakeNulls(f.type, 0));
  return std::make_shared<const Table>(std::move(schema), std::move(cols), 0);
}

ColumnPtr Table::ColumnByName(std::string_view name) const {
  auto idx = schema_.IndexOf(name);
  return idx ? columns_[*idx] : nullptr;
}

size_t Table::MemoryBytes() const {
  size_t bytes = 0;
  for (const auto& c : columns_) bytes += c->MemoryBytes();
  return bytes;
}

TableBuilder::TableBuilder(Schema schema) : schema_(std::move(schema)) {
  builders_.reserve(schema_.size());
  for (const auto& f : schema_.fields()) builders_.emplace_back(f.type);
}

void TableBuilder::AppendRow(const std::vector<Value>& row) {
  for (size_t i = 0; i < builders_.size(); ++i) builders_[i].AppendValue(row[i]);
  ++rows_;
}

TablePtr TableBuilder::Finish() {
  std::vector<ColumnPtr> cols;
  cols.reserve(builders_.size());
  for (auto& b : builders_) cols.push_back(b.Finish());
  auto t = std::make_shared<const Table>(schema_, std::move(cols), rows_);
  rows_ = 0;
  return t;
}

}  // namespace quarry
