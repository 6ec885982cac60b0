#include "store/file_loader.h"

namespace quarry::store {

Result<Schema> UnionSchema(const std::vector<const Schema*>& schemas) {
  Schema schema;
  for (const Schema* source : schemas) {
    for (const auto& f : source->fields()) {
      auto at = schema.IndexOf(f.name);
      if (!at) {
        schema.Add(f);
      } else if (schema.field(*at).type != f.type) {
        return InvalidArgument("column '" + f.name + "' has two types: " +
                               std::string(TypeName(schema.field(*at).type)) + " and " +
                               std::string(TypeName(f.type)));
      }
    }
  }
  return schema;
}

Result<TablePtr> ConcatTables(const std::vector<TablePtr>& tables, const Schema* order) {
  std::vector<const Schema*> sources;
  if (order) sources.push_back(order);
  for (const auto& t : tables) sources.push_back(&t->schema());
  QUARRY_ASSIGN_OR_RETURN(Schema schema, UnionSchema(sources));
  if (tables.size() == 1 && tables[0]->schema() == schema) return tables[0];
  std::vector<ColumnPtr> columns;
  for (const auto& f : schema.fields()) {
    std::vector<ColumnPtr> parts;
    for (const auto& t : tables) {
      ColumnPtr c = t->ColumnByName(f.name);
      parts.push_back(c ? c : Column::MakeNulls(f.type, t->num_rows()));
    }
    columns.push_back(parts.empty() ? Column::MakeNulls(f.type, 0) : Column::Concat(parts));
  }
  return Table::Make(std::move(schema), std::move(columns));
}

Result<TablePtr> LoadTableFile(const std::string& path, const std::optional<Schema>& schema,
                               LoadReport* report) {
  LoadReport local;
  LoadReport& r = report ? *report : local;
  QUARRY_ASSIGN_OR_RETURN(auto reader, RecordReader::Open(path, ReaderOptions{}));
  r.format = reader->format();
  r.table_type = reader->sample_table_type();
  if (schema) reader->SetSchema(*schema);
  std::vector<TablePtr> parts;
  Schema full = schema ? *schema : reader->sample_schema();
  while (true) {
    QUARRY_ASSIGN_OR_RETURN(auto batch, reader->Next());
    if (!batch) break;
    r.bad_records += batch->bad_records;
    r.bad_values += batch->bad_values;
    for (auto& rej : batch->rejections) r.rejections.push_back(std::move(rej));
    full = batch->schema;
    if (batch->rows->num_rows() > 0 || parts.empty()) parts.push_back(batch->rows);
  }
  QUARRY_ASSIGN_OR_RETURN(TablePtr table, ConcatTables(parts, &full));
  r.rows = table->num_rows();
  return table;
}

}  // namespace quarry::store
