#include "store/record_parser.h"

#include <algorithm>

#include <fmt/core.h>

#include "store/json_value.h"
#include "store/value_text.h"

namespace quarry::store {
namespace {

constexpr size_t kMaxRawText = 64 << 10;  // of a rejected record kept in full; longer is cut

std::string RawText(std::string_view s) {
  if (s.size() <= kMaxRawText) return std::string(s);
  return std::string(s.substr(0, kMaxRawText)) + "...(" + std::to_string(s.size()) + " bytes)";
}

}  // namespace

bool AllBlank(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

void SplitCsvFields(std::string_view record, std::vector<std::string_view>* fields,
                    std::deque<std::string>* scratch) {
  fields->clear();
  scratch->clear();
  size_t i = 0;
  while (true) {
    if (i < record.size() && record[i] == '"') {
      std::string& out = scratch->emplace_back();
      ++i;
      while (i < record.size()) {
        if (record[i] == '"') {
          if (i + 1 < record.size() && record[i + 1] == '"') {
            out += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        out += record[i++];
      }
      while (i < record.size() && record[i] != ',') out += record[i++];
      fields->push_back(out);
    } else {
      size_t comma = record.find(',', i);
      size_t e = comma == std::string_view::npos ? record.size() : comma;
      fields->push_back(record.substr(i, e - i));
      i = e;
    }
    if (i >= record.size()) break;
    ++i;  // the comma
  }
}

void RecordParser::Reset(const Schema& schema, size_t declared, std::vector<size_t> csv_columns) {
  Schema target;
  for (size_t c = 0; c < declared; ++c) target.Add(schema.field(c));
  builder_.SetSchema(target);
  for (size_t c = declared; c < schema.size(); ++c) {
    builder_.AddColumn(schema.field(c).name, schema.field(c).type);
  }
  csv_columns_ = std::move(csv_columns);
  slot_cache_.clear();
}

void RecordParser::Parse(std::string_view record, uint64_t line) {
  if (AllBlank(record)) return;
  if (csv_) {
    ParseCsv(record, line);
  } else {
    ParseJson(record, line);
  }
}

void RecordParser::ParseJson(std::string_view record, uint64_t line) {
  simdjson::dom::element doc;
  auto error = parser_.parse(record.data(), record.size(), false).get(doc);
  if (error != simdjson::SUCCESS) {
    builder_.RejectRecord(line, std::string("broken JSON: ") + simdjson::error_message(error),
                          RawText(record));
    return;
  }
  simdjson::dom::object obj;
  if (doc.get_object().get(obj) != simdjson::SUCCESS) {
    builder_.RejectRecord(line, "not a JSON object", RawText(record));
    return;
  }
  builder_.BeginRow(line);
  size_t k = 0;
  for (auto field : obj) {
    size_t col;
    if (k < slot_cache_.size() && builder_.schema().field(slot_cache_[k]).name == field.key) {
      col = slot_cache_[k];
    } else {
      auto found = builder_.Find(field.key);
      col = found ? *found
                  : builder_.AddColumn(std::string(field.key),
                                       InferJsonType(field.value).value_or(Type::kString));
      if (k < slot_cache_.size()) {
        slot_cache_[k] = col;
      } else {
        slot_cache_.push_back(col);
      }
    }
    ++k;
    if (builder_.IsSet(col)) {
      builder_.BadValue(col, "duplicate key; the first value was kept",
                        RawText(JsonValueText(field.value)));
      continue;
    }
    if (!AppendJson(builder_.Set(col), field.value)) {
      builder_.BadValue(
          col, fmt::format("cannot convert to {}", TypeName(builder_.schema().field(col).type)),
          RawText(JsonValueText(field.value)));
    }
  }
  builder_.EndRow();
}

void RecordParser::ParseCsv(std::string_view record, uint64_t line) {
  SplitCsvFields(record, &csv_fields_, &csv_scratch_);
  if (csv_fields_.size() != csv_columns_.size()) {
    builder_.RejectRecord(line,
                          fmt::format("expected {} fields (as in the header), found {}",
                                      csv_columns_.size(), csv_fields_.size()),
                          RawText(record));
    return;
  }
  builder_.BeginRow(line);
  for (size_t i = 0; i < csv_fields_.size(); ++i) {
    size_t col = csv_columns_[i];
    if (!AppendText(builder_.Set(col), csv_fields_[i])) {
      builder_.BadValue(
          col, fmt::format("cannot convert to {}", TypeName(builder_.schema().field(col).type)),
          RawText(csv_fields_[i]));
    }
  }
  builder_.EndRow();
}

}  // namespace quarry::store
