// EventSink: where the cyber range generator puts the rows it makes.
//
// The generator appends batches of rows per table, in time order within each batch, and needs
// back the row id given to the first row of each batch (rows of a batch get consecutive ids), so
// the ground truth can cite evidence rows by `_ItemId`. The store's Writer is one sink
// (workspace_sink.h); MemorySink keeps everything in memory for tests. Sinks are used from one
// thread.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "table/table.h"

namespace quarry::range {

class EventSink {
 public:
  virtual ~EventSink() = default;
  // Appends `rows` to `table`; returns the id of the first row (ids are unique across the sink
  // and consecutive within a batch).
  virtual Result<uint64_t> Append(std::string_view table, const Table& rows) = 0;
};

// Keeps every batch in memory; ids start at 1 and run on across tables, as the store's do.
class MemorySink : public EventSink {
 public:
  Result<uint64_t> Append(std::string_view table, const Table& rows) override;

  struct Batch {
    uint64_t first_id;
    TablePtr rows;
  };
  const std::map<std::string, std::vector<Batch>, std::less<>>& tables() const { return tables_; }
  uint64_t RowCount(std::string_view table) const;
  uint64_t TotalRows() const { return next_id_ - 1; }
  // The row with item id `id` in `table`, as (batch table, row index); nullptr when absent.
  const Table* FindRow(std::string_view table, uint64_t id, size_t* row) const;

 private:
  std::map<std::string, std::vector<Batch>, std::less<>> tables_;
  uint64_t next_id_ = 1;
};

}  // namespace quarry::range
