#include "analytics/fixture_catalog.h"

#include <charconv>

#include "common/time.h"
#include "common/json_text.h"

namespace quarry::analytics {
namespace {

std::optional<int64_t> ToLong(const Json& v) {
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_number_float()) return static_cast<int64_t>(v.get<double>());
  if (!v.is_string()) return std::nullopt;
  const std::string& s = v.get_ref<const std::string&>();
  int64_t out = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return out;
}

std::optional<double> ToReal(const Json& v) {
  if (v.is_number()) return v.get<double>();
  if (!v.is_string()) return std::nullopt;
  try {
    size_t used = 0;
    double d = std::stod(v.get<std::string>(), &used);
    if (used != v.get_ref<const std::string&>().size()) return std::nullopt;
    return d;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

std::optional<Value> FixtureValue(const Json& v, Type type) {
  if (v.is_null()) return Value::Null(type);
  switch (type) {
    case Type::kString:
    case Type::kGuid: {
      std::string s = v.is_string() ? v.get<std::string>() : JsonText(v);
      return type == Type::kString ? Value::String(std::move(s)) : Value::Guid(std::move(s));
    }
    case Type::kBool:
      if (v.is_boolean()) return Value::Bool(v.get<bool>());
      if (v == "true" || v == "True") return Value::Bool(true);
      if (v == "false" || v == "False") return Value::Bool(false);
      return std::nullopt;
    case Type::kInt: {
      auto l = ToLong(v);
      if (!l) return std::nullopt;
      return Value::Int(static_cast<int32_t>(*l));
    }
    case Type::kLong: {
      auto l = ToLong(v);
      if (!l) return std::nullopt;
      return Value::Long(*l);
    }
    case Type::kReal:
    case Type::kDecimal: {
      auto d = ToReal(v);
      if (!d) return std::nullopt;
      return type == Type::kReal ? Value::Real(*d) : Value::Decimal(*d);
    }
    case Type::kDatetime: {
      if (!v.is_string()) return std::nullopt;
      auto t = ParseDatetime(v.get<std::string>());
      if (!t) return std::nullopt;
      return Value::Datetime(*t);
    }
    case Type::kTimespan: {
      if (!v.is_string()) return std::nullopt;
      auto t = ParseTimespan(v.get<std::string>());
      if (!t) return std::nullopt;
      return Value::Timespan(*t);
    }
    case Type::kDynamic:
      return Value::Dynamic(v);
  }
  return std::nullopt;
}

Result<std::unique_ptr<FixtureCatalog>> FixtureCatalog::Build(const Fixture& fixture,
                                                              const SchemaRegistry& schemas,
                                                              const std::string& id_prefix) {
  auto catalog = std::make_unique<FixtureCatalog>();
  for (const auto& name : schemas.TableNames()) {
    auto schema = schemas.Find(name);
    Schema with_id = *schema;
    with_id.Add(Field{std::string(kItemIdColumn), Type::kString});
    catalog->tables_[name] = Entry{*schema, Table::Empty(with_id)};
  }
  for (const auto& [table, rows] : fixture.tables) {
    auto canonical = schemas.CanonicalName(table);
    if (!canonical) {
      return InvalidArgument("fixture table '" + table + "' is not a built-in table (see `quarry tables`)");
    }
    Entry& entry = catalog->tables_[*canonical];
    Schema with_id = entry.schema;
    with_id.Add(Field{std::string(kItemIdColumn), Type::kString});
    TableBuilder builder(with_id);
    for (size_t r = 0; r < rows.size(); ++r) {
      std::vector<Value> values;
      values.reserve(with_id.size());
      for (const auto& field : entry.schema.fields()) {
        auto it = rows[r].find(field.name);
        if (it == rows[r].end()) {
          values.push_back(Value::Null(field.type));
          continue;
        }
        auto value = FixtureValue(it->second, field.type);
        if (!value) {
          return InvalidArgument("fixture table '" + table + "' row " + std::to_string(r + 1) +
                                 ", column '" + field.name + "': " + JsonText(it->second) +
                                 " is not a " + std::string(TypeName(field.type)));
        }
        values.push_back(std::move(*value));
      }
      for (const auto& [col, v] : rows[r]) {
        if (col != kItemIdColumn && !entry.schema.IndexOf(col)) {
          return InvalidArgument("fixture table '" + table + "' row " + std::to_string(r + 1) +
                                 ": no column '" + col + "' in " + *canonical);
        }
      }
      auto id = rows[r].find(std::string(kItemIdColumn));
      values.push_back(Value::String(id != rows[r].end() && id->second.is_string()
                                         ? id->second.get<std::string>()
                                         : id_prefix + "-" + *canonical + "-" + std::to_string(r + 1)));
      builder.AppendRow(values);
    }
    entry.data = builder.Finish();
  }
  return catalog;
}

std::optional<Schema> FixtureCatalog::GetSchema(std::string_view table) const {
  auto it = tables_.find(table);
  if (it == tables_.end()) return std::nullopt;
  return it->second.schema;
}

std::vector<Field> FixtureCatalog::HiddenColumns(std::string_view table) const {
  if (tables_.find(table) == tables_.end()) return {};
  return {Field{std::string(kItemIdColumn), Type::kString}};
}

std::vector<std::string> FixtureCatalog::TableNames() const {
  std::vector<std::string> names;
  for (const auto& [name, entry] : tables_) names.push_back(name);
  return names;
}

Result<TablePtr> FixtureCatalog::Scan(const kql::ScanRequest& request,
                                      kql::ScanStats* stats) const {
  auto it = tables_.find(request.table);
  if (it == tables_.end()) return NotFound("table '" + request.table + "' not found");
  const Table& data = *it->second.data;
  if (stats) {
    stats->partitions_total += 1;
    stats->partitions_read += 1;
    stats->rows_read += data.num_rows();
  }
  Schema schema;
  std::vector<ColumnPtr> columns;
  if (request.columns.empty()) {
    schema = it->second.schema;
    columns.assign(data.columns().begin(), data.columns().begin() + schema.size());
  } else {
    for (const auto& name : request.columns) {
      auto idx = data.schema().IndexOf(name);
      if (!idx) continue;
      schema.Add(data.schema().field(*idx));
      columns.push_back(data.column(*idx));
    }
  }
  return std::make_shared<const Table>(std::move(schema), std::move(columns), data.num_rows());
}

}  // namespace quarry::analytics
