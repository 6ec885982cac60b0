// Planted lateral movement (PsExec / WMI) and ransomware-like mass file renaming.
#include <fmt/core.h>

#include "common/time.h"
#include "range/scenario.h"

namespace quarry::range {
void PlantLateralMovement(ScenarioContext& c) {
  TruthRecord& r = *c.record;
  const Host& src = c.PickHost({"ws-22", "vm-final-lab-pr"}, IsWindowsClient);
  const Host& dst = c.PickHost({"fileserver-1", "windows-target-1", "sql-01"}, IsWindowsMemberServer);
  int64_t t = c.PickStart(kTicksPerHour);
  const User& admin = c.world.users[c.world.admins[c.rng.Below(c.world.admins.size())]];
  Account acct = DomainAccount(c.world, admin);
  Proc explorer = c.dev.Resident(src, "explorer.exe", DayStart(t));
  explorer.account = acct;
  Proc cmd = c.dev.SpawnAs(explorer, R"(C:\Windows\System32\cmd.exe)", R"("C:\Windows\system32\cmd.exe")", acct, "High", t, c.tag);
  bool psexec = c.rng.Chance(0.55);
  int64_t t1 = t + Seconds(c.rng, 5, 60);
  std::string payload_cmd = c.rng.Chance(0.5) ? "cmd.exe /c whoami > C:\\Windows\\Temp\\o.txt" : "powershell.exe -nop -w hidden -c \"Get-Process lsass\"";
  Proc launcher;
  if (psexec) {
    launcher = c.dev.Spawn(cmd, R"(C:\Users\Public\PsExec64.exe)",
                           fmt::format(R"(PsExec64.exe \\{} -accepteula -s {})", dst.name, payload_cmd), t1, c.tag);
    c.dev.Network(launcher, t1 + kTicksPerSecond, "ConnectionSuccess", dst.private_ip, 445, "", "Tcp", c.tag);
  } else {
    launcher = c.dev.Spawn(cmd, R"(C:\Windows\System32\wbem\WMIC.exe)",
                           fmt::format(R"(wmic /node:{} process call create "{}")", dst.name, payload_cmd), t1, c.tag);
    c.dev.Network(launcher, t1 + kTicksPerSecond, "ConnectionSuccess", dst.private_ip, 135, "", "Tcp", c.tag);
  }
  int64_t t2 = t1 + Seconds(c.rng, 1, 3);
  c.dev.Logon(dst, t2, true, "Network", acct, psexec ? "NTLM" : "Kerberos", src.private_ip, src.name, "", c.tag);
  Proc remote_parent;
  if (psexec) {
    Proc system = c.dev.Resident(dst, "services.exe", DayStart(t));
    Row& f = c.dev.File(system, t2 + kTicksPerSecond / 2, "FileCreated", R"(C:\Windows)", "PSEXESVC.exe", 198504, c.tag);
    f.Set("RequestProtocol", "SMB").Set("RequestSourceIP", src.private_ip).Set("RequestAccountName", admin.account)
        .Set("RequestAccountDomain", acct.domain).Set("ShareName", "ADMIN$");
    remote_parent = c.dev.Spawn(system, R"(C:\Windows\PSEXESVC.exe)", R"(C:\Windows\PSEXESVC.exe)", t2 + kTicksPerSecond, c.tag);
    c.AddProcess("PsExec64.exe");
    c.AddProcess("PSEXESVC.exe");
    c.AddFile("PSEXESVC.exe");
    r.techniques = {"T1021.002", "T1569.002", "T1570"};
  } else {
    remote_parent = c.dev.Resident(dst, "wmiprvse.exe", DayStart(t));
    c.AddProcess("WMIC.exe");
    c.AddProcess("WmiPrvSE.exe");
    r.techniques = {"T1047", "T1021.003"};
  }
  std::string exe = payload_cmd.starts_with("cmd") ? R"(C:\Windows\System32\cmd.exe)" : R"(C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe)";
  c.dev.SpawnAs(remote_parent, exe, payload_cmd, psexec ? SystemAccount() : acct, psexec ? "System" : "High",
                t2 + Seconds(c.rng, 1, 3), c.tag);
  r.name = fmt::format("Lateral movement from {} to {} via {}", src.name, dst.name, psexec ? "PsExec" : "WMI");
  r.description = "An admin credential is used to run commands on another host remotely.";
  c.AddHost(src.name);
  c.AddHost(dst.name);
  c.AddUser(admin.account);
  c.AddUser(admin.upn);
  c.AddIp(src.private_ip);
}

void PlantRansomware(ScenarioContext& c) {
  TruthRecord& r = *c.record;
  const Host& host = c.PickHost({"fileserver-1"}, IsWindowsMemberServer);
  int files = static_cast<int>(c.rng.Between(300, 900));
  int64_t t = c.PickStart(kTicksPerHour);
  static const char* const kExts[] = {".lockbit", ".encrypted", ".crypt", ".akira", ".locked"};
  std::string ext = c.rng.Chance(0.3) ? "." + c.rng.Hex(6) : kExts[c.rng.Below(std::size(kExts))];
  std::string note = c.rng.Chance(0.5) ? "README-RECOVER.txt" : "HOW_TO_DECRYPT.txt";
  const User& admin = c.world.users[c.world.admins[c.rng.Below(c.world.admins.size())]];
  Account acct = DomainAccount(c.world, admin);
  Proc explorer = c.dev.Resident(host, "explorer.exe", DayStart(t));
  explorer.account = acct;
  std::string bin = fmt::format(R"(C:\Users\{}\AppData\Local\Temp\{}.exe)", admin.account, c.rng.Chance(0.5) ? "svc" : c.rng.Hex(8));
  Proc locker = c.dev.SpawnAs(explorer, bin, "\"" + bin + "\" -path D:\\Shares -nolog", acct, "High", t, c.tag);
  Proc cmd = c.dev.Spawn(locker, R"(C:\Windows\System32\cmd.exe)", R"(cmd.exe /c vssadmin.exe delete shadows /all /quiet)", t + Seconds(c.rng, 1, 5), c.tag);
  c.dev.Spawn(cmd, R"(C:\Windows\System32\vssadmin.exe)", "vssadmin.exe delete shadows /all /quiet", cmd.created + kTicksPerSecond / 5, c.tag);
  static const char* const kShares[] = {"Finance", "HR", "Sales", "Legal", "Projects"};
  static const char* const kStems[] = {"report", "invoice", "contract", "budget", "payroll", "scan", "minutes", "plan"};
  static const char* const kTypes[] = {".docx", ".xlsx", ".pdf", ".pptx", ".csv"};
  int64_t ft = t + Seconds(c.rng, 10, 30);
  std::string last_folder;
  for (int i = 0; i < files; ++i) {
    uint64_t year = 2020 + c.rng.Below(6);
    const char* share = kShares[c.rng.Below(std::size(kShares))];
    std::string folder = fmt::format(R"(D:\Shares\{}\{})", share, year);
    const char* type = kTypes[c.rng.Below(std::size(kTypes))];
    int64_t number = c.rng.Between(100, 9999);
    const char* stem = kStems[c.rng.Below(std::size(kStems))];
    std::string original = fmt::format("{}_{}{}", stem, number, type);
    ft += c.rng.Between(50, 400) * kTicksPerMillisecond;
    Row& row = c.dev.File(locker, ft, "FileRenamed", folder, original + ext, c.rng.Between(20'000, 5'000'000), c.tag);
    row.Set("PreviousFileName", original).Set("PreviousFolderPath", folder + "\\" + original);
    if (folder != last_folder && c.rng.Chance(0.2)) {
      c.dev.File(locker, ft + kTicksPerMillisecond, "FileCreated", folder, note, 2211, c.tag);
      last_folder = folder;
    }
  }
  r.name = fmt::format("Ransomware-like mass rename of {} files to *{} on {}", files, ext, host.name);
  r.techniques = {"T1486", "T1490"};
  r.description = "One process renames hundreds of share files to a new extension within minutes, "
                  "drops ransom notes and deletes volume shadow copies.";
  c.AddHost(host.name);
  c.AddUser(admin.account);
  c.AddProcess(std::string(BaseName(bin)));
  c.AddProcess("vssadmin.exe");
  c.AddFile(note);
  c.AddFile(ext);
}

}  // namespace quarry::range
