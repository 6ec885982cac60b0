#include "analytics/rule.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace quarry::analytics {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kInformational: return "Informational";
    case Severity::kLow: return "Low";
    case Severity::kMedium: return "Medium";
    case Severity::kHigh: return "High";
  }
  return "Medium";
}

std::optional<Severity> SeverityFromName(std::string_view name) {
  std::string n = Lower(name);
  if (n == "informational") return Severity::kInformational;
  if (n == "low") return Severity::kLow;
  if (n == "medium") return Severity::kMedium;
  if (n == "high") return Severity::kHigh;
  return std::nullopt;
}

const char* EntityKindName(EntityKind k) {
  switch (k) {
    case EntityKind::kHost: return "host";
    case EntityKind::kAccount: return "account";
    case EntityKind::kIp: return "ip";
    case EntityKind::kProcess: return "process";
    case EntityKind::kFile: return "file";
    case EntityKind::kHash: return "hash";
    case EntityKind::kUrl: return "url";
  }
  return "host";
}

std::optional<EntityKind> EntityKindFromName(std::string_view name) {
  std::string n = Lower(name);
  if (n == "host") return EntityKind::kHost;
  if (n == "account") return EntityKind::kAccount;
  if (n == "ip") return EntityKind::kIp;
  if (n == "process") return EntityKind::kProcess;
  if (n == "file") return EntityKind::kFile;
  if (n == "hash" || n == "filehash") return EntityKind::kHash;
  if (n == "url" || n == "domain" || n == "dns") return EntityKind::kUrl;
  return std::nullopt;
}

}  // namespace quarry::analytics
