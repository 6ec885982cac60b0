#include "store/ingest.h"

#include <fmt/core.h>

#include <algorithm>
#include <thread>

#include "table/value.h"
#include "common/json_text.h"

namespace quarry::store {
namespace {

constexpr size_t kMinCommonColumns = 3;

std::string RejectionLine(const Rejection& r) {
  Json j{{"file", r.file}, {"line", r.line}};
  if (!r.column.empty()) j["column"] = r.column;
  j["reason"] = r.reason;
  j["raw"] = r.raw;
  return JsonText(j) + "\n";
}

// Defender XDR exports fill Timestamp only; the Log Analytics view of the same tables has
// TimeGenerated as well. When a batch has a Timestamp but no TimeGenerated, copy it (if the
// table declares TimeGenerated).
TablePtr FillTimeGenerated(const TablePtr& rows, const Schema& declared) {
  auto ts = rows->schema().IndexOf("Timestamp");
  if (!ts || rows->schema().field(*ts).type != Type::kDatetime ||
      rows->column(*ts)->NullCount() == rows->num_rows()) {
    return rows;
  }
  auto declared_tg = declared.IndexOf("TimeGenerated");
  if (!declared_tg || declared.field(*declared_tg).type != Type::kDatetime) return rows;
  Schema schema = rows->schema();
  std::vector<ColumnPtr> columns = rows->columns();
  if (auto tg = schema.IndexOf("TimeGenerated")) {
    if (columns[*tg]->NullCount() != rows->num_rows()) return rows;
    columns[*tg] = columns[*ts];
  } else {
    schema.Add(Field{"TimeGenerated", Type::kDatetime});
    columns.push_back(columns[*ts]);
  }
  return std::make_shared<const Table>(std::move(schema), std::move(columns), rows->num_rows());
}

}  // namespace

std::optional<std::string> DetectTable(const std::vector<std::string>& columns,
                                       const SchemaRegistry& registry) {
  std::optional<std::string> best;
  double best_score = 0;
  for (const auto& name : registry.TableNames()) {
    auto schema = registry.Find(name);
    if (!schema) continue;
    size_t common = 0;
    for (const auto& c : columns) {
      if (schema->IndexOf(c)) ++common;
    }
    if (common < kMinCommonColumns || common * 2 <= columns.size()) continue;
    // Share of the file's columns the table knows, then share of the table the file fills.
    double score = static_cast<double>(common) / static_cast<double>(columns.size()) +
                   0.001 * static_cast<double>(common) / static_cast<double>(schema->size());
    if (score > best_score) {
      best_score = score;
      best = name;
    }
  }
  return best;
}

Result<IngestSummary> IngestFiles(Workspace& workspace, const std::vector<std::string>& files,
                                  const IngestOptions& options) {
  auto registry = BuiltinSchemas();
  if (!registry.ok()) return registry.status();
  Env* env = Env::Default();
  QUARRY_ASSIGN_OR_RETURN(auto writer, workspace.BeginWrite());
  IngestSummary summary;
  std::string quarantine_path = workspace.dir() + "/" + std::string(kQuarantineFile);
  std::unique_ptr<WritableFile> quarantine;

  ReaderOptions reader_options;
  reader_options.batch_rows = options.batch_rows;
  reader_options.threads =
      options.threads > 0
          ? options.threads
          : static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 8u));
  IngestProgress progress;
  for (const auto& file : files) {
    auto size = env->GetFileSize(file);
    if (size.ok()) progress.bytes_total += *size;
  }
  for (size_t f = 0; f < files.size(); ++f) {
    FileIngest result;
    result.file = files[f];
    progress.file = files[f];
    auto opened = RecordReader::Open(files[f], reader_options);
    if (!opened.ok()) {
      result.status = opened.status();
      summary.files.push_back(std::move(result));
      continue;
    }
    RecordReader& reader = **opened;
    result.format = reader.format();
    std::string table = options.table;
    if (table.empty() && reader.sample_table_type()) table = *reader.sample_table_type();
    if (table.empty()) {
      std::vector<std::string> names;
      for (const auto& field : reader.sample_schema().fields()) names.push_back(field.name);
      table = DetectTable(names, **registry).value_or("");
    }
    if (table.empty()) {
      result.status = InvalidArgument(
          "cannot tell which table '" + files[f] +
          "' belongs to (no Type column, and its columns match no built-in table); name it "
          "with --table");
      summary.files.push_back(std::move(result));
      continue;
    }
    if (auto canonical = (*registry)->CanonicalName(table)) table = *canonical;
    result.table = table;
    if (auto stored = writer->TableSchema(table)) {
      reader.SetSchema(*stored);
    } else if (auto builtin = (*registry)->Find(table)) {
      reader.SetSchema(*builtin);
    }
    uint64_t bytes_before = progress.bytes_done;
    while (true) {
      QUARRY_ASSIGN_OR_RETURN(auto batch, reader.Next());
      if (!batch) break;
      if (!batch->rejections.empty()) {
        if (!quarantine) {
          QUARRY_ASSIGN_OR_RETURN(quarantine, env->NewAppendableFile(quarantine_path));
        }
        std::string text;
        for (const auto& r : batch->rejections) text += RejectionLine(r);
        QUARRY_RETURN_IF_ERROR(quarantine->Append(text));
      }
      result.bad_records += batch->bad_records;
      result.bad_values += batch->bad_values;
      if (batch->rows->num_rows() > 0) {
        auto appended = writer->Append(table, *FillTimeGenerated(batch->rows, batch->schema));
        if (!appended.ok()) {
          return appended.status().WithContext("ingesting '" + files[f] + "' into " + table);
        }
        result.rows += batch->rows->num_rows();
        progress.rows += batch->rows->num_rows();
      }
      progress.bytes_done = bytes_before + reader.bytes_read();
      if (options.progress) options.progress(progress);
    }
    progress.bytes_done = bytes_before + reader.file_size();
    summary.rows += result.rows;
    summary.bad_records += result.bad_records;
    summary.bad_values += result.bad_values;
    summary.files.push_back(std::move(result));
  }
  if (quarantine) {
    QUARRY_RETURN_IF_ERROR(quarantine->Sync());
    QUARRY_RETURN_IF_ERROR(quarantine->Close());
    summary.quarantine_path = quarantine_path;
  }
  QUARRY_RETURN_IF_ERROR(writer->Commit());
  return summary;
}

}  // namespace quarry::store
