// DeviceEvents: writes Defender for Endpoint rows (DeviceProcessEvents, DeviceNetworkEvents,
// DeviceFileEvents, DeviceRegistryEvents, DeviceLogonEvents) the way the sensor fills them:
// process identity (image, version info, hashes), the initiating process and its parent,
// account, integrity level and token elevation, session. Used by both the background activity
// and the planted scenarios, so attacks and noise share one shape. Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "range/row_buffer.h"
#include "range/rng.h"
#include "range/world.h"

namespace quarry::range {

struct Account {
  std::string domain;  // "CONTOSO", "NT AUTHORITY", or the host name for local accounts
  std::string name;
  std::string sid;
  std::string upn;        // "" for local / built-in accounts
  std::string object_id;  // "" for local / built-in accounts
};

Account SystemAccount();
Account LocalServiceAccount();
Account NetworkServiceAccount();
Account DomainAccount(const World& world, const User& user);
Account LocalAccount(const Host& host, std::string_view name, int rid);
Account LinuxAccount(const Host& host, std::string_view name);

// A process as the sensor describes it.
struct Proc {
  const Host* host = nullptr;
  std::string file_name;  // "powershell.exe"
  std::string path;       // full image path, "C:\Windows\System32\...\powershell.exe"
  std::string command_line;
  int64_t pid = 0;
  int64_t created = 0;
  Account account;
  std::string integrity;  // "System", "High", "Medium", "Low" ("" on Linux)
  std::string elevation;  // "TokenElevationTypeDefault" / "Full" / "Limited"
  int64_t logon_id = 0;
  int64_t session_id = 0;
  std::string remote_ip;  // RDP session source, when the process runs in one
  std::string remote_device;
  // The parent, as the child's InitiatingProcessParent* columns need it.
  std::string parent_file;
  int64_t parent_pid = 0;
  int64_t parent_created = 0;
};

class DeviceEvents {
 public:
  DeviceEvents(const World& world, RowBuffer& out, Rng& rng) : world_(world), out_(out), rng_(rng) {}

  // A long-running process of the host (services.exe, svchost.exe -k netsvcs, explorer.exe of the
  // primary user, systemd, sshd, ...) with a stable pid and a start time at the day's boot.
  Proc Resident(const Host& host, std::string_view file_name, int64_t day_start) const;
  // A child of `parent`, started at `time` (written to DeviceProcessEvents with tag `tag`).
  Proc Spawn(const Proc& parent, std::string_view path, std::string_view command_line,
             int64_t time, int tag = -1);
  // The same, with another account / integrity than the parent's (services, runas, UAC).
  Proc SpawnAs(const Proc& parent, std::string_view path, std::string_view command_line,
               const Account& account, std::string_view integrity, int64_t time, int tag = -1);

  Row& Network(const Proc& p, int64_t time, std::string_view action, std::string_view remote_ip,
               int remote_port, std::string_view remote_url, std::string_view protocol = "Tcp",
               int tag = -1);
  Row& Inbound(const Proc& p, int64_t time, std::string_view remote_ip, int local_port,
               int tag = -1);
  Row& File(const Proc& p, int64_t time, std::string_view action, std::string_view folder,
            std::string_view file_name, int64_t size, int tag = -1);
  Row& Registry(const Proc& p, int64_t time, std::string_view action, std::string_view key,
                std::string_view value_name, std::string_view value_type,
                std::string_view value_data, int tag = -1);
  // LogonSuccess / LogonFailed on `host` for `account`. `initiator` is lsass.exe / sshd etc.
  Row& Logon(const Host& host, int64_t time, bool success, std::string_view logon_type,
             const Account& account, std::string_view protocol, std::string_view remote_ip,
             std::string_view remote_device, std::string_view failure_reason, int tag = -1);

  const World& world() const { return world_; }
  Rng& rng() { return rng_; }
  int64_t NewPid(const Host& host);
  int64_t NewLogonId() { return 0x3e7 + static_cast<int64_t>(rng_.Below(0x7fffff)) * 16; }

 private:
  void FillInitiating(Row& row, const Proc& p);

  const World& world_;
  RowBuffer& out_;
  Rng& rng_;
};

// "C:\Windows\System32\cmd.exe" -> "cmd.exe"; "/usr/bin/curl" -> "curl".
std::string_view BaseName(std::string_view path);
// Directory part with trailing separator removed: "C:\Windows\System32".
std::string_view DirName(std::string_view path);
// "10.x / 172.16-31 / 192.168 / 127" -> "Private" / "Loopback", otherwise "Public".
std::string_view IpType(std::string_view ip);

}  // namespace quarry::range
