#include "analytics/hit.h"

#include <algorithm>
#include <arpa/inet.h>
#include <set>

#include "attack/catalog.h"
#include "common/time.h"
#include "common/json_text.h"

namespace quarry::analytics {
namespace {

// Nested arrays (make_set over arrays) are flattened; other values are kept as JSON text.
void FlattenStrings(const Json& j, std::vector<std::string>* out) {
  if (j.is_array()) {
    for (const auto& e : j) FlattenStrings(e, out);
  } else if (j.is_string()) {
    out->push_back(j.get<std::string>());
  } else if (!j.is_null()) {
    out->push_back(JsonText(j));
  }
}

// The strings a cell holds: one for a scalar, each element for a dynamic array.
std::vector<std::string> CellStrings(const Column& col, size_t row) {
  std::vector<std::string> out;
  if (col.IsNull(row)) return out;
  Value v = col.GetValue(row);
  if (v.type() == Type::kDynamic) {
    const Json& j = v.dynamic_value();
    if (j.is_array()) {
      FlattenStrings(j, &out);
      return out;
    }
    if (j.is_string()) {
      out.push_back(j.get<std::string>());
      return out;
    }
  }
  std::string s = v.ToString();
  if (!s.empty()) out.push_back(std::move(s));
  return out;
}

void AddUnique(std::vector<std::string>* list, const std::string& value) {
  if (value.empty()) return;
  if (std::find(list->begin(), list->end(), value) == list->end()) list->push_back(value);
}

bool IsHashColumn(std::string_view name) {
  return name == "SHA256" || name == "SHA1" || name == "MD5" ||
         name == "InitiatingProcessSHA256" || name == "InitiatingProcessSHA1";
}

bool IsUrlColumn(std::string_view name) {
  return name == "RemoteUrl" || name == "FileOriginUrl" || name == "Url" || name == "Domain";
}

}  // namespace

bool LooksLikeIp(std::string_view text) {
  std::string s(text);
  unsigned char buf[16];
  return inet_pton(AF_INET, s.c_str(), buf) == 1 || inet_pton(AF_INET6, s.c_str(), buf) == 1;
}

bool IsPublicIp(std::string_view text) {
  std::string s(text);
  unsigned char b[16];
  if (inet_pton(AF_INET, s.c_str(), b) == 1) {
    if (b[0] == 10 || b[0] == 127 || b[0] == 0 || b[0] >= 224) return false;
    if (b[0] == 172 && (b[1] & 0xF0) == 16) return false;
    if (b[0] == 192 && b[1] == 168) return false;
    if (b[0] == 169 && b[1] == 254) return false;
    if (b[0] == 100 && (b[1] & 0xC0) == 64) return false;  // carrier-grade NAT
    return true;
  }
  if (inet_pton(AF_INET6, s.c_str(), b) == 1) {
    bool all_zero_but_last = std::all_of(b, b + 15, [](unsigned char c) { return c == 0; });
    if (all_zero_but_last && (b[15] == 0 || b[15] == 1)) return false;  // :: and ::1
    if (b[0] == 0xfe && (b[1] & 0xC0) == 0x80) return false;             // link-local
    if ((b[0] & 0xFE) == 0xfc) return false;                             // unique local
    if (b[0] == 0xff) return false;                                      // multicast
    return true;
  }
  return false;
}

std::vector<Hit> ExtractHits(const Rule& rule, const Table& output) {
  std::vector<Hit> hits;
  const Schema& schema = output.schema();
  auto time_idx = schema.IndexOf(rule.time_column);
  auto item_idx = schema.IndexOf(kItemIdColumn);
  auto evidence_idx = schema.IndexOf(kEvidenceIdsColumn);
  auto technique_idx = schema.IndexOf(kTechniqueIdColumn);
  for (size_t r = 0; r < output.num_rows(); ++r) {
    Hit hit;
    hit.rule = &rule;
    hit.technique = rule.techniques.empty() ? std::string() : rule.techniques.front();
    if (technique_idx && !output.column(*technique_idx)->IsNull(r)) {
      std::string t = output.column(*technique_idx)->GetValue(r).ToString();
      if (auto normalized = attack::NormalizeTechniqueId(t)) hit.technique = *normalized;
    }
    if (time_idx && !output.column(*time_idx)->IsNull(r)) {
      Value t = output.column(*time_idx)->GetValue(r);
      if (t.type() == Type::kDatetime) hit.time_ticks = t.int_value();
    }
    for (auto idx : {item_idx, evidence_idx}) {
      if (!idx) continue;
      for (auto& id : CellStrings(*output.column(*idx), r)) AddUnique(&hit.evidence_ids, id);
    }
    for (const auto& m : rule.entities) {
      auto idx = schema.IndexOf(m.column);
      if (!idx) continue;
      for (auto& v : CellStrings(*output.column(*idx), r)) {
        switch (m.kind) {
          case EntityKind::kHost: AddUnique(&hit.entities.hosts, v); break;
          case EntityKind::kAccount: AddUnique(&hit.entities.accounts, v); break;
          case EntityKind::kIp:
            AddUnique(&hit.entities.ips, v);
            if (IsPublicIp(v)) AddUnique(&hit.iocs, v);
            break;
          case EntityKind::kProcess: AddUnique(&hit.entities.processes, v); break;
          case EntityKind::kFile:
            AddUnique(&hit.entities.files, v);
            AddUnique(&hit.iocs, v);
            break;
          case EntityKind::kHash:
          case EntityKind::kUrl: AddUnique(&hit.iocs, v); break;
        }
      }
    }
    std::string line;
    for (size_t c = 0; c < schema.size(); ++c) {
      const std::string& name = schema.field(c).name;
      if (name == kItemIdColumn || name == kEvidenceIdsColumn || name == kTechniqueIdColumn) continue;
      const Column& col = *output.column(c);
      if (col.IsNull(r)) continue;
      std::string text = col.GetValue(r).ToString();
      if (text.empty()) continue;
      if (IsHashColumn(name) || IsUrlColumn(name)) AddUnique(&hit.iocs, text);
      if (!line.empty()) line += "; ";
      line += name + "=" + text;
    }
    if (line.size() > kMaxLogLineChars) line = line.substr(0, kMaxLogLineChars - 3) + "...";
    hit.log_line = std::move(line);
    hits.push_back(std::move(hit));
  }
  return hits;
}

}  // namespace quarry::analytics
