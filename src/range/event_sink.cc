#include "range/event_sink.h"

#include <memory>

namespace quarry::range {

Result<uint64_t> MemorySink::Append(std::string_view table, const Table& rows) {
  uint64_t first = next_id_;
  next_id_ += rows.num_rows();
  auto it = tables_.find(table);
  if (it == tables_.end()) it = tables_.emplace(std::string(table), std::vector<Batch>{}).first;
  it->second.push_back({first, std::make_shared<const Table>(rows)});
  return first;
}

uint64_t MemorySink::RowCount(std::string_view table) const {
  auto it = tables_.find(table);
  if (it == tables_.end()) return 0;
  uint64_t n = 0;
  for (const auto& b : it->second) n += b.rows->num_rows();
  return n;
}

const Table* MemorySink::FindRow(std::string_view table, uint64_t id, size_t* row) const {
  auto it = tables_.find(table);
  if (it == tables_.end()) return nullptr;
  for (const auto& b : it->second) {
    if (id >= b.first_id && id < b.first_id + b.rows->num_rows()) {
      *row = static_cast<size_t>(id - b.first_id);
      return b.rows.get();
    }
  }
  return nullptr;
}

}  // namespace quarry::range
