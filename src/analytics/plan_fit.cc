#include "analytics/plan_fit.h"

#include <algorithm>
#include <cctype>

namespace quarry::analytics {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool HasKind(const Rule& rule, EntityKind kind) {
  return std::any_of(rule.entities.begin(), rule.entities.end(),
                     [kind](const EntityMapping& m) { return m.kind == kind; });
}

bool AnyEquals(const std::vector<std::string>& values, std::string_view wanted) {
  std::string w = Lower(wanted);
  return std::any_of(values.begin(), values.end(), [&](const std::string& v) { return Lower(v) == w; });
}

bool AnyAccount(const std::vector<std::string>& values, std::string_view wanted) {
  std::string w = BareAccount(wanted);
  return std::any_of(values.begin(), values.end(),
                     [&](const std::string& v) { return BareAccount(v) == w; });
}

}  // namespace

std::string BareAccount(std::string_view account) {
  std::string a = Lower(account);
  if (auto at = a.find('@'); at != std::string::npos) a.resize(at);
  if (auto slash = a.rfind('\\'); slash != std::string::npos) a = a.substr(slash + 1);
  return a;
}

bool RuleFitsPlan(const Rule& rule, const hunt::HuntPlan& plan) {
  if (!plan.tables.empty()) {
    for (const auto& t : rule.tables) {
      if (!AnyEquals(plan.tables, t)) return false;
    }
  }
  if (plan.device_name && !HasKind(rule, EntityKind::kHost)) return false;
  if ((plan.user_principal_name || plan.caller) && !HasKind(rule, EntityKind::kAccount)) return false;
  if (plan.ip_address && !HasKind(rule, EntityKind::kIp)) return false;
  if (plan.process_name && !HasKind(rule, EntityKind::kProcess)) return false;
  return true;
}

bool HitMatchesPlan(const Hit& hit, const hunt::HuntPlan& plan) {
  const auto& e = hit.entities;
  if (plan.device_name && !AnyEquals(e.hosts, *plan.device_name)) return false;
  if (plan.user_principal_name && !AnyAccount(e.accounts, *plan.user_principal_name)) return false;
  if (plan.caller && !AnyAccount(e.accounts, *plan.caller)) return false;
  if (plan.ip_address && !AnyEquals(e.ips, *plan.ip_address)) return false;
  if (plan.process_name && !AnyEquals(e.processes, *plan.process_name)) return false;
  return true;
}

}  // namespace quarry::analytics
