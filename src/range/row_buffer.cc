#include "range/row_buffer.h"
#include "common/json_text.h"

#include <algorithm>
#include <cassert>

namespace quarry::range {

uint16_t Row::Index(std::string_view column) const {
  auto it = layout_->index.find(column);
  if (it == layout_->index.end()) {
    Misuse(column, "no such column");
    return kNoColumn;
  }
  return it->second;
}

void Row::Misuse(std::string_view column, std::string_view what) const {
  if (layout_->error.empty()) {
    layout_->error = layout_->name + "." + std::string(column) + ": " + std::string(what);
  }
}

const Value* Row::Get(std::string_view column) const {
  auto it = layout_->index.find(column);
  if (it == layout_->index.end()) return nullptr;
  for (const auto& [i, v] : cells_) {
    if (i == it->second) return &v;
  }
  return nullptr;
}

Row& Row::Set(std::string_view column, std::string_view text) {
  uint16_t i = Index(column);
  if (i == kNoColumn) return *this;
  Type t = ColumnType(i);
  if (t != Type::kString && t != Type::kGuid) {
    Misuse(column, "text into a non-text column");
    return *this;
  }
  cells_.emplace_back(i, t == Type::kGuid ? Value::Guid(std::string(text))
                                          : Value::String(std::string(text)));
  return *this;
}

Row& Row::Set(std::string_view column, int64_t number) {
  uint16_t i = Index(column);
  if (i == kNoColumn) return *this;
  switch (ColumnType(i)) {
    case Type::kInt: cells_.emplace_back(i, Value::Int(static_cast<int32_t>(number))); break;
    case Type::kLong: cells_.emplace_back(i, Value::Long(number)); break;
    case Type::kReal:
    case Type::kDecimal: cells_.emplace_back(i, Value::Real(static_cast<double>(number))); break;
    case Type::kBool: cells_.emplace_back(i, Value::Bool(number != 0)); break;
    case Type::kString: cells_.emplace_back(i, Value::String(std::to_string(number))); break;
    default: Misuse(column, "integer into a column that holds no numbers");
  }
  return *this;
}

Row& Row::Set(std::string_view column, double number) {
  uint16_t i = Index(column);
  if (i == kNoColumn) return *this;
  if (ColumnType(i) != Type::kReal && ColumnType(i) != Type::kDecimal) {
    Misuse(column, "real into a non-real column");
    return *this;
  }
  cells_.emplace_back(i, Value::Real(number));
  return *this;
}

Row& Row::SetBool(std::string_view column, bool b) {
  uint16_t i = Index(column);
  if (i == kNoColumn) return *this;
  if (ColumnType(i) != Type::kBool) {
    Misuse(column, "bool into a non-bool column");
    return *this;
  }
  cells_.emplace_back(i, Value::Bool(b));
  return *this;
}

Row& Row::SetTime(std::string_view column, int64_t ticks) {
  uint16_t i = Index(column);
  if (i == kNoColumn) return *this;
  if (ColumnType(i) != Type::kDatetime) {
    Misuse(column, "datetime into a non-datetime column");
    return *this;
  }
  cells_.emplace_back(i, Value::Datetime(ticks));
  return *this;
}

Row& Row::SetJson(std::string_view column, Json json) {
  uint16_t i = Index(column);
  if (i == kNoColumn) return *this;
  if (ColumnType(i) == Type::kDynamic) {
    cells_.emplace_back(i, Value::Dynamic(std::move(json)));
  } else if (ColumnType(i) == Type::kString) {
    cells_.emplace_back(i, Value::String(JsonText(json)));
  } else {
    Misuse(column, "JSON into a column that is neither dynamic nor string");
  }
  return *this;
}

RowBuffer::RowBuffer(const SchemaRegistry& registry, std::string tenant_id)
    : tenant_id_(std::move(tenant_id)) {
  for (const auto& name : registry.TableNames()) {
    TableRows t;
    t.layout.name = name;
    t.layout.schema = *registry.Find(name);
    const auto& fields = t.layout.schema.fields();
    for (size_t i = 0; i < fields.size(); ++i) {
      int idx = static_cast<int>(i);
      t.layout.index.emplace(fields[i].name, static_cast<uint16_t>(i));
      const std::string& f = fields[i].name;
      if (f == "TimeGenerated" && fields[i].type == Type::kDatetime) t.layout.time_generated = idx;
      if (f == "Timestamp" && fields[i].type == Type::kDatetime) t.layout.timestamp = idx;
      if (f == "Type" && fields[i].type == Type::kString) t.layout.type = idx;
      if (f == "TenantId" && fields[i].type == Type::kString) t.layout.tenant = idx;
      if (f == "ReportId" && fields[i].type == Type::kLong) t.layout.report_id = idx;
    }
    tables_.emplace(name, std::move(t));
  }
}

Row& RowBuffer::Add(std::string_view table, int64_t time, int tag) {
  auto it = tables_.find(table);
  assert(it != tables_.end() && "table not in the registry");
  return it->second.rows.emplace_back(&it->second.layout, time, tag);
}

std::string RowBuffer::FirstError() const {
  for (const auto& [name, t] : tables_) {
    if (!t.layout.error.empty()) return t.layout.error;
  }
  return "";
}

size_t RowBuffer::size() const {
  size_t n = 0;
  for (const auto& [name, t] : tables_) n += t.rows.size();
  return n;
}

void RowBuffer::Sort() {
  for (auto& [name, t] : tables_) {
    std::stable_sort(t.rows.begin(), t.rows.end(),
                     [](const Row& a, const Row& b) { return a.time() < b.time(); });
  }
}

void RowBuffer::DropOutside(int64_t start, int64_t end) {
  for (auto& [name, t] : tables_) {
    std::erase_if(t.rows, [start, end](const Row& r) { return r.time() < start || r.time() >= end; });
  }
}

void RowBuffer::MoveBefore(int64_t end, RowBuffer& dst) {
  for (auto& [name, t] : tables_) {
    TableRows& target = dst.tables_.find(name)->second;
    auto keep = std::stable_partition(t.rows.begin(), t.rows.end(),
                                      [end](const Row& r) { return r.time() < end; });
    for (auto it = t.rows.begin(); it != keep; ++it) {
      it->layout_ = &target.layout;
      target.rows.push_back(std::move(*it));
    }
    t.rows.erase(t.rows.begin(), keep);
  }
}

TablePtr RowBuffer::Build(TableRows& t) {
  const TableLayout& layout = t.layout;
  TableBuilder builder(layout.schema);
  size_t ncols = layout.schema.size();
  std::vector<const Value*> dense(ncols, nullptr);
  for (const Row& row : t.rows) {
    std::fill(dense.begin(), dense.end(), nullptr);
    for (const auto& [i, v] : row.cells()) dense[i] = &v;
    for (size_t c = 0; c < ncols; ++c) {
      ColumnBuilder& col = builder.column(c);
      if (dense[c] != nullptr) {
        col.AppendValue(*dense[c]);
        continue;
      }
      int ci = static_cast<int>(c);
      if (ci == layout.time_generated || ci == layout.timestamp) {
        col.AppendLong(row.time());
      } else if (ci == layout.type) {
        col.AppendString(layout.name);
      } else if (ci == layout.tenant) {
        col.AppendString(tenant_id_);
      } else if (ci == layout.report_id && layout.timestamp >= 0) {
        col.AppendLong(next_report_id_++);
      } else {
        col.AppendNull();
      }
    }
    builder.FinishRow();
  }
  return builder.Finish();
}

Status RowBuffer::Flush(EventSink& sink, const TaggedRowCallback& on_tagged) {
  Sort();
  for (auto& [name, t] : tables_) {
    if (!t.layout.error.empty()) {
      return Internal("cyber range generator wrote a bad value (" + t.layout.error + ")");
    }
    if (t.rows.empty()) continue;
    TablePtr table = Build(t);
    auto first = sink.Append(name, *table);
    if (!first.ok()) return first.status().WithContext("writing " + name);
    uint64_t id = *first;
    for (const Row& row : t.rows) {
      if (row.tag() >= 0) on_tagged(row.tag(), name, id, row.time());
      ++id;
    }
    t.rows.clear();
  }
  return Status::Ok();
}

}  // namespace quarry::range
