// WindowedCatalog: another catalog's tables restricted to rows whose time column falls in
// [from, to). The rule runner uses it so a rule sees the hunt window plus its declared history
// (queryPeriod) and nothing later. Tables without a time column pass through unchanged; rows with
// a null time are dropped from tables that have one.
//
// Thread-safety: as thread-safe as the inner catalog (it holds no mutable state).
#pragma once

#include <cstdint>

#include "kql/catalog.h"

namespace quarry::analytics {

class WindowedCatalog : public kql::Catalog {
 public:
  // REQUIRES: `inner` outlives this object.
  WindowedCatalog(const kql::Catalog& inner, int64_t from_ticks, int64_t to_ticks)
      : inner_(inner), from_(from_ticks), to_(to_ticks) {}

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
  int64_t from_;
  int64_t to_;
};

// The time column of a schema: TimeGenerated when present, else Timestamp, else "".
std::string TimeColumnOf(const Schema& schema);

}  // namespace quarry::analytics
