// RowBuffer: rows of the supported tables being assembled by the generator, flushed to an
// EventSink in time order, table by table.
//
// A Row is sparse: only the columns the generator sets are stored; the rest are null, except the
// bookkeeping columns a real workspace fills on every row (TimeGenerated / Timestamp from the
// row's time, Type, TenantId, and ReportId for Defender tables). Every row carries a tag: -1 for
// background activity, otherwise the index of the ground-truth record (scenario or look-alike) it
// is evidence of; Flush reports the item id each tagged row was given.
//
// Rows are addressed by column name; a name or value type that does not fit the table's schema
// is a bug in the generator: the value is dropped and Flush fails with Internal. Not thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "range/event_sink.h"
#include "schemas/builtin_schemas.h"
#include "table/table.h"
#include "table/value.h"

namespace quarry::range {

struct TableLayout {
  std::string name;
  Schema schema;
  std::map<std::string, uint16_t, std::less<>> index;
  int time_generated = -1, timestamp = -1, type = -1, tenant = -1, report_id = -1;
  // The first misuse seen (unknown column, value of the wrong type): a generator bug that Flush
  // reports as Internal instead of writing a corrupt column.
  mutable std::string error;
};

class Row {
 public:
  Row(const TableLayout* layout, int64_t time, int tag) : layout_(layout), time_(time), tag_(tag) {}

  Row& Set(std::string_view column, std::string_view text);
  Row& Set(std::string_view column, const char* text) { return Set(column, std::string_view(text)); }
  Row& Set(std::string_view column, const std::string& text) {
    return Set(column, std::string_view(text));
  }
  // Integer into an int, long, real, bool or string column (converted to the column's type).
  Row& Set(std::string_view column, int64_t number);
  Row& Set(std::string_view column, int number) { return Set(column, static_cast<int64_t>(number)); }
  Row& Set(std::string_view column, double number);
  Row& SetBool(std::string_view column, bool b);
  Row& SetTime(std::string_view column, int64_t ticks);
  Row& SetJson(std::string_view column, Json json);

  int64_t time() const { return time_; }
  int tag() const { return tag_; }
  const TableLayout& layout() const { return *layout_; }
  const std::vector<std::pair<uint16_t, Value>>& cells() const { return cells_; }
  // The value set for `column`, or nullptr (for tests and scenario bookkeeping).
  const Value* Get(std::string_view column) const;

 private:
  friend class RowBuffer;
  static constexpr uint16_t kNoColumn = 0xffff;
  // The column's index, or kNoColumn (recording the misuse) when the table has no such column.
  uint16_t Index(std::string_view column) const;
  Type ColumnType(uint16_t i) const { return layout_->schema.field(i).type; }
  void Misuse(std::string_view column, std::string_view what) const;

  const TableLayout* layout_;
  int64_t time_;
  int tag_;
  std::vector<std::pair<uint16_t, Value>> cells_;
};

// Item id given to a tagged row: (tag, table, id, row time).
using TaggedRowCallback =
    std::function<void(int tag, std::string_view table, uint64_t id, int64_t time)>;

class RowBuffer {
 public:
  // Layouts for every table of `registry`; `tenant_id` fills TenantId.
  RowBuffer(const SchemaRegistry& registry, std::string tenant_id);

  // A new row of `table` at `time`. REQUIRES: a table of the registry. The reference stays
  // valid until the next Flush / MoveBefore.
  Row& Add(std::string_view table, int64_t time, int tag = -1);

  size_t size() const;
  // The first misuse recorded by a Row of this buffer ("" when none).
  std::string FirstError() const;
  // Moves every row with time < `end` into `dst` (same registry), keeping their order.
  void MoveBefore(int64_t end, RowBuffer& dst);
  // Sorts each table's rows by time (stable), appends them to `sink` table by table (in name
  // order), reports tagged rows, and empties the buffer. Tables with no rows are skipped.
  Status Flush(EventSink& sink, const TaggedRowCallback& on_tagged);
  // Sorts rows by time (stable) without flushing.
  void Sort();
  // Drops rows whose time is outside [start, end) (events that fall before the range begins or
  // that a service would only publish after its end).
  void DropOutside(int64_t start, int64_t end);

 private:
  struct TableRows {
    TableLayout layout;
    std::deque<Row> rows;
  };
  TablePtr Build(TableRows& t);

  std::map<std::string, TableRows, std::less<>> tables_;
  std::string tenant_id_;
  int64_t next_report_id_ = 1;
};

}  // namespace quarry::range
