// Planted scenarios: attacks (and benign look-alikes) written into the cyber range with their
// ground truth. Each Plant* function fills its TruthRecord's description fields (id, kind, name,
// ATT&CK techniques, hosts, users, IPs, processes, files) and appends its rows to the context's
// buffer tagged with the record's index; the generator later fills in the evidence item ids and
// the time window from the rows' ids and times. Hosts, users, IPs, times and command-line
// variants are drawn from the context's Rng, so every seed lays the range out differently.
// Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/time.h"
#include "range/cloud_events.h"
#include "range/device_events.h"
#include "range/ground_truth.h"
#include "range/row_buffer.h"
#include "range/rng.h"
#include "range/world.h"

namespace quarry::range {

struct ScenarioContext {
  ScenarioContext(const World& w, RowBuffer& buffer, Rng& r, int64_t start, int64_t end)
      : world(w), out(buffer), rng(r), dev(w, buffer, r), cloud(w, buffer, r),
        range_start(start), range_end(end) {}

  const World& world;
  RowBuffer& out;
  Rng& rng;
  DeviceEvents dev;
  CloudEvents cloud;
  int64_t range_start, range_end;
  int tag = -1;                  // index of the record being planted
  TruthRecord* record = nullptr;
  // Entities already used by earlier scenarios (so a campaign can reuse a compromised user).
  std::vector<int> compromised_users;

  // A start time for something lasting `duration`, at least a day into the range and ending
  // before its end; biased towards the recent days analysts ask about.
  int64_t PickStart(int64_t duration);
  // A start time for something lasting `duration` that lies wholly within the last `within`
  // ticks of the range (and at least a day into it). Draws as many numbers as PickStart, so the
  // scenarios planted after it keep their layout.
  int64_t PickRecentStart(int64_t duration, int64_t within);
  // One of `preferred` (those the world has) with probability `prefer`, else any host passing
  // `fallback`. With prefer 1 a preferred host is always chosen; the draws are the same.
  const Host& PickHost(const std::vector<std::string>& preferred, bool (*fallback)(const Host&),
                       double prefer = 0.6);
  const User& PickUser(bool include_admins);
  // Adds to the record's entity lists without duplicates.
  void AddHost(const std::string& h);
  void AddUser(const std::string& u);
  void AddIp(const std::string& ip);
  void AddProcess(const std::string& p);
  void AddFile(const std::string& f);
};

// A random duration of lo..hi seconds (millisecond resolution), in ticks.
int64_t Seconds(Rng& rng, int64_t lo, int64_t hi);
// Midnight (UTC) of the day holding `t` (resident processes are keyed by day).
int64_t DayStart(int64_t t);

// Host filters for PickHost's fallback.
bool IsWindowsClient(const Host& h);
bool IsWindowsMemberServer(const Host& h);  // a Windows server other than a domain controller

// UTF-16LE base64, as PowerShell's -EncodedCommand takes it.
std::string EncodePowerShell(std::string_view script);

using PlantFn = void (*)(ScenarioContext&);
struct ScenarioDef {
  const char* kind;
  bool malicious;
  PlantFn plant;
};

// The host `quarry demo` hunts ("... windows-target-1 may have been maliciously logged into in
// the last few days"): every range plants an RDP brute force followed by a successful logon on
// it within the last kDemoWindow of the range, inside the hunt's few-days (96 h) window.
inline constexpr const char* kDemoHost = "windows-target-1";
inline constexpr int64_t kDemoWindow = 72 * kTicksPerHour;

// Every scenario and look-alike, in planting order.
const std::vector<ScenarioDef>& ScenarioCatalog();

// Identity (scenarios_identity.cc).
void PlantRdpBruteForce(ScenarioContext& c);
void PlantSshBruteForce(ScenarioContext& c);
void PlantPasswordSpray(ScenarioContext& c);
void PlantImpossibleTravel(ScenarioContext& c);
void PlantMfaFatigue(ScenarioContext& c);
// Endpoint execution and persistence (scenarios_endpoint.cc).
void PlantEncodedPowerShell(ScenarioContext& c);
void PlantCertutilDownload(ScenarioContext& c);
void PlantLolbinProxy(ScenarioContext& c);
void PlantRunKey(ScenarioContext& c);
void PlantScheduledTask(ScenarioContext& c);
void PlantNewLocalAdmin(ScenarioContext& c);
void PlantLsassDump(ScenarioContext& c);
void PlantDiscoveryBurst(ScenarioContext& c);
void PlantLateralMovement(ScenarioContext& c);
void PlantRansomware(ScenarioContext& c);
// Network and cloud (scenarios_network.cc).
void PlantC2Beacon(ScenarioContext& c);
void PlantExfiltration(ScenarioContext& c);
void PlantMaliciousInbound(ScenarioContext& c);
void PlantPortScan(ScenarioContext& c);
void PlantRoleAssignment(ScenarioContext& c);
void PlantRunCommand(ScenarioContext& c);
void PlantDefenderAlert(ScenarioContext& c);
// Benign look-alikes (lookalikes.cc).
void PlantAdminPowerShell(ScenarioContext& c);
void PlantPasswordTypo(ScenarioContext& c);
void PlantBackupJob(ScenarioContext& c);
void PlantItScanner(ScenarioContext& c);
void PlantUsualRoleAssignment(ScenarioContext& c);
void PlantAdminCertutil(ScenarioContext& c);

}  // namespace quarry::range
