// TimeScopedCatalog: a Catalog that shows only the rows of another catalog whose time column
// (TimeGenerated, else Timestamp) lies in an inclusive window — how the Log Analytics query API
// applies its "timespan" parameter on top of the query's own filters. Tables without either
// column are not filtered, as in Log Analytics.
//
// Thread-safe when the inner catalog is; holds a reference to it.
#pragma once

#include <optional>
#include <string>

#include "kql/catalog.h"

namespace quarry::server {

class TimeScopedCatalog : public kql::Catalog {
 public:
  // REQUIRES: inner outlives this; start_ticks <= end_ticks.
  TimeScopedCatalog(const kql::Catalog& inner, int64_t start_ticks, int64_t end_ticks)
      : inner_(inner), start_(start_ticks), end_(end_ticks) {}

  std::optional<Schema> GetSchema(std::string_view table) const override {
    return inner_.GetSchema(table);
  }
  std::optional<std::string> CanonicalName(std::string_view table) const override {
    return inner_.CanonicalName(table);
  }
  std::vector<Field> HiddenColumns(std::string_view table) const override {
    return inner_.HiddenColumns(table);
  }
  std::vector<std::string> TableNames() const override { return inner_.TableNames(); }
  Result<TablePtr> Scan(const kql::ScanRequest& request, kql::ScanStats* stats) const override;

 private:
  const kql::Catalog& inner_;
  int64_t start_;
  int64_t end_;
};

// The column a table is scoped by: "TimeGenerated" or "Timestamp" when it is a datetime column
// of `schema`, else nullopt.
std::optional<std::string> ScopeColumn(const Schema& schema);

}  // namespace quarry::server
