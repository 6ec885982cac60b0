// Benign look-alikes: legitimate activity shaped like the planted attacks (management-tool
// PowerShell with -EncodedCommand, a mistyped password, a backup job touching many files, an IT
// vulnerability scanner, role assignments by the usual admin, certutil used to hash a file).
// Recorded in the ground truth with malicious = false so precision can be measured.
#include <fmt/core.h>

#include "common/time.h"
#include "range/scenario.h"

namespace quarry::range {
void PlantAdminPowerShell(ScenarioContext& c) {
  TruthRecord& r = *c.record;
  const Host& host = c.PickHost({"sql-01", "app-01", "fileserver-1"},
                                [](const Host& h) { return h.windows() && h.server(); });
  int64_t t = c.PickStart(2 * kTicksPerHour);
  Proc svc = c.dev.Resident(host, "services.exe", DayStart(t));
  Proc agent = c.dev.Spawn(svc, R"(C:\Windows\CCM\CcmExec.exe)", R"(C:\Windows\CCM\CcmExec.exe)", t, c.tag);
  static const char* const kScripts[] = {
      "Get-CimInstance -ClassName Win32_OperatingSystem | Select-Object Caption,Version,LastBootUpTime",
      "Get-HotFix | Sort-Object InstalledOn -Descending | Select-Object -First 5",
      "Get-Service -Name wuauserv,bits | Select-Object Name,Status"};
  for (int i = 0; i < 3; ++i) {
    int64_t started = t + i * 20 * kTicksPerMinute + Seconds(c.rng, 1, 30);
    const char* script = kScripts[c.rng.Below(std::size(kScripts))];
    c.dev.Spawn(agent, R"(C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe)",
                "powershell.exe -NoLogo -NonInteractive -ExecutionPolicy Bypass -EncodedCommand " +
                    EncodePowerShell(script),
                started, c.tag);
  }
  const User& admin = c.world.users[c.world.admins[c.rng.Below(c.world.admins.size())]];
  Proc explorer = c.dev.Resident(host, "explorer.exe", DayStart(t));
  explorer.account = DomainAccount(c.world, admin);
  explorer.integrity = "High";
  Proc ps = c.dev.SpawnAs(explorer, R"(C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe)", "\"powershell.exe\"",
                          explorer.account, "High", t + kTicksPerHour, c.tag);
  c.dev.Spawn(ps, R"(C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe)",
              "powershell.exe -NoProfile -Command \"Get-EventLog -LogName System -Newest 50\"", ps.created + Seconds(c.rng, 10, 60), c.tag);
  r.name = "Configuration Manager and an admin run PowerShell (incl. -EncodedCommand) on " + host.name;
  r.techniques = {"T1059.001", "T1027"};
  r.description = "Management agent inventory scripts passed as -EncodedCommand and an admin's interactive PowerShell: benign.";
  c.AddHost(host.name);
  c.AddUser(admin.account);
  c.AddProcess("powershell.exe");
  c.AddProcess("CcmExec.exe");
}

void PlantPasswordTypo(ScenarioContext& c) {
  TruthRecord& r = *c.record;
  int d = c.world.FindUser("dave");
  const User& u = d >= 0 && c.rng.Chance(0.5) ? c.world.users[d] : c.PickUser(false);
  int64_t t = c.PickStart(kTicksPerHour);
  SigninSpec s;
  s.user = &u;
  s.ip = u.home_ip;
  s.location = c.world.locations[u.home];
  s.device_name = UsualDeviceName(u);
  for (int i = 0; i < 2; ++i) {
    s.result_type = "50126";
    c.cloud.Signin(s, t + i * Seconds(c.rng, 8, 30), c.tag);
  }
  s.result_type = std::string("0");
  s.mfa = true;
  c.cloud.Signin(s, t + Seconds(c.rng, 70, 120), c.tag);
  r.name = u.upn + " mistypes the password twice, then signs in from home";
  r.techniques = {"T1110.001"};
  r.description = "Two failed sign-ins with a wrong password from the user's usual IP, then success with MFA.";
  c.AddUser(u.upn);
  c.AddIp(u.home_ip);
}

void PlantBackupJob(ScenarioContext& c) {
  TruthRecord& r = *c.record;
  int fs_index = c.world.FindHost("fileserver-1");
  const Host& host = c.world.hosts[fs_index];
  int64_t day = DayStart(c.PickStart(kTicksPerDay));
  int64_t night = day + c.rng.Between(1, 3) * kTicksPerHour;
  Proc svc = c.dev.Resident(host, "services.exe", DayStart(night));
  Proc robo = c.dev.Spawn(svc, R"(C:\Windows\System32\Robocopy.exe)",
                          R"(robocopy D:\Shares \\backup-01\nightly\Shares /MIR /R:1 /W:1 /NP /LOG:C:\Logs\backup.log)", night, c.tag);
  int files = static_cast<int>(c.rng.Between(300, 800));
  static const char* const kShares[] = {"Finance", "HR", "Sales", "Legal", "Projects"};
  int64_t t = night;
  for (int i = 0; i < files; ++i) {
    t += c.rng.Between(100, 900) * kTicksPerMillisecond;
    std::string folder = fmt::format(R"(D:\Shares\{})", kShares[c.rng.Below(std::size(kShares))]);
    int64_t size = c.rng.Between(20'000, 3'000'000);
    std::string name = fmt::format("file_{}.docx", c.rng.Between(1000, 99999));
    c.dev.File(robo, t, "FileModified", folder, name, size, c.tag);
  }
  c.dev.File(robo, t + kTicksPerSecond, "FileModified", R"(C:\Logs)", "backup.log", c.rng.Between(100'000, 900'000), c.tag);
  r.name = fmt::format("Nightly robocopy backup touches {} files on {}", files, host.name);
  r.techniques = {"T1486"};
  r.description = "A scheduled robocopy mirror reads and stamps hundreds of share files: a burst of file events without renames.";
  c.AddHost(host.name);
  c.AddProcess("Robocopy.exe");
}

void PlantItScanner(ScenarioContext& c) {
  TruthRecord& r = *c.record;
  // The scanner runs on a monitoring / Linux server, else on a member server; never on a DC.
  int idx = c.world.FindHost("monitor-01");
  if (idx < 0) {
    std::vector<int> linux_servers = c.world.HostsWhere([](const Host& h) { return !h.windows() && h.public_ip.empty(); });
    std::vector<int> pool = linux_servers.empty() ? c.world.HostsWhere(IsWindowsMemberServer) : linux_servers;
    idx = pool[c.rng.Below(pool.size())];
  }
  const Host& scanner = c.world.hosts[idx];
  int64_t t = DayStart(c.PickStart(kTicksPerDay)) + 2 * kTicksPerHour;
  Proc root = c.dev.Resident(scanner, scanner.windows() ? "services.exe" : "systemd", DayStart(t));
  Proc nessus = scanner.windows()
                    ? c.dev.Spawn(root, R"(C:\Program Files\Tenable\Nessus\nessusd.exe)", R"("C:\Program Files\Tenable\Nessus\nessusd.exe" -q)", t, c.tag)
                    : c.dev.Spawn(root, "/opt/nessus/sbin/nessusd", "/opt/nessus/sbin/nessusd -q", t, c.tag);
  static const int kPorts[] = {21, 22, 23, 25, 53, 80, 135, 139, 443, 445, 1433, 3306, 3389, 5985, 8080};
  int64_t ct = t;
  int targets = 0;
  for (const Host& h : c.world.hosts) {
    if (&h == &scanner || targets >= 12) continue;
    ++targets;
    for (int port : kPorts) {
      ct += c.rng.Between(20, 200) * kTicksPerMillisecond;
      c.dev.Network(nessus, ct, c.rng.Chance(0.7) ? "ConnectionFailed" : "ConnectionSuccess", h.private_ip, port, "", "Tcp", c.tag);
    }
  }
  r.name = fmt::format("Scheduled Nessus vulnerability scan from {} across {} hosts", scanner.name, targets);
  r.techniques = {"T1046"};
  r.description = "The IT vulnerability scanner probes common ports on internal hosts at night: benign.";
  c.AddHost(scanner.name);
  c.AddIp(scanner.private_ip);
  c.AddProcess(nessus.file_name);
}

void PlantUsualRoleAssignment(ScenarioContext& c) {
  TruthRecord& r = *c.record;
  const User& admin = c.world.users[c.world.FindUser("erin")];
  const User& target = c.PickUser(false);
  int64_t t = c.PickStart(kTicksPerHour);
  std::string assignment = c.rng.Guid();
  std::string scope = "/subscriptions/" + c.world.subscription_id + "/resourceGroups/RG-PROD-APP";
  c.cloud.Activity(t, admin.upn, c.world.office_ips[0], "Microsoft.Authorization/roleAssignments/write",
                   "Create role assignment", "rg-prod-app",
                   scope + "/providers/Microsoft.Authorization/roleAssignments/" + assignment, true, c.tag);
  c.cloud.Audit(t + Seconds(c.rng, 60, 600), "Add member to role", "RoleManagement", "Assign", &admin, "", &target,
                target.display_name, "User", "success", c.tag,
                nlohmann::ordered_json::array({{{"displayName", "Role.DisplayName"},
                                                {"oldValue", nullptr},
                                                {"newValue", "\"Reports Reader\""}}}));
  r.name = "Usual cloud admin " + admin.upn + " grants Reader access to " + target.upn;
  r.techniques = {"T1098.003"};
  r.description = "The admin who normally manages access assigns a low-privilege role from the office: benign.";
  c.AddUser(admin.upn);
  c.AddUser(target.upn);
  c.AddIp(c.world.office_ips[0]);
}

void PlantAdminCertutil(ScenarioContext& c) {
  TruthRecord& r = *c.record;
  const Host& host = c.world.hosts[c.world.FindHost("ws-30")];
  int64_t t = c.PickStart(kTicksPerHour);
  Proc explorer = c.dev.Resident(host, "explorer.exe", DayStart(t));
  const User& u = c.world.users[host.primary_user];
  Proc cmd = c.dev.Spawn(explorer, R"(C:\Windows\System32\cmd.exe)", R"("C:\Windows\system32\cmd.exe")", t, c.tag);
  c.dev.Spawn(cmd, R"(C:\Windows\System32\certutil.exe)",
              fmt::format(R"(certutil -hashfile C:\Users\{}\Downloads\AzureCLI.msi SHA256)", u.account), t + Seconds(c.rng, 5, 60), c.tag);
  r.name = "Admin verifies a download's hash with certutil on " + host.name;
  r.techniques = {"T1105", "T1140"};
  r.description = "certutil -hashfile on an installer: a common, benign use of the tool.";
  c.AddHost(host.name);
  c.AddUser(u.account);
  c.AddProcess("certutil.exe");
}

}  // namespace quarry::range
