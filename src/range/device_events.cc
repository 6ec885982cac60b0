#include "range/device_events.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>

#include "common/time.h"

namespace quarry::range {
namespace {

struct ImageInfo {
  const char* file;
  const char* company;
  const char* product;
  const char* description;
  const char* version;
  int64_t size;
};

// Version info of common images, as their PE resources state it.
const ImageInfo kImages[] = {
    {"cmd.exe", "Microsoft Corporation", "Microsoft® Windows® Operating System",
     "Windows Command Processor", "10.0.20348.2227", 323584},
    {"powershell.exe", "Microsoft Corporation", "Microsoft® Windows® Operating System",
     "Windows PowerShell", "10.0.20348.1", 455680},
    {"svchost.exe", "Microsoft Corporation", "Microsoft® Windows® Operating System",
     "Host Process for Windows Services", "10.0.20348.1", 57360},
    {"services.exe", "Microsoft Corporation", "Microsoft® Windows® Operating System",
     "Services and Controller app", "10.0.20348.2227", 720376},
    {"explorer.exe", "Microsoft Corporation", "Microsoft® Windows® Operating System",
     "Windows Explorer", "10.0.22621.3007", 5542912},
    {"lsass.exe", "Microsoft Corporation", "Microsoft® Windows® Operating System",
     "Local Security Authority Process", "10.0.20348.2227", 83392},
    {"wmiprvse.exe", "Microsoft Corporation", "Microsoft® Windows® Operating System",
     "WMI Provider Host", "10.0.20348.1", 516096},
    {"rundll32.exe", "Microsoft Corporation", "Microsoft® Windows® Operating System",
     "Windows host process (Rundll32)", "10.0.20348.1", 71680},
    {"regsvr32.exe", "Microsoft Corporation", "Microsoft® Windows® Operating System",
     "Microsoft(C) Register Server", "10.0.20348.1", 25600},
    {"mshta.exe", "Microsoft Corporation", "Internet Explorer", "Microsoft (R) HTML Application host",
     "11.00.20348.1", 14336},
    {"certutil.exe", "Microsoft Corporation", "Microsoft® Windows® Operating System",
     "CertUtil.exe", "10.0.20348.1", 1548288},
    {"bitsadmin.exe", "Microsoft Corporation", "Microsoft® Windows® Operating System",
     "BITS administration utility", "7.8.20348.1", 193536},
    {"schtasks.exe", "Microsoft Corporation", "Microsoft® Windows® Operating System",
     "Task Scheduler Configuration Tool", "10.0.20348.1", 235520},
    {"net.exe", "Microsoft Corporation", "Microsoft® Windows® Operating System", "Net Command",
     "10.0.20348.1", 59392},
    {"net1.exe", "Microsoft Corporation", "Microsoft® Windows® Operating System", "Net Command",
     "10.0.20348.1", 183296},
    {"whoami.exe", "Microsoft Corporation", "Microsoft® Windows® Operating System",
     "whoami - displays logged on user information", "10.0.20348.1", 80896},
    {"nltest.exe", "Microsoft Corporation", "Microsoft® Windows® Operating System",
     "Microsoft® Logon Server Test Utility", "10.0.20348.1", 516096},
    {"reg.exe", "Microsoft Corporation", "Microsoft® Windows® Operating System",
     "Registry Console Tool", "10.0.20348.1", 77824},
    {"conhost.exe", "Microsoft Corporation", "Microsoft® Windows® Operating System",
     "Console Window Host", "10.0.20348.1", 868864},
    {"taskhostw.exe", "Microsoft Corporation", "Microsoft® Windows® Operating System",
     "Host Process for Windows Tasks", "10.0.22621.1", 101376},
    {"wmic.exe", "Microsoft Corporation", "Microsoft® Windows® Operating System",
     "WMI Commandline Utility", "10.0.20348.1", 571392},
    {"msedge.exe", "Microsoft Corporation", "Microsoft Edge", "Microsoft Edge", "121.0.2277.128",
     4021248},
    {"chrome.exe", "Google LLC", "Google Chrome", "Google Chrome", "121.0.6167.161", 3049752},
    {"outlook.exe", "Microsoft Corporation", "Microsoft Outlook", "Microsoft Outlook",
     "16.0.17126.20132", 43452232},
    {"winword.exe", "Microsoft Corporation", "Microsoft Office", "Microsoft Word",
     "16.0.17126.20132", 1641280},
    {"excel.exe", "Microsoft Corporation", "Microsoft Office", "Microsoft Excel",
     "16.0.17126.20132", 67193200},
    {"ms-teams.exe", "Microsoft Corporation", "Microsoft Teams", "Microsoft Teams",
     "24004.1307.2669.7070", 9437184},
    {"onedrive.exe", "Microsoft Corporation", "Microsoft OneDrive", "Microsoft OneDrive",
     "24.010.0114.0003", 3375736},
    {"mpcmdrun.exe", "Microsoft Corporation", "Microsoft Malware Protection",
     "Microsoft Malware Protection Command Line Utility", "4.18.24010.12", 1352872},
    {"msmpeng.exe", "Microsoft Corporation", "Microsoft Malware Protection",
     "Antimalware Service Executable", "4.18.24010.12", 133432},
    {"mssense.exe", "Microsoft Corporation", "Microsoft® Windows® Operating System",
     "Windows Defender Advanced Threat Protection Service Executable", "10.8560.20348.1010",
     4587128},
    {"tiworker.exe", "Microsoft Corporation", "Microsoft® Windows® Operating System",
     "Windows Modules Installer Worker", "10.0.20348.2227", 215552},
    {"psexesvc.exe", "Sysinternals - www.sysinternals.com", "Sysinternals PsExec",
     "PsExec Service", "2.43", 198504},
    {"psexec.exe", "Sysinternals - www.sysinternals.com", "Sysinternals PsExec",
     "Execute processes remotely", "2.43", 716176},
    {"procdump64.exe", "Sysinternals - www.sysinternals.com", "ProcDump",
     "Sysinternals process dump utility", "11.0", 424856},
    {"procdump.exe", "Sysinternals - www.sysinternals.com", "ProcDump",
     "Sysinternals process dump utility", "11.0", 392088},
    {"sqlservr.exe", "Microsoft Corporation", "Microsoft SQL Server", "SQL Server Windows NT - 64 Bit",
     "2022.160.4095.4", 486760},
    {"w3wp.exe", "Microsoft Corporation", "Internet Information Services", "IIS Worker Process",
     "10.0.20348.1", 30720},
    {"robocopy.exe", "Microsoft Corporation", "Microsoft® Windows® Operating System",
     "Microsoft Robocopy", "10.0.20348.1", 132608},
    {"gpupdate.exe", "Microsoft Corporation", "Microsoft® Windows® Operating System",
     "Microsoft® Windows® GPUpdate Utility", "10.0.20348.1", 30720},
    {"ccmexec.exe", "Microsoft Corporation", "System Center Configuration Manager",
     "CCM Executive Service", "5.0.9122.1000", 2846720},
    {"vssadmin.exe", "Microsoft Corporation", "Microsoft® Windows® Operating System",
     "Command Line Interface for Microsoft® Volume Shadow Copy Service", "10.0.20348.1", 139776},
};

const ImageInfo* FindImage(std::string_view file) {
  std::string lower(file);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& i : kImages) {
    if (lower == i.file) return &i;
  }
  return nullptr;
}

// Sets the Process* (or InitiatingProcess*) image columns of a row.
void FillImage(Row& row, std::string_view prefix, std::string_view path, bool has_version_info) {
  std::string_view file = BaseName(path);
  const ImageInfo* info = FindImage(file);
  std::string key = std::string(path);
  bool initiating = prefix == "InitiatingProcess";
  row.Set(initiating ? "InitiatingProcessSHA1" : "SHA1", FakeDigest(key + "#sha1", 40));
  row.Set(initiating ? "InitiatingProcessSHA256" : "SHA256", FakeDigest(key + "#sha256", 64));
  row.Set(initiating ? "InitiatingProcessMD5" : "MD5", FakeDigest(key + "#md5", 32));
  int64_t size = info ? info->size : 40960 + static_cast<int64_t>(StableHash(key) % 900000);
  row.Set(initiating ? "InitiatingProcessFileSize" : "FileSize", size);
  if (!has_version_info) return;
  std::string prefix_v = initiating ? "InitiatingProcessVersionInfo" : "ProcessVersionInfo";
  if (info) {
    row.Set(prefix_v + "CompanyName", info->company);
    row.Set(prefix_v + "ProductName", info->product);
    row.Set(prefix_v + "ProductVersion", info->version);
    row.Set(prefix_v + "InternalFileName", std::string(file));
    row.Set(prefix_v + "OriginalFileName", std::string(file));
    row.Set(prefix_v + "FileDescription", info->description);
  }
}

std::string ElevationFor(std::string_view integrity) {
  if (integrity == "High") return "TokenElevationTypeFull";
  if (integrity == "Medium") return "TokenElevationTypeLimited";
  return "TokenElevationTypeDefault";
}

}  // namespace

