// Time zone functions: datetime_utc_to_local(dt, tz) and datetime_local_to_utc(dt, tz) with the
// system's IANA time zone database (/usr/share/zoneinfo, or $TZDIR), read from its TZif files
// (RFC 8536: the 64-bit transition table of version 2+ files). Times after the last transition
// keep its offset. A local time that does not exist (skipped by a DST change) is read with the
// offset in force after the change, as Kusto does; an ambiguous one (repeated when clocks go
// back) is read with the offset after the change too.
// An unknown zone name gives null. Zones are loaded once and cached: thread-safe.
#include <algorithm>
#include <array>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>

#include "common/time.h"
#include "kql/functions/builtin_functions.h"
#include "kql/functions/kernel_util.h"

namespace quarry::kql::fn {
namespace {

struct Zone {
  std::vector<int64_t> transitions;  // UTC seconds, ascending
  std::vector<int32_t> offsets;      // UTC offset in seconds from transitions[k] on
  int32_t initial_offset = 0;        // before the first transition

  int32_t OffsetAt(int64_t utc_seconds) const {
    auto it = std::upper_bound(transitions.begin(), transitions.end(), utc_seconds);
    if (it == transitions.begin()) return initial_offset;
    return offsets[static_cast<size_t>(it - transitions.begin() - 1)];
  }
};

uint32_t Be32(const std::string& s, size_t at) {
  return (uint32_t(uint8_t(s[at])) << 24) | (uint32_t(uint8_t(s[at + 1])) << 16) |
         (uint32_t(uint8_t(s[at + 2])) << 8) | uint32_t(uint8_t(s[at + 3]));
}

int64_t Be64(const std::string& s, size_t at) {
  return static_cast<int64_t>((uint64_t(Be32(s, at)) << 32) | Be32(s, at + 4));
}

// Parses a TZif file; nullopt when it is not one.
std::optional<Zone> ParseTzif(const std::string& data) {
  auto header = [&](size_t at, std::array<uint32_t, 6>* counts) {
    if (data.size() < at + 44 || data.compare(at, 4, "TZif") != 0) return false;
    for (size_t k = 0; k < 6; ++k) (*counts)[k] = Be32(data, at + 20 + 4 * k);
    return true;
  };
  // counts: isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
  std::array<uint32_t, 6> c{};
  if (!header(0, &c)) return std::nullopt;
  size_t at = 44;
  bool v2 = data[4] >= '2';
  size_t time_size = 4;
  if (v2) {
    size_t v1_body = size_t{c[3]} * 5 + size_t{c[4]} * 6 + c[5] + size_t{c[2]} * 8 + c[1] + c[0];
    at += v1_body;
    if (!header(at, &c)) return std::nullopt;
    at += 44;
    time_size = 8;
  }
  size_t timecnt = c[3], typecnt = c[4];
  if (typecnt == 0 || data.size() < at + timecnt * (time_size + 1) + typecnt * 6) {
    return std::nullopt;
  }
  Zone z;
  std::vector<uint8_t> index(timecnt);
  for (size_t k = 0; k < timecnt; ++k) {
    z.transitions.push_back(time_size == 8 ? Be64(data, at + 8 * k)
                                           : static_cast<int32_t>(Be32(data, at + 4 * k)));
  }
  at += timecnt * time_size;
  for (size_t k = 0; k < timecnt; ++k) index[k] = static_cast<uint8_t>(data[at + k]);
  at += timecnt;
  std::vector<int32_t> type_offset(typecnt);
  std::vector<bool> type_dst(typecnt);
  for (size_t k = 0; k < typecnt; ++k) {
    type_offset[k] = static_cast<int32_t>(Be32(data, at + 6 * k));
    type_dst[k] = data[at + 6 * k + 4] != 0;
  }
  for (size_t k = 0; k < timecnt; ++k) {
    if (index[k] >= typecnt) return std::nullopt;
    z.offsets.push_back(type_offset[index[k]]);
  }
  // Before the first transition: the first standard-time type (RFC 8536 section 3.2).
  z.initial_offset = type_offset[0];
  for (size_t k = 0; k < typecnt; ++k) {
    if (!type_dst[k]) {
      z.initial_offset = type_offset[k];
      break;
    }
  }
  return z;
}

bool ValidZoneName(std::string_view name) {
  if (name.empty() || name.size() > 64 || name[0] == '/' || name.find("..") != std::string::npos) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) || ch == '/' || ch == '_' || ch == '-' ||
           ch == '+';
  });
}

// The zone by IANA name, loaded once; nullptr when unknown.
std::shared_ptr<const Zone> FindZone(const std::string& name) {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const Zone>> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  std::shared_ptr<const Zone> zone;
  if (ValidZoneName(name)) {
    const char* dir = std::getenv("TZDIR");
    std::ifstream in(std::string(dir && *dir ? dir : "/usr/share/zoneinfo") + "/" + name,
                     std::ios::binary);
    if (in) {
      std::ostringstream buf;
      buf << in.rdbuf();
      if (auto z = ParseTzif(buf.str())) zone = std::make_shared<const Zone>(std::move(*z));
    }
  }
  if (cache.size() < 1024) cache[name] = zone;
  return zone;
}

int64_t FloorSeconds(int64_t ticks) {
  return ticks >= 0 ? ticks / kTicksPerSecond : -((-ticks + kTicksPerSecond - 1) / kTicksPerSecond);
}

int64_t UtcToLocal(const Zone& z, int64_t utc_ticks) {
  return utc_ticks + int64_t{z.OffsetAt(FloorSeconds(utc_ticks))} * kTicksPerSecond;
}

int64_t LocalToUtc(const Zone& z, int64_t local_ticks) {
  int64_t first = local_ticks - int64_t{z.OffsetAt(FloorSeconds(local_ticks))} * kTicksPerSecond;
  if (UtcToLocal(z, first) == local_ticks) return first;
  int64_t second = local_ticks - int64_t{z.OffsetAt(FloorSeconds(first))} * kTicksPerSecond;
  if (UtcToLocal(z, second) == local_ticks) return second;
  return first;
}

void AddZoneFunction(FunctionRegistry& r, const std::string& name, bool to_local) {
  r.AddScalar(name, [name, to_local](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 2, 2));
    if (args[0].type != Type::kDatetime) return ArgTypeError(name, 0, "datetime", args[0].type);
    if (!IsStringLike(args[1].type)) return ArgTypeError(name, 1, "string", args[1].type);
    return ScalarBinding{
        Type::kDatetime, [to_local](std::span<const Datum> in, const EvalContext&) {
          return MapRows(in, Type::kDatetime,
                         [to_local](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
                           auto zone = FindZone(std::string(v[1].Str(i)));
                           if (v[0].IsNull(i) || !zone) return b.AppendNull();
                           int64_t t = v[0].Long(i);
                           b.AppendLong(to_local ? UtcToLocal(*zone, t) : LocalToUtc(*zone, t));
                         });
        }};
  });
}

}  // namespace

void RegisterTimezones(FunctionRegistry& r) {
  AddZoneFunction(r, "datetime_utc_to_local", true);
  AddZoneFunction(r, "datetime_local_to_utc", false);
}

}  // namespace quarry::kql::fn
