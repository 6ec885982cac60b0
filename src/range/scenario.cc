#include "range/scenario.h"

#include <algorithm>

#include "common/time.h"

namespace quarry::range {

int64_t ScenarioContext::PickStart(int64_t duration) {
  int64_t earliest = range_start + kTicksPerDay;
  int64_t latest = range_end - duration - 10 * kTicksPerMinute;
  if (latest <= earliest) return earliest;
  // Half of the scenarios in the last three days, the rest anywhere.
  if (rng.Chance(0.5)) earliest = std::max(earliest, range_end - 3 * kTicksPerDay);
  return earliest + static_cast<int64_t>(rng.Below(static_cast<uint64_t>(latest - earliest)));
}

int64_t ScenarioContext::PickRecentStart(int64_t duration, int64_t within) {
  int64_t earliest = std::max(range_start + kTicksPerDay, range_end - within);
  int64_t latest = range_end - duration - 10 * kTicksPerMinute;
  rng.Chance(0.5);  // PickStart's recent-or-anywhere draw, kept so later scenarios don't move
  if (latest <= earliest) return earliest;
  return earliest + static_cast<int64_t>(rng.Below(static_cast<uint64_t>(latest - earliest)));
}

const Host& ScenarioContext::PickHost(const std::vector<std::string>& preferred,
                                      bool (*fallback)(const Host&), double prefer) {
  std::vector<int> candidates;
  for (const auto& name : preferred) {
    int i = world.FindHost(name);
    if (i >= 0) candidates.push_back(i);
  }
  std::vector<int> others = world.HostsWhere(fallback);
  // Usually one of the hosts analysts ask about, sometimes any fitting host.
  if (!candidates.empty() && (others.empty() || rng.Chance(prefer))) {
    return world.hosts[candidates[rng.Below(candidates.size())]];
  }
  return world.hosts[others[rng.Below(others.size())]];
}

const User& ScenarioContext::PickUser(bool include_admins) {
  while (true) {
    const User& u = world.users[rng.Below(world.users.size())];
    if (u.guest || u.account == "cloudops") continue;
    if (!include_admins && u.admin) continue;
    return u;
  }
}

namespace {
void AddUnique(std::vector<std::string>& list, const std::string& v) {
  if (std::find(list.begin(), list.end(), v) == list.end()) list.push_back(v);
}
}  // namespace

void ScenarioContext::AddHost(const std::string& h) { AddUnique(record->hosts, h); }
void ScenarioContext::AddUser(const std::string& u) { AddUnique(record->users, u); }
void ScenarioContext::AddIp(const std::string& ip) { AddUnique(record->ips, ip); }
void ScenarioContext::AddProcess(const std::string& p) { AddUnique(record->processes, p); }
void ScenarioContext::AddFile(const std::string& f) { AddUnique(record->files, f); }

int64_t Seconds(Rng& rng, int64_t lo, int64_t hi) {
  return rng.Between(lo * 1000, hi * 1000) * kTicksPerMillisecond;
}

bool IsWindowsClient(const Host& h) { return h.windows() && !h.server(); }
bool IsWindowsMemberServer(const Host& h) {
  return h.windows() && h.server() && h.role != HostRole::kDomainController;
}

int64_t DayStart(int64_t t) { return FloorDiv(t, kTicksPerDay) * kTicksPerDay; }

std::string EncodePowerShell(std::string_view script) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string bytes;
  for (char ch : script) {
    bytes.push_back(ch);
    bytes.push_back('\0');
  }
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t v = (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8) |
                 static_cast<uint8_t>(bytes[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t v = static_cast<uint8_t>(bytes[i]) << 16;
    if (rest == 2) v |= static_cast<uint8_t>(bytes[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

const std::vector<ScenarioDef>& ScenarioCatalog() {
  static const std::vector<ScenarioDef> kCatalog = {
      {"rdp_brute_force", true, PlantRdpBruteForce},
      {"ssh_brute_force", true, PlantSshBruteForce},
      {"password_spray", true, PlantPasswordSpray},
      {"impossible_travel", true, PlantImpossibleTravel},
      {"mfa_fatigue", true, PlantMfaFatigue},
      {"encoded_powershell_download", true, PlantEncodedPowerShell},
      {"certutil_bitsadmin_download", true, PlantCertutilDownload},
      {"lolbin_proxy_execution", true, PlantLolbinProxy},
      {"run_key_persistence", true, PlantRunKey},
      {"scheduled_task_persistence", true, PlantScheduledTask},
      {"new_local_admin", true, PlantNewLocalAdmin},
      {"lsass_dump", true, PlantLsassDump},
      {"discovery_burst", true, PlantDiscoveryBurst},
      {"lateral_movement", true, PlantLateralMovement},
      {"c2_beacon", true, PlantC2Beacon},
      {"exfiltration", true, PlantExfiltration},
      {"ransomware_mass_rename", true, PlantRansomware},
      {"malicious_inbound_flows", true, PlantMaliciousInbound},
      {"port_scan", true, PlantPortScan},
      {"azure_role_assignment", true, PlantRoleAssignment},
      {"vm_run_command", true, PlantRunCommand},
      {"defender_alert", true, PlantDefenderAlert},
      {"admin_powershell", false, PlantAdminPowerShell},
      {"password_typo", false, PlantPasswordTypo},
      {"backup_job", false, PlantBackupJob},
      {"it_scanner", false, PlantItScanner},
      {"usual_role_assignment", false, PlantUsualRoleAssignment},
      {"admin_certutil_hash", false, PlantAdminCertutil},
  };
  return kCatalog;
}

}  // namespace quarry::range