std::string_view BaseName(std::string_view path) {
  size_t slash = path.find_last_of("\\/");
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view DirName(std::string_view path) {
  size_t slash = path.find_last_of("\\/");
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

std::string_view IpType(std::string_view ip) {
  if (ip.starts_with("127.") || ip == "::1") return "Loopback";
  if (ip.starts_with("10.") || ip.starts_with("192.168.")) return "Private";
  if (ip.starts_with("172.")) {
    int second = std::atoi(std::string(ip.substr(4, 3)).c_str());
    if (second >= 16 && second <= 31) return "Private";
  }
  if (ip.starts_with("169.254.")) return "LinkLocal";
  return "Public";
}

Account SystemAccount() { return {"NT AUTHORITY", "system", "S-1-5-18", "", ""}; }
Account LocalServiceAccount() { return {"NT AUTHORITY", "local service", "S-1-5-19", "", ""}; }
Account NetworkServiceAccount() { return {"NT AUTHORITY", "network service", "S-1-5-20", "", ""}; }
Account DomainAccount(const World& world, const User& user) {
  if (user.guest) return {"", user.account, user.sid, user.upn, user.object_id};
  std::string domain = world.netbios;
  std::transform(domain.begin(), domain.end(), domain.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return {domain, user.account, user.sid, user.upn, user.object_id};
}
Account LocalAccount(const Host& host, std::string_view name, int rid) {
  uint64_t h = StableHash(host.device_id);
  return {host.name, std::string(name),
          fmt::format("S-1-5-21-{}-{}-{}-{}", 1000000000 + h % 2000000000,
                      1000000000 + (h >> 20) % 2000000000, 1000000000 + (h >> 40) % 2000000000, rid),
          "", ""};
}
Account LinuxAccount(const Host& host, std::string_view name) {
  return {host.name, std::string(name), "", "", ""};
}

int64_t DeviceEvents::NewPid(const Host& host) {
  return host.windows() ? 4 * static_cast<int64_t>(100 + rng_.Below(4000))
                        : static_cast<int64_t>(1000 + rng_.Below(60000));
}

Proc DeviceEvents::Resident(const Host& host, std::string_view file_name, int64_t day_start) const {
  Proc p;
  p.host = &host;
  p.file_name = std::string(file_name);
  uint64_t h = StableHash(host.device_id + std::string(file_name) + std::to_string(day_start));
  p.created = day_start - static_cast<int64_t>(h % (6 * 3600)) * 10'000'000;
  p.pid = host.windows() ? 4 * static_cast<int64_t>(100 + h % 3000) : static_cast<int64_t>(300 + h % 4000);
  p.account = host.windows() ? SystemAccount() : LinuxAccount(host, "root");
  p.integrity = host.windows() ? "System" : "";
  p.elevation = host.windows() ? "TokenElevationTypeDefault" : "";
  p.logon_id = 999;
  p.parent_pid = host.windows() ? 4 * static_cast<int64_t>(100 + (h >> 16) % 200) : 1;
  p.parent_created = p.created - 10'000'000;
  if (host.windows()) {
    if (file_name == "explorer.exe") {
      p.path = R"(C:\Windows\explorer.exe)";
      p.parent_file = "userinit.exe";
      p.session_id = 1;
      p.integrity = "Medium";
      p.elevation = "TokenElevationTypeLimited";
      p.logon_id = static_cast<int64_t>(0x10000 + h % 0xfffff);
      if (host.primary_user >= 0) {
        p.account = DomainAccount(world_, world_.users[host.primary_user]);
      } else {
        p.account = LocalAccount(host, "administrator", 500);
        p.integrity = "High";
        p.elevation = "TokenElevationTypeFull";
      }
      p.command_line = "Explorer.EXE";
    } else if (file_name == "services.exe") {
      p.path = R"(C:\Windows\System32\services.exe)";
      p.parent_file = "wininit.exe";
      p.command_line = "services.exe";
    } else if (file_name == "wmiprvse.exe") {
      p.path = R"(C:\Windows\System32\wbem\WmiPrvSE.exe)";
      p.parent_file = "svchost.exe";
      p.command_line = "C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding";
      p.account = NetworkServiceAccount();
    } else if (file_name == "w3wp.exe") {
      p.path = R"(C:\Windows\System32\inetsrv\w3wp.exe)";
      p.parent_file = "svchost.exe";
      p.command_line = R"(c:\windows\system32\inetsrv\w3wp.exe -ap "DefaultAppPool" -v "v4.0" -l "webengine4.dll" -a \\.\pipe\iisipm -h "C:\inetpub\temp\apppools\DefaultAppPool\DefaultAppPool.config")";
      p.account = {"IIS APPPOOL", "DefaultAppPool", "S-1-5-82-3006700770-424185619-1745488364-794895919-4004696415", "", ""};
      p.integrity = "High";
    } else if (file_name == "sqlservr.exe") {
      p.path = R"(C:\Program Files\Microsoft SQL Server\MSSQL16.MSSQLSERVER\MSSQL\Binn\sqlservr.exe)";
      p.parent_file = "services.exe";
      p.command_line = "\"" + p.path + "\" -sMSSQLSERVER";
      p.account = {"NT SERVICE", "MSSQLSERVER", "S-1-5-80-3880718306-3832830129-1677859214-2598158968-1052248003", "", ""};
      p.integrity = "High";
    } else if (file_name == "lsass.exe") {
      p.path = R"(C:\Windows\System32\lsass.exe)";
      p.parent_file = "wininit.exe";
      p.command_line = R"(C:\Windows\system32\lsass.exe)";
    } else if (file_name == "mssense.exe") {
      p.path = R"(C:\Program Files\Windows Defender Advanced Threat Protection\MsSense.exe)";
      p.parent_file = "services.exe";
      p.command_line = "\"MsSense.exe\"";
    } else if (file_name == "msmpeng.exe") {
      p.path = R"(C:\ProgramData\Microsoft\Windows Defender\Platform\4.18.24010.12-0\MsMpEng.exe)";
      p.parent_file = "services.exe";
      p.command_line = "\"MsMpEng.exe\"";
    } else {
      // svchost.exe hosting a service group.
      p.path = R"(C:\Windows\System32\svchost.exe)";
      p.file_name = "svchost.exe";
      p.parent_file = "services.exe";
      p.command_line = std::string("C:\\Windows\\system32\\svchost.exe -k ") +
                       (file_name == "svchost.exe" ? "netsvcs -p" : std::string(file_name));
    }
  } else {
    if (file_name == "sshd") {
      p.path = "/usr/sbin/sshd";
      p.command_line = "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups";
      p.parent_file = "systemd";
    } else if (file_name == "cron") {
      p.path = "/usr/sbin/cron";
      p.command_line = "/usr/sbin/cron -f -P";
      p.parent_file = "systemd";
    } else if (file_name == "bash") {
      p.path = "/usr/bin/bash";
      p.command_line = "-bash";
      p.parent_file = "sshd";
    } else {
      p.path = "/usr/lib/systemd/systemd";
      p.file_name = "systemd";
      p.command_line = "/sbin/init";
      p.pid = 1;
      p.parent_pid = 0;
      p.parent_file = "";
    }
  }
  return p;
}

Proc DeviceEvents::Spawn(const Proc& parent, std::string_view path, std::string_view command_line,
                         int64_t time, int tag) {
  return SpawnAs(parent, path, command_line, parent.account, parent.integrity, time, tag);
}

Proc DeviceEvents::SpawnAs(const Proc& parent, std::string_view path,
                           std::string_view command_line, const Account& account,
                           std::string_view integrity, int64_t time, int tag) {
  Proc c;
  c.host = parent.host;
  c.path = std::string(path);
  c.file_name = std::string(BaseName(path));
  c.command_line = std::string(command_line);
  c.pid = NewPid(*parent.host);
  c.created = time;
  c.account = account;
  c.integrity = std::string(integrity);
  c.elevation = parent.host->windows() ? ElevationFor(integrity) : "";
  c.logon_id = account.sid == parent.account.sid ? parent.logon_id : NewLogonId();
  c.session_id = parent.session_id;
  c.remote_ip = parent.remote_ip;
  c.remote_device = parent.remote_device;
  c.parent_file = parent.file_name;
  c.parent_pid = parent.pid;
  c.parent_created = parent.created;

  const Host& host = *parent.host;
  Row& row = out_.Add("DeviceProcessEvents", time, tag);
  row.Set("DeviceId", host.device_id).Set("DeviceName", host.name).Set("ActionType", "ProcessCreated");
  row.Set("FileName", c.file_name).Set("FolderPath", c.path);
  FillImage(row, "Process", c.path, host.windows());
  row.Set("ProcessId", c.pid).Set("ProcessCommandLine", c.command_line);
  row.SetTime("ProcessCreationTime", time);
  if (host.windows()) {
    row.Set("ProcessIntegrityLevel", c.integrity).Set("ProcessTokenElevation", c.elevation);
  }
  row.Set("AccountDomain", account.domain).Set("AccountName", account.name);
  if (!account.sid.empty()) row.Set("AccountSid", account.sid);
  if (!account.upn.empty()) row.Set("AccountUpn", account.upn).Set("AccountObjectId", account.object_id);
  row.Set("LogonId", c.logon_id);
  row.Set("CreatedProcessSessionId", c.session_id);
  row.SetBool("IsProcessRemoteSession", !c.remote_ip.empty());
  if (!c.remote_ip.empty()) {
    row.Set("ProcessRemoteSessionIP", c.remote_ip).Set("ProcessRemoteSessionDeviceName", c.remote_device);
  }
  row.Set("ProcessUniqueId", static_cast<int64_t>(rng_.Below(1ULL << 50)));
  FillInitiating(row, parent);
  row.Set("InitiatingProcessLogonId", parent.logon_id);
  row.Set("InitiatingProcessSignerType", host.windows() ? "OsVendor" : "None");
  row.Set("InitiatingProcessSignatureStatus", host.windows() ? "Valid" : "Unknown");
  return c;
}

void DeviceEvents::FillInitiating(Row& row, const Proc& p) {
  const std::string& mg = p.host->machine_group;
  row.Set("MachineGroup", mg);
  row.Set("InitiatingProcessAccountDomain", p.account.domain);
  row.Set("InitiatingProcessAccountName", p.account.name);
  if (!p.account.sid.empty()) row.Set("InitiatingProcessAccountSid", p.account.sid);
  if (!p.account.upn.empty()) {
    row.Set("InitiatingProcessAccountUpn", p.account.upn);
    row.Set("InitiatingProcessAccountObjectId", p.account.object_id);
  }
  FillImage(row, "InitiatingProcess", p.path, p.host->windows());
  row.Set("InitiatingProcessFileName", p.file_name);
  row.Set("InitiatingProcessFolderPath", std::string(DirName(p.path)));
  row.Set("InitiatingProcessId", p.pid);
  row.Set("InitiatingProcessCommandLine", p.command_line);
  row.SetTime("InitiatingProcessCreationTime", p.created);
  if (p.host->windows()) {
    row.Set("InitiatingProcessIntegrityLevel", p.integrity);
    row.Set("InitiatingProcessTokenElevation", p.elevation);
  }
  if (!p.parent_file.empty()) {
    row.Set("InitiatingProcessParentFileName", p.parent_file);
    row.Set("InitiatingProcessParentId", p.parent_pid);
    row.SetTime("InitiatingProcessParentCreationTime", p.parent_created);
  }
  row.Set("InitiatingProcessSessionId", p.session_id);
  row.SetBool("IsInitiatingProcessRemoteSession", !p.remote_ip.empty());
  if (!p.remote_ip.empty()) {
    row.Set("InitiatingProcessRemoteSessionIP", p.remote_ip);
    row.Set("InitiatingProcessRemoteSessionDeviceName", p.remote_device);
  }
  row.Set("InitiatingProcessUniqueId", std::to_string(StableHash(p.host->device_id + std::to_string(p.pid) +
                                                                 std::to_string(p.created)) >> 14));
}

Row& DeviceEvents::Network(const Proc& p, int64_t time, std::string_view action,
                           std::string_view remote_ip, int remote_port, std::string_view remote_url,
                           std::string_view protocol, int tag) {
  const Host& host = *p.host;
  Row& row = out_.Add("DeviceNetworkEvents", time, tag);
  row.Set("DeviceId", host.device_id).Set("DeviceName", host.name).Set("ActionType", action);
  row.Set("RemoteIP", remote_ip).Set("RemotePort", remote_port);
  if (!remote_url.empty()) row.Set("RemoteUrl", remote_url);
  row.Set("LocalIP", host.private_ip).Set("LocalPort", 49152 + static_cast<int>(rng_.Below(16000)));
  row.Set("Protocol", protocol).Set("LocalIPType", "Private").Set("RemoteIPType", IpType(remote_ip));
  FillInitiating(row, p);
  return row;
}

Row& DeviceEvents::Inbound(const Proc& p, int64_t time, std::string_view remote_ip, int local_port,
                           int tag) {
  const Host& host = *p.host;
  Row& row = out_.Add("DeviceNetworkEvents", time, tag);
  row.Set("DeviceId", host.device_id).Set("DeviceName", host.name);
  row.Set("ActionType", "InboundConnectionAccepted");
  row.Set("RemoteIP", remote_ip).Set("RemotePort", 1024 + static_cast<int>(rng_.Below(64000)));
  row.Set("LocalIP", host.private_ip).Set("LocalPort", local_port);
  row.Set("Protocol", "Tcp").Set("LocalIPType", "Private").Set("RemoteIPType", IpType(remote_ip));
  FillInitiating(row, p);
  return row;
}

Row& DeviceEvents::File(const Proc& p, int64_t time, std::string_view action,
                        std::string_view folder, std::string_view file_name, int64_t size,
                        int tag) {
  const Host& host = *p.host;
  Row& row = out_.Add("DeviceFileEvents", time, tag);
  std::string sep = host.windows() ? "\\" : "/";
  std::string full = std::string(folder) + sep + std::string(file_name);
  row.Set("DeviceId", host.device_id).Set("DeviceName", host.name).Set("ActionType", action);
  row.Set("FileName", file_name).Set("FolderPath", full);
  if (action != "FileDeleted") {
    row.Set("SHA1", FakeDigest(full + std::to_string(size) + "#sha1", 40));
    row.Set("SHA256", FakeDigest(full + std::to_string(size) + "#sha256", 64));
    row.Set("MD5", FakeDigest(full + std::to_string(size) + "#md5", 32));
    row.Set("FileSize", size);
  }
  row.Set("RequestProtocol", "Local");
  FillInitiating(row, p);
  return row;
}

Row& DeviceEvents::Registry(const Proc& p, int64_t time, std::string_view action,
                            std::string_view key, std::string_view value_name,
                            std::string_view value_type, std::string_view value_data, int tag) {
  const Host& host = *p.host;
  Row& row = out_.Add("DeviceRegistryEvents", time, tag);
  row.Set("DeviceId", host.device_id).Set("DeviceName", host.name).Set("ActionType", action);
  row.Set("RegistryKey", key);
  if (!value_name.empty()) row.Set("RegistryValueName", value_name);
  if (!value_type.empty()) row.Set("RegistryValueType", value_type);
  if (!value_data.empty()) row.Set("RegistryValueData", value_data);
  FillInitiating(row, p);
  return row;
}

Row& DeviceEvents::Logon(const Host& host, int64_t time, bool success, std::string_view logon_type,
                         const Account& account, std::string_view protocol,
                         std::string_view remote_ip, std::string_view remote_device,
                         std::string_view failure_reason, int tag) {
  Row& row = out_.Add("DeviceLogonEvents", time, tag);
  row.Set("DeviceId", host.device_id).Set("DeviceName", host.name);
  row.Set("ActionType", success ? "LogonSuccess" : "LogonFailed").Set("LogonType", logon_type);
  row.Set("AccountDomain", account.domain).Set("AccountName", account.name);
  if (!account.sid.empty()) row.Set("AccountSid", account.sid);
  row.Set("Protocol", protocol);
  if (!success) row.Set("FailureReason", failure_reason);
  if (success) {
    row.SetBool("IsLocalAdmin", account.name == "administrator" || account.name == "root" ||
                                    account.sid == "S-1-5-18");
    row.Set("LogonId", NewLogonId());
  }
  if (!remote_ip.empty()) {
    row.Set("RemoteIP", remote_ip).Set("RemoteIPType", IpType(remote_ip));
    row.Set("RemotePort", remote_ip == "-" ? 0 : 1024 + static_cast<int>(rng_.Below(64000)));
  }
  if (!remote_device.empty()) row.Set("RemoteDeviceName", remote_device);
  Proc init = host.windows() ? Resident(host, "lsass.exe", FloorDiv(time, kTicksPerDay) * kTicksPerDay)
                             : Resident(host, "sshd", FloorDiv(time, kTicksPerDay) * kTicksPerDay);
  FillInitiating(row, init);
  return row;
}

}  // namespace quarry::range
