// World: the fictional company the cyber range simulates — hosts, users, offices, networks and
// the internet around them — drawn once per seed and scale, then read by every generator.
//
// Fixed names the analysts' example requests use (windows-target-1, linux-target-1,
// vm-final-lab-pr, ws-22, web-01, fileserver-1, dave@contoso.com, labuser, ...) are always
// present; the rest (further hosts, users, IPs, locations) vary with the seed. A value built by
// BuildWorld; immutable afterwards and safe to read from many threads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "range/range_options.h"
#include "range/rng.h"

namespace quarry::range {

enum class OsKind { kWindows10, kWindows11, kWindowsServer2019, kWindowsServer2022, kUbuntu };
enum class HostRole {
  kWorkstation,
  kLaptop,
  kDomainController,
  kFileServer,
  kWebServer,
  kAppServer,
  kLinuxServer,
  kLab,
};

struct Host {
  std::string name;
  std::string device_id;      // 40 hex digits, as Defender's DeviceId
  std::string aad_device_id;  // GUID
  OsKind os = OsKind::kWindows11;
  HostRole role = HostRole::kWorkstation;
  std::string private_ip;
  std::string public_ip;      // "" unless internet-facing
  bool azure_vm = false;
  std::string resource_group;  // Azure VMs only
  std::string nsg;             // Azure VMs only: NSG name
  std::string subnet;          // "rg/vnet/subnet"
  std::string mac;
  int primary_user = -1;       // index into World::users, -1 for servers
  std::string machine_group;

  bool windows() const { return os != OsKind::kUbuntu; }
  bool server() const {
    return role != HostRole::kWorkstation && role != HostRole::kLaptop;
  }
};

struct Location {
  std::string city, state, country;  // country: ISO 3166 alpha-2
  double latitude = 0, longitude = 0;
};

struct User {
  std::string account;       // sAMAccountName, e.g. "dave"
  std::string upn;           // "dave@contoso.com"
  std::string display_name;  // "Dave Fischer"
  std::string sid;
  std::string object_id;     // Entra object id (GUID)
  std::string department;
  int home = 0;              // index into World::locations
  std::string home_ip;       // residential public IP
  bool admin = false;        // IT / cloud admin
  bool guest = false;        // B2B guest from a partner tenant
};

struct World {
  std::string domain = "contoso.com";
  std::string netbios = "CONTOSO";
  std::string domain_sid;               // "S-1-5-21-a-b-c"
  std::string entra_tenant_id;          // AADTenantId
  std::string workspace_id;             // Log Analytics TenantId column
  std::string subscription_id;
  std::vector<Host> hosts;
  std::vector<User> users;
  std::vector<Location> locations;      // [0, office_count) are offices
  int office_count = 0;
  std::vector<std::string> office_ips;  // egress public IPs of the offices
  std::vector<int> admins;              // indices of admin users
  std::vector<int> cloud_admins;        // who usually changes Azure (subset of admins)
  std::vector<std::string> dns_servers;

  int FindHost(std::string_view name) const;
  int FindUser(std::string_view account) const;
  std::vector<int> HostsWhere(bool (*pred)(const Host&)) const;
};

World BuildWorld(const RangeOptions& options, Rng& rng);

// A public IPv4 address in ranges typical of residential / business ISPs.
std::string ResidentialIp(Rng& rng);
// A public IPv4 address in ranges typical of hosting providers and VPSs (scanners, attackers).
std::string HostingIp(Rng& rng);
// A public IPv4 address in 20.40.0.0 - 20.239.255.255, where Azure's public addresses are.
std::string AzurePublicIp(Rng& rng);

// Attack-origin locations (far from every office).
const std::vector<Location>& ForeignLocations();

// Deterministic hex digest-looking text of `n` digits derived from `what` (file hashes).
std::string FakeDigest(std::string_view what, size_t n);

}  // namespace quarry::range
