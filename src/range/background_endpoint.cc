// Background endpoint activity: Windows and Linux process trees, network, file, registry and
// logon events, and the password guessing every internet-exposed VM receives.
#include <fmt/core.h>

#include "common/time.h"
#include "range/background.h"

namespace quarry::range {
namespace {

struct ServiceChild {
  const char* resident;  // parent: a resident process name or svchost group
  const char* path;
  const char* command_line;
  const char* account;   // "system", "local service", "network service", "user"
};

// Children Windows services start all day long.
const ServiceChild kServiceChildren[] = {
    {"netsvcs -p", R"(C:\Windows\System32\taskhostw.exe)", "taskhostw.exe Install $(Arg0)", "system"},
    {"DcomLaunch -p", R"(C:\Windows\System32\RuntimeBroker.exe)", R"(C:\Windows\System32\RuntimeBroker.exe -Embedding)", "user"},
    {"DcomLaunch -p", R"(C:\Windows\System32\backgroundTaskHost.exe)", R"("backgroundTaskHost.exe" -ServerName:BackgroundTaskHost.WebAccountProvider)", "user"},
    {"DcomLaunch -p", R"(C:\Windows\System32\dllhost.exe)", R"(C:\Windows\system32\DllHost.exe /Processid:{AB8902B4-09CA-4BB6-B78D-A8F59079A8D5})", "user"},
    {"wsappx -p", R"(C:\Windows\System32\wsappx.exe)", "", "system"},
    {"netsvcs -p", R"(C:\Windows\System32\wermgr.exe)", R"(C:\Windows\system32\wermgr.exe -upload)", "system"},
    {"services.exe", R"(C:\Windows\System32\svchost.exe)", R"(C:\Windows\system32\svchost.exe -k LocalServiceNetworkRestricted -p -s lmhosts)", "local service"},
    {"services.exe", R"(C:\Windows\System32\svchost.exe)", R"(C:\Windows\System32\svchost.exe -k wusvcs -p -s WaaSMedicSvc)", "system"},
    {"services.exe", R"(C:\Windows\servicing\TrustedInstaller.exe)", R"(C:\Windows\servicing\TrustedInstaller.exe)", "system"},
    {"netsvcs -p", R"(C:\Windows\System32\sppsvc.exe)", R"(C:\Windows\system32\sppsvc.exe)", "network service"},
    {"msmpeng.exe", R"(C:\ProgramData\Microsoft\Windows Defender\Platform\4.18.24010.12-0\MpCmdRun.exe)", R"("MpCmdRun.exe" SignatureUpdate -ScheduleJob -RestrictPrivileges)", "system"},
    {"mssense.exe", R"(C:\Program Files\Windows Defender Advanced Threat Protection\SenseCncProxy.exe)", R"("SenseCncProxy.exe" 6 2 3)", "system"},
    {"netsvcs -p", R"(C:\Windows\System32\gpupdate.exe)", R"(gpupdate.exe /target:computer)", "system"},
    {"wmiprvse.exe", R"(C:\Windows\System32\conhost.exe)", R"(\??\C:\Windows\system32\conhost.exe 0xffffffff -ForceV1)", "network service"},
};

struct UserApp {
  const char* path;
  const char* command_line;
  const char* url;  // where it connects
};

const UserApp kUserApps[] = {
    {R"(C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe)", R"("msedge.exe" --single-argument https://contoso.sharepoint.com/sites/intranet)", "contoso.sharepoint.com"},
    {R"(C:\Program Files\Google\Chrome\Application\chrome.exe)", R"("chrome.exe" )", "www.google.com"},
    {R"(C:\Program Files\Microsoft Office\root\Office16\OUTLOOK.EXE)", R"("OUTLOOK.EXE" )", "outlook.office365.com"},
    {R"(C:\Program Files\Microsoft Office\root\Office16\EXCEL.EXE)", R"("EXCEL.EXE" /dde)", "contoso-my.sharepoint.com"},
    {R"(C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE)", R"("WINWORD.EXE" /n)", "contoso-my.sharepoint.com"},
    {R"(C:\Users\%USER%\AppData\Local\Microsoft\WindowsApps\ms-teams.exe)", R"("ms-teams.exe" --system-initiated)", "teams.microsoft.com"},
    {R"(C:\Program Files\Microsoft OneDrive\OneDrive.exe)", R"("OneDrive.exe" /background)", "contoso-my.sharepoint.com"},
    {R"(C:\Windows\System32\notepad.exe)", R"("C:\Windows\system32\notepad.exe" C:\Users\%USER%\Desktop\notes.txt)", ""},
    {R"(C:\Windows\System32\mstsc.exe)", R"("C:\Windows\system32\mstsc.exe" /v:%SERVER%)", ""},
};

const char* const kMicrosoftEndpoints[] = {
    "winatp-gw-eus.microsoft.com", "settings-win.data.microsoft.com",
    "v10.events.data.microsoft.com", "login.microsoftonline.com", "fe3cr.delivery.mp.microsoft.com",
    "wdcp.microsoft.com", "ctldl.windowsupdate.com", "officeclient.microsoft.com"};

const char* const kDocNames[] = {"Q3-forecast.xlsx", "board-deck.pptx", "contract-draft.docx",
                                 "invoice-4471.pdf", "expenses.xlsx",   "meeting-notes.docx",
                                 "roadmap.pptx",     "budget-2025.xlsx", "onboarding.pdf"};

std::string Replace(std::string s, std::string_view from, std::string_view to) {
  for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
  return s;
}

std::string MicrosoftIp(Rng& rng) {
  static const char* const kPrefixes[] = {"20.190", "40.126", "52.113", "13.107", "20.42", "52.96"};
  uint64_t d = 1 + rng.Below(254);
  uint64_t c = rng.Below(256);
  const char* prefix = kPrefixes[rng.Below(std::size(kPrefixes))];
  return fmt::format("{}.{}.{}", prefix, c, d);
}

}  // namespace

void Background::WindowsHost(const Host& host, int64_t hour_start, double work) {
  int64_t day = FloorDiv(hour_start, kTicksPerDay) * kTicksPerDay;
  bool user_host = !host.server() && host.primary_user >= 0;
  double busy = user_host ? 0.3 + work : 1.0;
  Proc services = dev_.Resident(host, "services.exe", day);
  Proc netsvcs = dev_.Resident(host, "netsvcs -p", day);
  Proc dcom = dev_.Resident(host, "DcomLaunch -p", day);
  Proc wsappx = dev_.Resident(host, "wsappx -p", day);
  Proc wmi = dev_.Resident(host, "wmiprvse.exe", day);
  Proc defender = dev_.Resident(host, "msmpeng.exe", day);
  Proc sense = dev_.Resident(host, "mssense.exe", day);
  Proc explorer = dev_.Resident(host, "explorer.exe", day);
  auto parent_for = [&](std::string_view name) -> const Proc& {
    if (name == "services.exe") return services;
    if (name == "DcomLaunch -p") return dcom;
    if (name == "wsappx -p") return wsappx;
    if (name == "wmiprvse.exe") return wmi;
    if (name == "msmpeng.exe") return defender;
    if (name == "mssense.exe") return sense;
    return netsvcs;
  };
  int64_t n = rng_.Poisson(6.0 * intensity_ * busy);
  for (int64_t i = 0; i < n; ++i) {
    const ServiceChild& c = kServiceChildren[rng_.Below(std::size(kServiceChildren))];
    const Proc& parent = parent_for(c.resident);
    std::string_view acct = c.account;
    Account a = acct == "local service" ? LocalServiceAccount()
                : acct == "network service" ? NetworkServiceAccount()
                : acct == "user" ? explorer.account : SystemAccount();
    std::string cmd = *c.command_line ? c.command_line : std::string(BaseName(c.path));
    dev_.SpawnAs(parent, c.path, cmd, a, acct == "user" ? explorer.integrity : "System",
                 TimeIn(hour_start));
  }
  if (user_host) WindowsUserApps(host, explorer, hour_start, work);
  // Sensor and service traffic.
  int64_t nn = rng_.Poisson(5.0 * intensity_ * busy);
  for (int64_t i = 0; i < nn; ++i) {
    const Proc& p = rng_.Chance(0.5) ? sense : netsvcs;
    const char* url = kMicrosoftEndpoints[rng_.Below(std::size(kMicrosoftEndpoints))];
    std::string ip = MicrosoftIp(rng_);
    int64_t t = TimeIn(hour_start);
    dev_.Network(p, t, "ConnectionSuccess", ip, 443, url);
  }
  if (host.role != HostRole::kDomainController && rng_.Chance(0.6 * busy)) {
    const Host& dc = world_.hosts[world_.FindHost("dc-01")];
    int port = rng_.Chance(0.5) ? 389 : 88;
    dev_.Network(netsvcs, TimeIn(hour_start), "ConnectionSuccess", dc.private_ip, port, "");
  }
  // Files and registry the OS and Defender touch.
  int64_t nf = rng_.Poisson(3.0 * intensity_ * busy);
  for (int64_t i = 0; i < nf; ++i) {
    int64_t t = TimeIn(hour_start);
    switch (rng_.Below(4)) {
      case 0:
        dev_.File(defender, t, "FileModified", R"(C:\ProgramData\Microsoft\Windows Defender\Scans\History\Service)",
                  "DetectionHistory.db", 16384 + rng_.Below(90000));
        break;
      case 1: {
        int64_t size = 2048 + static_cast<int64_t>(rng_.Below(400000));
        dev_.File(netsvcs, t, "FileCreated", R"(C:\Windows\Temp)", fmt::format("{}.tmp", rng_.Hex(8)),
                  size);
        break;
      }
      case 2: {
        int64_t size = 8000 + static_cast<int64_t>(rng_.Below(40000));
        dev_.File(netsvcs, t, "FileCreated", R"(C:\Windows\Prefetch)",
                  fmt::format("SVCHOST.EXE-{}.pf", rng_.Hex(8)), size);
        break;
      }
      default:
        dev_.File(services, t, "FileModified", R"(C:\Windows\System32\LogFiles\WMI\RtBackup)",
                  "EtwRTEventLog-System.etl", 1048576);
    }
  }
  int64_t nr = rng_.Poisson(2.5 * intensity_ * busy);
  for (int64_t i = 0; i < nr; ++i) {
    int64_t t = TimeIn(hour_start);
    if (user_host && rng_.Chance(0.5)) {
      dev_.Registry(explorer, t, "RegistryValueSet",
                    R"(HKEY_CURRENT_USER\S-1-5-21\Software\Microsoft\Windows\CurrentVersion\Explorer\RecentDocs\.docx)",
                    "MRUListEx", "REG_BINARY", "");
    } else if (rng_.Chance(0.5)) {
      dev_.Registry(netsvcs, t, "RegistryValueSet",
                    R"(HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Orchestrator)",
                    "LastScanTime", "REG_QWORD", std::to_string(hour_start / 10'000'000));
    } else {
      dev_.Registry(defender, t, "RegistryValueSet",
                    R"(HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows Defender\Signature Updates)",
                    "SignaturesLastUpdated", "REG_BINARY", "");
    }
  }
  if (host.role == HostRole::kWebServer) {
    Proc w3wp = dev_.Resident(host, "w3wp.exe", day);
    int64_t nw = rng_.Poisson(4.0 * intensity_);
    for (int64_t i = 0; i < nw; ++i) {
      std::string ip = ResidentialIp(rng_);
      dev_.Inbound(w3wp, TimeIn(hour_start), ip, 443);
    }
    if (rng_.Chance(0.3)) {
      int64_t size = 4000 + static_cast<int64_t>(rng_.Below(30000));
      std::string name = fmt::format("$^_gzip_{}.css", rng_.Hex(10));
      dev_.File(w3wp, TimeIn(hour_start), "FileCreated", R"(C:\inetpub\temp\IIS Temporary Compressed Files\DefaultAppPool)",
                name, size);
    }
  }
  WindowsLogons(host, hour_start, work);
  if (!host.public_ip.empty()) InternetNoise(host, hour_start);
}

void Background::WindowsUserApps(const Host& host, const Proc& explorer, int64_t hour_start,
                                 double work) {
  const User& user = world_.users[host.primary_user];
  int64_t n = rng_.Poisson(4.0 * intensity_ * work + 0.1);
  std::string server = world_.hosts[world_.FindHost("fileserver-1")].name;
  for (int64_t i = 0; i < n; ++i) {
    const UserApp& app = kUserApps[rng_.Below(std::size(kUserApps))];
    if (std::string_view(app.path).ends_with("mstsc.exe") && !user.admin) continue;
    std::string path = Replace(app.path, "%USER%", user.account);
    std::string cmd = Replace(Replace(app.command_line, "%USER%", user.account), "%SERVER%", server);
    int64_t t = TimeIn(hour_start);
    Proc p = dev_.Spawn(explorer, path, cmd, t);
    if (*app.url) {
      int64_t conns = 1 + rng_.Below(3);
      for (int64_t c = 0; c < conns; ++c) {
        dev_.Network(p, t + (1 + c) * 3 * kTicksPerSecond, "ConnectionSuccess", MicrosoftIp(rng_), 443, app.url);
      }
    }
    if (rng_.Chance(0.35)) {
      std::string folder = fmt::format(R"(C:\Users\{}\{})", user.account,
                                       rng_.Chance(0.5) ? "Documents" : "Downloads");
      int64_t size = 20000 + static_cast<int64_t>(rng_.Below(4000000));
      const char* doc = kDocNames[rng_.Below(std::size(kDocNames))];
      const char* action = rng_.Chance(0.7) ? "FileCreated" : "FileModified";
      Row& f = dev_.File(p, t + 20 * kTicksPerSecond, action, folder, doc, size);
      if (folder.ends_with("Downloads")) {
        f.Set("FileOriginUrl", fmt::format("https://{}/download", *app.url ? app.url : "contoso.sharepoint.com"));
      }
    }
  }
  // SMB to the file server during the working day.
  if (rng_.Chance(0.5 * work)) {
    const Host& fs = world_.hosts[world_.FindHost("fileserver-1")];
    Proc system{};
    system = dev_.Resident(host, "services.exe", FloorDiv(hour_start, kTicksPerDay) * kTicksPerDay);
    dev_.Network(system, TimeIn(hour_start), "ConnectionSuccess", fs.private_ip, 445, "");
  }
}

void Background::WindowsLogons(const Host& host, int64_t hour_start, double work) {
  int64_t day = FloorDiv(hour_start, kTicksPerDay) * kTicksPerDay;
  // Service and batch logons by the machine itself.
  if (rng_.Chance(0.5)) {
    dev_.Logon(host, TimeIn(hour_start), true, "Service", SystemAccount(), "Negotiate", "", "", "");
  }
  if (rng_.Chance(0.2)) {
    dev_.Logon(host, TimeIn(hour_start), true, "Batch", SystemAccount(), "Negotiate", "", "", "");
  }
  if (!host.server() && host.primary_user >= 0) {
    const User& u = world_.users[host.primary_user];
    Account a = DomainAccount(world_, u);
    int64_t hour_of_day = (hour_start - day) / kTicksPerHour;
    bool morning = work > 0.5 && hour_of_day == 8;
    if (morning || rng_.Chance(0.25 * work)) {
      int64_t t = TimeIn(hour_start);
      std::string type = morning ? "Interactive" : (rng_.Chance(0.7) ? "Unlock" : "CachedInteractive");
      if (rng_.Chance(0.03)) {
        dev_.Logon(host, t - 20 * kTicksPerSecond, false, type, a, "Negotiate", "127.0.0.1", "",
                   "InvalidUserNameOrPassword");
      }
      dev_.Logon(host, t, true, type, a, "Negotiate", "127.0.0.1", "", "");
    }
  } else {
    // Servers: network logons from workstations and services, some with typos.
    int64_t n = rng_.Poisson(3.0 * intensity_ * (0.3 + work));
    for (int64_t i = 0; i < n; ++i) {
      const User& u = world_.users[rng_.Below(world_.users.size() - 1)];
      const Host& from = world_.hosts[rng_.Below(world_.hosts.size())];
      bool ok = !rng_.Chance(0.04);
      const char* protocol = rng_.Chance(0.85) ? "Kerberos" : "NTLM";
      dev_.Logon(host, TimeIn(hour_start), ok, "Network", DomainAccount(world_, u), protocol,
                 from.private_ip, from.name, ok ? "" : "InvalidUserNameOrPassword");
    }
    if (rng_.Chance(0.08 * work) && !world_.admins.empty()) {
      const User& admin = world_.users[world_.admins[rng_.Below(world_.admins.size())]];
      const Host& from = world_.hosts[world_.FindHost(rng_.Chance(0.5) ? "ws-22" : "ws-30")];
      dev_.Logon(host, TimeIn(hour_start), true, "RemoteInteractive", DomainAccount(world_, admin),
                 "Negotiate", from.private_ip, from.name, "");
    }
  }
}

void Background::LinuxHost(const Host& host, int64_t hour_start, double work) {
  int64_t day = FloorDiv(hour_start, kTicksPerDay) * kTicksPerDay;
  Proc cron = dev_.Resident(host, "cron", day);
  Proc systemd = dev_.Resident(host, "systemd", day);
  int64_t t = hour_start + (17 * 60 + rng_.Below(5)) * kTicksPerSecond;
  Proc sh = dev_.Spawn(cron, "/usr/bin/dash", "/bin/sh -c \"   cd / && run-parts --report /etc/cron.hourly\"", t);
  dev_.Spawn(sh, "/usr/bin/run-parts", "run-parts --report /etc/cron.hourly", t + kTicksPerSecond / 10);
  int64_t n = rng_.Poisson(5.0 * intensity_);
  static const char* const kDaemons[][2] = {
      {"/usr/bin/systemctl", "systemctl is-active --quiet unattended-upgrades"},
      {"/usr/lib/update-notifier/apt-check", "/usr/lib/update-notifier/apt-check --human-readable"},
      {"/usr/sbin/logrotate", "/usr/sbin/logrotate /etc/logrotate.conf"},
      {"/usr/bin/python3.10", "/usr/bin/python3 /usr/bin/networkd-dispatcher --run-startup-triggers"},
      {"/opt/microsoft/mdatp/sbin/wdavdaemon", "/opt/microsoft/mdatp/sbin/wdavdaemon edr 12 11 --log_level info"},
      {"/usr/bin/journalctl", "journalctl --vacuum-time=14d"},
  };
  for (int64_t i = 0; i < n; ++i) {
    const auto& d = kDaemons[rng_.Below(std::size(kDaemons))];
    Proc p = dev_.Spawn(systemd, d[0], d[1], TimeIn(hour_start));
    if (std::string_view(d[0]).ends_with("apt-check") && rng_.Chance(0.5)) {
      dev_.Network(p, p.created + kTicksPerSecond, "ConnectionSuccess", "185.125.190.36", 80,
                   "archive.ubuntu.com");
    }
  }
  int64_t nf = rng_.Poisson(2.0 * intensity_);
  for (int64_t i = 0; i < nf; ++i) {
    int64_t size = 100000 + static_cast<int64_t>(rng_.Below(5000000));
    const char* log = rng_.Chance(0.5) ? "syslog" : "auth.log";
    dev_.File(systemd, TimeIn(hour_start), "FileModified", "/var/log", log, size);
  }
  // Admins working over SSH.
  if (rng_.Chance(0.3 * work) && !world_.admins.empty()) {
    const User& admin = world_.users[world_.admins[rng_.Below(world_.admins.size())]];
    const Host& from = world_.hosts[world_.FindHost(rng_.Chance(0.5) ? "ws-22" : "ws-30")];
    int64_t lt = TimeIn(hour_start);
    dev_.Logon(host, lt, true, "Network", LinuxAccount(host, admin.account), "ssh", from.private_ip, "", "");
    Proc sshd = dev_.Resident(host, "sshd", day);
    Proc bash = dev_.SpawnAs(sshd, "/usr/bin/bash", "-bash", LinuxAccount(host, admin.account), "", lt + kTicksPerSecond);
    static const char* const kAdminCmds[][2] = {
        {"/usr/bin/sudo", "sudo systemctl restart nginx"}, {"/usr/bin/top", "top"},
        {"/usr/bin/df", "df -h"}, {"/usr/bin/sudo", "sudo apt-get upgrade -y"},
        {"/usr/bin/tail", "tail -f /var/log/syslog"}, {"/usr/bin/git", "git pull"}};
    int64_t k = 1 + rng_.Below(4);
    for (int64_t i = 0; i < k; ++i) {
      const auto& c = kAdminCmds[rng_.Below(std::size(kAdminCmds))];
      dev_.Spawn(bash, c[0], c[1], lt + (5 + i * 30) * kTicksPerSecond);
    }
  }
  if (!host.public_ip.empty()) InternetNoise(host, hour_start);
}

void Background::InternetNoise(const Host& host, int64_t hour_start) {
  // Opportunistic guessing from scanners: a few attempts an hour, many sources, common names.
  static const char* const kWinNames[] = {"administrator", "admin", "user", "test", "guest", "scanner"};
  static const char* const kLinuxNames[] = {"root", "admin", "ubuntu", "test", "oracle", "postgres", "pi"};
  int64_t n = rng_.Poisson(1.5);
  for (int64_t i = 0; i < n; ++i) {
    std::string ip = HostingIp(rng_);
    if (host.windows()) {
      Account a = LocalAccount(host, kWinNames[rng_.Below(std::size(kWinNames))], 500);
      dev_.Logon(host, TimeIn(hour_start), false, "Network", a, "NTLM", ip, "", "InvalidUserNameOrPassword");
    } else {
      Account a = LinuxAccount(host, kLinuxNames[rng_.Below(std::size(kLinuxNames))]);
      dev_.Logon(host, TimeIn(hour_start), false, "Network", a, "ssh", ip, "", "InvalidUserNameOrPassword");
    }
  }
}

}  // namespace quarry::range
