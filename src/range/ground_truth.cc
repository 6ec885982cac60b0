#include "range/ground_truth.h"

#include <fmt/core.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "common/data_path.h"
#include "common/time.h"
#include "common/json_text.h"

namespace quarry::range {
namespace {

using nlohmann::json;

std::string Join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

Result<std::vector<std::string>> StringList(const json& j, const char* key) {
  std::vector<std::string> out;
  if (!j.contains(key)) return out;
  if (!j[key].is_array()) return InvalidArgument(std::string("field '") + key + "': not an array");
  for (const auto& v : j[key]) {
    if (!v.is_string()) {
      return InvalidArgument(std::string("field '") + key + "': holds a non-string value");
    }
    out.push_back(v.get<std::string>());
  }
  return out;
}

Result<int64_t> TimeField(const json& j, const char* key) {
  if (!j.contains(key) || !j[key].is_string()) {
    return InvalidArgument(std::string("field '") + key + "': missing or not a datetime string");
  }
  auto t = ParseDatetime(j[key].get<std::string>());
  if (!t) return InvalidArgument(std::string("field '") + key + "': not a datetime");
  return *t;
}

std::string ShortTime(int64_t ticks) {
  CivilTime c = CivilFromTicks(ticks);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}", c.year, c.month, c.day, c.hour, c.minute);
}

}  // namespace

size_t TruthRecord::EvidenceCount() const {
  size_t n = 0;
  for (const auto& [table, ids] : evidence) n += ids.size();
  return n;
}

std::vector<const TruthRecord*> GroundTruth::Scenarios() const {
  std::vector<const TruthRecord*> out;
  for (const auto& r : records) {
    if (r.malicious) out.push_back(&r);
  }
  return out;
}

std::vector<const TruthRecord*> GroundTruth::LookAlikes() const {
  std::vector<const TruthRecord*> out;
  for (const auto& r : records) {
    if (!r.malicious) out.push_back(&r);
  }
  return out;
}

json TruthRecordToJson(const TruthRecord& r) {
  json evidence = json::object();
  for (const auto& [table, ids] : r.evidence) {
    json list = json::array();
    for (uint64_t id : ids) list.push_back(std::to_string(id));
    evidence[table] = std::move(list);
  }
  return json{{"id", r.id},
              {"kind", r.kind},
              {"name", r.name},
              {"malicious", r.malicious},
              {"techniques", r.techniques},
              {"hosts", r.hosts},
              {"users", r.users},
              {"ips", r.ips},
              {"processes", r.processes},
              {"files", r.files},
              {"start", FormatDatetime(r.start_ticks)},
              {"end", FormatDatetime(r.end_ticks)},
              {"description", r.description},
              {"evidence", std::move(evidence)}};
}

Result<TruthRecord> TruthRecordFromJson(const json& j) {
  if (!j.is_object()) return InvalidArgument("a ground-truth record is not a JSON object");
  TruthRecord r;
  if (!j.contains("id") || !j["id"].is_string()) {
    return InvalidArgument("field 'id': missing or not a string");
  }
  r.id = j["id"].get<std::string>();
  auto ctx = [&r](const Status& s) { return s.WithContext("scenario " + r.id); };
  r.kind = j.value("kind", "");
  r.name = j.value("name", "");
  r.malicious = j.value("malicious", true);
  r.description = j.value("description", "");
  struct ListField {
    const char* key;
    std::vector<std::string>* out;
  };
  for (const ListField& f : {ListField{"techniques", &r.techniques}, {"hosts", &r.hosts},
                             {"users", &r.users}, {"ips", &r.ips}, {"processes", &r.processes},
                             {"files", &r.files}}) {
    auto list = StringList(j, f.key);
    if (!list.ok()) return ctx(list.status());
    *f.out = std::move(*list);
  }
  auto start = TimeField(j, "start");
  if (!start.ok()) return ctx(start.status());
  auto end = TimeField(j, "end");
  if (!end.ok()) return ctx(end.status());
  r.start_ticks = *start;
  r.end_ticks = *end;
  if (j.contains("evidence")) {
    if (!j["evidence"].is_object()) return ctx(InvalidArgument("field 'evidence': not an object"));
    for (const auto& [table, ids] : j["evidence"].items()) {
      if (!ids.is_array()) return ctx(InvalidArgument("evidence of " + table + ": not an array"));
      auto& out = r.evidence[table];
      for (const auto& id : ids) {
        if (!id.is_string()) return ctx(InvalidArgument("evidence of " + table + ": non-string id"));
        try {
          out.push_back(std::stoull(id.get<std::string>()));
        } catch (const std::exception&) {
          return ctx(InvalidArgument("evidence of " + table + ": id '" + id.get<std::string>() +
                                     "' is not a number"));
        }
      }
    }
  }
  return r;
}

