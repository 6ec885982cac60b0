// The Log Analytics query-API / Sentinel export reader: {"tables":[{"name","columns","rows"}]}.
// The document is read whole (such exports are capped by the service at a few hundred MB).
#include <fmt/core.h>
#include <simdjson.h>

#include "store/batch_builder.h"
#include "store/chunked_reader.h"
#include "store/json_value.h"

namespace quarry::store {
namespace {

// Kusto type names as the query API (v2: "type") and older exports (v1: "DataType"/"ColumnType",
// .NET names) spell them.
Type DeclaredType(std::string_view name) {
  if (auto t = TypeFromName(name)) return *t;
  if (name == "SByte" || name == "Boolean") return Type::kBool;
  if (name == "Int32") return Type::kInt;
  if (name == "Object") return Type::kDynamic;
  if (name == "TimeSpan") return Type::kTimespan;
  return Type::kString;
}

std::string_view StringField(simdjson::dom::object obj, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    std::string_view s;
    if (obj[key].get_string().get(s) == simdjson::SUCCESS) return s;
  }
  return {};
}

class LogAnalyticsReader : public RecordReader {
 public:
  LogAnalyticsReader(const std::string& path, const ReaderOptions& options)
      : path_(path), options_(options), builder_(path) {}

  Status Init(Env* env) {
    QUARRY_ASSIGN_OR_RETURN(std::string text, ReadWholeFile(env, path_));
    file_size_ = text.size();
    json_ = simdjson::padded_string(text);
    simdjson::dom::element doc;
    if (auto error = parser_.parse(json_).get(doc); error != simdjson::SUCCESS) {
      return InvalidArgument("'" + path_ + "' is not valid JSON: " +
                             simdjson::error_message(error));
    }
    simdjson::dom::array tables;
    if (doc["tables"].get_array().get(tables) != simdjson::SUCCESS &&
        doc["Tables"].get_array().get(tables) != simdjson::SUCCESS) {
      return InvalidArgument("'" + path_ +
                             "' is a JSON document without a \"tables\" array (expected JSON "
                             "lines, a JSON array of objects, or a Log Analytics export)");
    }
    bool found = false;
    for (simdjson::dom::element t : tables) {
      simdjson::dom::object obj;
      if (t.get_object().get(obj) != simdjson::SUCCESS) continue;
      std::string_view name = StringField(obj, {"name", "TableName"});
      if (!found || name == "PrimaryResult") {
        table_ = obj;
        found = true;
      }
    }
    if (!found) return InvalidArgument("'" + path_ + "' has an empty \"tables\" array");
    simdjson::dom::array columns;
    if (table_["columns"].get_array().get(columns) != simdjson::SUCCESS &&
        table_["Columns"].get_array().get(columns) != simdjson::SUCCESS) {
      return InvalidArgument("'" + path_ + "': the result table has no \"columns\" array");
    }
    for (simdjson::dom::element c : columns) {
      simdjson::dom::object col;
      if (c.get_object().get(col) != simdjson::SUCCESS) continue;
      std::string name(StringField(col, {"name", "ColumnName"}));
      if (name.empty()) name = "Column" + std::to_string(sample_schema_.size() + 1);
      sample_schema_.Add(
          Field{name, DeclaredType(StringField(col, {"type", "DataType", "ColumnType"}))});
    }
    if (table_["rows"].get_array().get(rows_) != simdjson::SUCCESS &&
        table_["Rows"].get_array().get(rows_) != simdjson::SUCCESS) {
      return InvalidArgument("'" + path_ + "': the result table has no \"rows\" array");
    }
    row_it_ = rows_.begin();
    if (auto type_col = sample_schema_.IndexOf("Type")) {
      for (simdjson::dom::element row : rows_) {
        simdjson::dom::array cells;
        std::string_view s;
        if (row.get_array().get(cells) == simdjson::SUCCESS &&
            cells.at(*type_col).get_string().get(s) == simdjson::SUCCESS) {
          sample_type_ = std::string(s);
        }
        break;
      }
    }
    return Status::Ok();
  }

  FileFormat format() const override { return FileFormat::kLogAnalytics; }
  const Schema& sample_schema() const override { return sample_schema_; }
  std::optional<std::string> sample_table_type() const override { return sample_type_; }
  void SetSchema(const Schema& schema) override {
    builder_.SetSchema(schema);
    columns_.clear();
    for (const auto& f : sample_schema_.fields()) {
      auto col = builder_.Find(f.name);
      columns_.push_back(col ? *col : builder_.AddColumn(f.name, f.type));
    }
    schema_set_ = true;
  }

  Result<std::optional<RecordBatch>> Next() override {
    if (!schema_set_) SetSchema(sample_schema_);
    if (row_it_ == rows_.end()) return std::optional<RecordBatch>();
    for (size_t n = 0; n < options_.batch_rows && row_it_ != rows_.end(); ++n, ++row_it_) {
      ++row_index_;
      simdjson::dom::element row = *row_it_;
      simdjson::dom::array cells;
      if (row.get_array().get(cells) != simdjson::SUCCESS || cells.size() != columns_.size()) {
        builder_.RejectRecord(0,
                              fmt::format("row {}: expected an array of {} values", row_index_,
                                          columns_.size()),
                              simdjson::minify(row));
        continue;
      }
      builder_.BeginRow(0);
      size_t i = 0;
      for (simdjson::dom::element cell : cells) {
        size_t col = columns_[i++];
        if (builder_.IsSet(col)) {
          builder_.BadValue(col, "duplicate column; the first value was kept",
                            JsonValueText(cell));
          continue;
        }
        if (!AppendJson(builder_.Set(col), cell)) {
          builder_.BadValue(col,
                            fmt::format("row {}: cannot convert to {}", row_index_,
                                        TypeName(builder_.schema().field(col).type)),
                            JsonValueText(cell));
        }
      }
      builder_.EndRow();
    }
    return std::optional<RecordBatch>(builder_.Finish());
  }

  uint64_t bytes_read() const override { return row_it_ == rows_.end() ? file_size_ : 0; }
  uint64_t file_size() const override { return file_size_; }

 private:
  std::string path_;
  ReaderOptions options_;
  uint64_t file_size_ = 0;
  simdjson::padded_string json_;
  simdjson::dom::parser parser_;
  simdjson::dom::object table_;
  simdjson::dom::array rows_;
  simdjson::dom::array::iterator row_it_;
  uint64_t row_index_ = 0;
  BatchBuilder builder_;
  bool schema_set_ = false;
  Schema sample_schema_;
  std::vector<size_t> columns_;
  std::optional<std::string> sample_type_;
};

}  // namespace

Result<std::unique_ptr<RecordReader>> OpenLogAnalyticsReader(const std::string& path,
                                                             const ReaderOptions& options) {
  auto reader = std::make_unique<LogAnalyticsReader>(path, options);
  QUARRY_RETURN_IF_ERROR(reader->Init(options.env ? options.env : Env::Default()));
  return std::unique_ptr<RecordReader>(std::move(reader));
}

}  // namespace quarry::store
