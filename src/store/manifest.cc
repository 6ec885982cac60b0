#include "store/manifest.h"

#include <fmt/core.h>

#include "table/value.h"
#include "common/json_text.h"

namespace quarry::store {

const TableEntry* Manifest::Find(std::string_view name) const {
  for (const auto& t : tables) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

TableEntry* Manifest::Find(std::string_view name) {
  for (auto& t : tables) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

std::string SegmentFileName(uint64_t id) {
  return fmt::format("{}/{:08d}.qseg", kSegmentsDir, id);
}

std::string ManifestToText(const Manifest& m) {
  Json tables = Json::array();
  for (const auto& t : m.tables) {
    Json columns = Json::array();
    for (const auto& f : t.schema.fields()) columns.push_back(Json::array({f.name, TypeName(f.type)}));
    Json segments = Json::array();
    for (const auto& s : t.segments) {
      Json seg{{"id", s.id}, {"rows", s.rows}, {"bytes", s.bytes}};
      if (s.min_time) {
        seg["min_time"] = *s.min_time;
        seg["max_time"] = *s.max_time;
      }
      segments.push_back(std::move(seg));
    }
    tables.push_back(Json{{"name", t.name},
                          {"time_column", t.time_column},
                          {"columns", std::move(columns)},
                          {"segments", std::move(segments)}});
  }
  Json doc{{"format", "quarry-workspace"},
           {"version", 1},
           {"commit", m.commit},
           {"next_item_id", m.next_item_id},
           {"next_segment_id", m.next_segment_id},
           {"tables", std::move(tables)}};
  return JsonText(doc, 1) + "\n";
}

Result<Manifest> ParseManifest(std::string_view text, const std::string& where) {
  auto corrupt = [&](const std::string& what) {
    return DataLoss("workspace manifest '" + where + "' is damaged (" + what + ")");
  };
  Json doc = Json::parse(text.begin(), text.end(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return corrupt("not JSON");
  Manifest m;
  try {
    if (doc.at("format").get<std::string>() != "quarry-workspace") return corrupt("format");
    if (doc.at("version").get<int>() != 1) {
      return FailedPrecondition("workspace manifest '" + where +
                                "' has a format version this Quarry does not know; upgrade Quarry");
    }
    m.commit = doc.at("commit").get<uint64_t>();
    m.next_item_id = doc.at("next_item_id").get<uint64_t>();
    m.next_segment_id = doc.at("next_segment_id").get<uint64_t>();
    for (const auto& t : doc.at("tables")) {
      TableEntry entry;
      entry.name = t.at("name").get<std::string>();
      entry.time_column = t.at("time_column").get<std::string>();
      for (const auto& c : t.at("columns")) {
        auto type = TypeFromName(c.at(1).get<std::string>());
        if (!type) return corrupt("unknown type in table '" + entry.name + "'");
        entry.schema.Add(Field{c.at(0).get<std::string>(), *type});
      }
      for (const auto& s : t.at("segments")) {
        SegmentEntry seg;
        seg.id = s.at("id").get<uint64_t>();
        seg.rows = s.at("rows").get<uint64_t>();
        seg.bytes = s.at("bytes").get<uint64_t>();
        if (s.contains("min_time")) {
          seg.min_time = s.at("min_time").get<int64_t>();
          seg.max_time = s.at("max_time").get<int64_t>();
        }
        entry.segments.push_back(seg);
      }
      m.tables.push_back(std::move(entry));
    }
  } catch (const Json::exception& e) {
    return corrupt(e.what());
  }
  return m;
}

Result<Manifest> LoadManifest(Env* env, const std::string& dir) {
  std::string path = dir + "/" + std::string(kManifestFile);
  if (!env->FileExists(path)) return Manifest();
  QUARRY_ASSIGN_OR_RETURN(std::string text, ReadWholeFile(env, path));
  return ParseManifest(text, path);
}

Status StoreManifest(Env* env, const std::string& dir, const Manifest& manifest) {
  std::string tmp = dir + "/" + std::string(kManifestTempFile);
  QUARRY_RETURN_IF_ERROR(WriteWholeFile(env, tmp, ManifestToText(manifest)));
  QUARRY_RETURN_IF_ERROR(env->RenameFile(tmp, dir + "/" + std::string(kManifestFile)));
  return env->SyncDir(dir);
}

}  // namespace quarry::store
