#include "schemas/builtin_schemas.h"

#include <algorithm>
#include <cctype>

#include "common/data_path.h"

namespace quarry {
namespace {

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    if (tab == std::string_view::npos) {
      out.push_back(line.substr(start));
      return out;
    }
    out.push_back(line.substr(start, tab - start));
    start = tab + 1;
  }
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

Result<SchemaRegistry> SchemaRegistry::Parse(std::string_view tsv) {
  SchemaRegistry reg;
  size_t pos = 0;
  int line_no = 0;
  while (pos < tsv.size()) {
    size_t nl = tsv.find('\n', pos);
    std::string_view line = tsv.substr(pos, nl == std::string_view::npos ? tsv.npos : nl - pos);
    pos = nl == std::string_view::npos ? tsv.size() : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line_no == 1) continue;
    auto cells = SplitTabs(line);
    if (cells.size() < 3) {
      return InvalidArgument("tables.tsv line " + std::to_string(line_no) +
                             ": expected at least 3 tab-separated fields (table, column, type)");
    }
    auto type = TypeFromName(cells[2]);
    if (!type) {
      return InvalidArgument("tables.tsv line " + std::to_string(line_no) + ", field 'type': " +
                             "unknown type '" + std::string(cells[2]) + "'");
    }
    std::string table(cells[0]);
    reg.schemas_[table].Add(Field{std::string(cells[1]), *type});
    reg.docs_[table + "." + std::string(cells[1])] =
        ColumnDoc{cells.size() > 3 ? std::string(cells[3]) : "",
                  cells.size() > 4 ? std::string(cells[4]) : ""};
  }
  return reg;
}

std::optional<std::string> SchemaRegistry::CanonicalName(std::string_view table) const {
  if (schemas_.find(table) != schemas_.end()) return std::string(table);
  for (const auto& [name, schema] : schemas_) {
    if (EqualsIgnoreCase(name, table)) return name;
  }
  return std::nullopt;
}

std::optional<Schema> SchemaRegistry::Find(std::string_view table) const {
  auto name = CanonicalName(table);
  if (!name) return std::nullopt;
  return schemas_.find(*name)->second;
}

std::vector<std::string> SchemaRegistry::TableNames() const {
  std::vector<std::string> names;
  for (const auto& [name, schema] : schemas_) names.push_back(name);
  return names;
}

const ColumnDoc* SchemaRegistry::Doc(std::string_view table, std::string_view column) const {
  auto it = docs_.find(std::string(table) + "." + std::string(column));
  return it == docs_.end() ? nullptr : &it->second;
}

std::optional<std::string> SchemaRegistry::TimeColumn(std::string_view table) const {
  auto schema = Find(table);
  if (!schema) return std::nullopt;
  for (const char* name : {"TimeGenerated", "Timestamp"}) {
    auto idx = schema->IndexOf(name);
    if (idx && schema->field(*idx).type == Type::kDatetime) return std::string(name);
  }
  return std::nullopt;
}

namespace {

Result<SchemaRegistry> LoadBuiltinSchemas() {
  QUARRY_ASSIGN_OR_RETURN(std::string path, FindDataPath("data/schemas/tables.tsv"));
  QUARRY_ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  return SchemaRegistry::Parse(text);
}

}  // namespace

Result<const SchemaRegistry*> BuiltinSchemas() {
  static const Result<SchemaRegistry> loaded = LoadBuiltinSchemas();  // thread-safe init
  if (!loaded.ok()) return loaded.status();
  return &loaded.value();
}

}  // namespace quarry
