// Manifest: the list of a workspace's tables and their segments — the one file that says what
// is committed (docs/FORMAT.md, "Manifest"). Replaced atomically: written to MANIFEST.tmp,
// fsync'd, renamed over MANIFEST, and the directory fsync'd. Internal to the store.
// Plain values; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "store/env.h"
#include "table/table.h"

namespace quarry::store {

inline constexpr std::string_view kManifestFile = "MANIFEST";
inline constexpr std::string_view kManifestTempFile = "MANIFEST.tmp";
inline constexpr std::string_view kLockFile = "LOCK";
inline constexpr std::string_view kSegmentsDir = "segments";

struct SegmentEntry {
  uint64_t id = 0;
  uint64_t rows = 0;
  uint64_t bytes = 0;
  std::optional<int64_t> min_time, max_time;
};

struct TableEntry {
  std::string name;
  Schema schema;            // visible columns, in order; grows by appends
  std::string time_column;  // "" when none
  std::vector<SegmentEntry> segments;
};

struct Manifest {
  uint64_t commit = 0;  // number of commits so far
  uint64_t next_item_id = 1;
  uint64_t next_segment_id = 1;
  std::vector<TableEntry> tables;

  const TableEntry* Find(std::string_view name) const;
  TableEntry* Find(std::string_view name);
};

// "segments/00000042.qseg"
std::string SegmentFileName(uint64_t id);

std::string ManifestToText(const Manifest& manifest);
// `where` names the file in errors.
Result<Manifest> ParseManifest(std::string_view text, const std::string& where);
// The committed manifest of the workspace at `dir`; an empty one when none was committed yet.
Result<Manifest> LoadManifest(Env* env, const std::string& dir);
// Commits `manifest` atomically (see above). On error the previous MANIFEST is intact.
Status StoreManifest(Env* env, const std::string& dir, const Manifest& manifest);

}  // namespace quarry::store
