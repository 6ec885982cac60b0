#include "sources/kusto_table.h"

#include <fmt/core.h>

#include <cmath>
#include <limits>

#include "store/value_text.h"
#include "common/json_text.h"

namespace quarry::sources {
namespace {

std::string Shorten(std::string text) {
  if (text.size() > 80) text = text.substr(0, 80) + "...";
  return text;
}

// Appends a non-null JSON cell to `builder`; false when it is not a value of the type.
bool AppendCell(ColumnBuilder& builder, const Json& cell) {
  const Type type = builder.type();
  if (type == Type::kString) {
    if (cell.is_string()) {
      builder.AppendString(cell.get_ref<const std::string&>());
    } else {
      builder.AppendString(JsonText(cell));
    }
    return true;
  }
  if (type == Type::kDynamic) {
    if (cell.is_string()) {
      const auto& text = cell.get_ref<const std::string&>();
      Json parsed = Json::parse(text, nullptr, /*allow_exceptions=*/false);
      builder.AppendDynamic(
          std::make_shared<const Json>(parsed.is_discarded() ? cell : std::move(parsed)));
    } else {
      builder.AppendDynamic(std::make_shared<const Json>(cell));
    }
    return true;
  }
  if (cell.is_string()) return store::AppendText(builder, cell.get_ref<const std::string&>());
  switch (type) {
    case Type::kBool:
      if (cell.is_boolean()) {
        builder.AppendBool(cell.get<bool>());
        return true;
      }
      if (cell.is_number_integer() && (cell.get<int64_t>() == 0 || cell.get<int64_t>() == 1)) {
        builder.AppendBool(cell.get<int64_t>() == 1);
        return true;
      }
      return false;
    case Type::kInt:
      if (cell.is_number_integer()) {
        if (cell.is_number_unsigned() &&
            cell.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int32_t>::max())) {
          return false;
        }
        int64_t v = cell.get<int64_t>();
        if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()) {
          return false;
        }
        builder.AppendInt(static_cast<int32_t>(v));
        return true;
      }
      return false;
    case Type::kLong:
      if (cell.is_number_unsigned()) {
        if (cell.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
          return false;
        }
        builder.AppendLong(static_cast<int64_t>(cell.get<uint64_t>()));
        return true;
      }
      if (cell.is_number_integer()) {
        builder.AppendLong(cell.get<int64_t>());
        return true;
      }
      if (cell.is_number_float()) {
        double d = cell.get<double>();
        if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) < 9.2e18) {
          builder.AppendLong(static_cast<int64_t>(d));
          return true;
        }
      }
      return false;
    case Type::kReal:
    case Type::kDecimal:
      if (cell.is_number()) {
        builder.AppendReal(cell.get<double>());
        return true;
      }
      return false;
    default:
      return false;  // datetime, timespan and guid only come as strings
  }
}

}  // namespace

Result<TablePtr> KustoRowsToTable(const std::vector<KustoColumn>& columns, const Json& rows,
                                  const std::string& where) {
  if (!rows.is_array()) return InvalidArgument(fmt::format("{}: 'rows' is not an array", where));
  std::vector<Field> fields;
  std::vector<ColumnBuilder> builders;
  fields.reserve(columns.size());
  builders.reserve(columns.size());
  for (const auto& column : columns) {
    std::optional<Type> type = TypeFromName(column.type);
    if (!type) {
      return InvalidArgument(fmt::format("{}: column '{}' has type '{}', which is not a Kusto type",
                                         where, column.name, column.type));
    }
    fields.push_back({column.name, *type});
    builders.emplace_back(*type);
    builders.back().Reserve(rows.size());
  }
  size_t row_number = 0;
  for (const auto& row : rows) {
    ++row_number;
    if (!row.is_array() || row.size() != columns.size()) {
      return InvalidArgument(
          fmt::format("{}: row {} does not have {} cells", where, row_number, columns.size()));
    }
    for (size_t c = 0; c < columns.size(); ++c) {
      const Json& cell = row[c];
      if (cell.is_null()) {
        builders[c].AppendNull();
      } else if (!AppendCell(builders[c], cell)) {
        return InvalidArgument(fmt::format(
            "{}: row {}, column '{}' ({}) holds {}, which is not of type {}", where, row_number,
            columns[c].name, columns[c].type, Shorten(JsonText(cell)), TypeName(fields[c].type)));
      }
    }
  }
  std::vector<ColumnPtr> built;
  built.reserve(builders.size());
  for (auto& builder : builders) built.push_back(builder.Finish());
  return std::make_shared<const Table>(Schema(std::move(fields)), std::move(built), rows.size());
}

}  // namespace quarry::sources