json GroundTruthToJson(const GroundTruth& truth) {
  json records = json::array();
  for (const auto& r : truth.records) records.push_back(TruthRecordToJson(r));
  return json{{"format", "quarry.range_truth.v1"},
              {"seed", truth.seed},
              {"scale", truth.scale},
              {"start", FormatDatetime(truth.start_ticks)},
              {"end", FormatDatetime(truth.end_ticks)},
              {"records", std::move(records)}};
}

Result<GroundTruth> GroundTruthFromJson(const json& j) {
  if (!j.is_object() || j.value("format", "") != "quarry.range_truth.v1") {
    return InvalidArgument("not a cyber range ground truth (expected format quarry.range_truth.v1)");
  }
  GroundTruth truth;
  if (!j.contains("seed") || !j["seed"].is_number_unsigned()) {
    return InvalidArgument("field 'seed': missing or not a non-negative number");
  }
  truth.seed = j["seed"].get<uint64_t>();
  truth.scale = j.value("scale", "");
  QUARRY_ASSIGN_OR_RETURN(truth.start_ticks, TimeField(j, "start"));
  QUARRY_ASSIGN_OR_RETURN(truth.end_ticks, TimeField(j, "end"));
  if (!j.contains("records") || !j["records"].is_array()) {
    return InvalidArgument("field 'records': missing or not an array");
  }
  for (const auto& rj : j["records"]) {
    QUARRY_ASSIGN_OR_RETURN(TruthRecord r, TruthRecordFromJson(rj));
    truth.records.push_back(std::move(r));
  }
  return truth;
}

Status WriteGroundTruth(const std::string& dir, const GroundTruth& truth) {
  namespace fs = std::filesystem;
  fs::path final_path = fs::path(dir) / kTruthFileName;
  fs::path tmp_path = fs::path(dir) / (std::string(kTruthFileName) + ".tmp");
  {
    std::ofstream out(tmp_path, std::ios::binary | std::ios::trunc);
    if (!out) return Unavailable("cannot write " + tmp_path.string());
    out << JsonText(GroundTruthToJson(truth), 1) << "\n";
    out.flush();
    if (!out) return Unavailable("writing " + tmp_path.string() + " failed (disk full?)");
  }
  std::error_code ec;
  fs::rename(tmp_path, final_path, ec);
  if (ec) return Unavailable("cannot rename " + tmp_path.string() + ": " + ec.message());
  return Status::Ok();
}

Result<GroundTruth> ReadGroundTruth(const std::string& dir) {
  std::string path = (std::filesystem::path(dir) / kTruthFileName).string();
  if (!std::filesystem::exists(path)) {
    return NotFound("no cyber range ground truth in " + dir + " (" + kTruthFileName +
                    " is missing; create one with `quarry demo init`)");
  }
  QUARRY_ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return DataLoss(path + ": not valid JSON");
  auto truth = GroundTruthFromJson(j);
  if (!truth.ok()) return truth.status().WithContext(path);
  return truth;
}

std::string FormatTruthTable(const GroundTruth& truth, bool include_lookalikes) {
  std::string out = fmt::format("{:<32} {:<17} {:<17} {:<22} {:<28} {:>5}  {}\n", "ID", "START",
                                "END", "TECHNIQUES", "HOSTS / USERS", "ROWS", "NAME");
  for (const auto& r : truth.records) {
    if (!r.malicious && !include_lookalikes) continue;
    std::string who = Join(r.hosts, ",");
    if (!r.users.empty()) who += (who.empty() ? "" : " / ") + Join(r.users, ",");
    if (who.size() > 28) who = who.substr(0, 25) + "...";
    std::string tech = Join(r.techniques, ",");
    if (tech.size() > 22) tech = tech.substr(0, 19) + "...";
    out += fmt::format("{:<32} {:<17} {:<17} {:<22} {:<28} {:>5}  {}{}\n", r.id,
                       ShortTime(r.start_ticks), ShortTime(r.end_ticks), tech, who,
                       r.EvidenceCount(), r.malicious ? "" : "[benign] ", r.name);
  }
  return out;
}

}  // namespace quarry::range
