#include "range/world.h"

#include <fmt/core.h>

#include <algorithm>
#include <set>

namespace quarry::range {
namespace {

const char* const kFirstNames[] = {
    "alice", "bob", "carol", "ivan", "judy", "mallory", "oscar", "peggy", "trent", "victor",
    "wendy", "arisa", "andres", "erick", "nina", "omar", "priya", "quinn", "rosa", "sam",
    "tariq", "uma", "vera", "will", "xena", "yusuf", "zoe", "liam", "emma", "noah", "olivia",
    "mia", "lucas", "sofia", "mateo", "aria", "leo", "chloe", "ethan", "hana", "kenji", "lena",
    "marco", "nadia", "paul", "rahul", "sara", "tom", "anna", "ben", "clara", "diego", "elena",
    "felix", "gabriel", "hugo", "ines", "jonas", "kira", "lars", "maya", "nils", "ola", "pia"};
const char* const kLastNames[] = {
    "smith", "johnson", "garcia", "miller", "davis", "martinez", "lopez", "wilson", "anderson",
    "thomas", "taylor", "moore", "jackson", "martin", "lee", "perez", "thompson", "white",
    "harris", "clark", "lewis", "robinson", "walker", "young", "allen", "king", "wright", "scott",
    "nguyen", "hill", "green", "adams", "baker", "nelson", "carter", "mitchell", "roberts",
    "turner", "phillips", "campbell", "parker", "evans", "edwards", "collins", "stewart",
    "morris", "murphy", "cook", "rogers", "morgan", "peterson", "cooper", "reed", "bailey",
    "fischer", "weber", "schmidt", "kowalski", "novak", "tanaka", "sato", "kim", "park", "chen"};
const char* const kDepartments[] = {"Finance", "Sales",  "Engineering", "HR",    "Marketing",
                                    "Legal",   "IT",     "Operations",  "Support", "Research"};

std::string Capitalize(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

const std::vector<Location>& OfficeAndHomeLocations() {
  static const std::vector<Location> kLocations = {
      {"Seattle", "Washington", "US", 47.6062, -122.3321},
      {"New York", "New York", "US", 40.7128, -74.0060},
      {"London", "England", "GB", 51.5072, -0.1276},
      {"Redmond", "Washington", "US", 47.6740, -122.1215},
      {"Bellevue", "Washington", "US", 47.6101, -122.2015},
      {"Tacoma", "Washington", "US", 47.2529, -122.4443},
      {"Portland", "Oregon", "US", 45.5152, -122.6784},
      {"Jersey City", "New Jersey", "US", 40.7178, -74.0431},
      {"Brooklyn", "New York", "US", 40.6782, -73.9442},
      {"Stamford", "Connecticut", "US", 41.0534, -73.5387},
      {"Reading", "England", "GB", 51.4543, -0.9781},
      {"Brighton", "England", "GB", 50.8225, -0.1372},
      {"Austin", "Texas", "US", 30.2672, -97.7431},
      {"Denver", "Colorado", "US", 39.7392, -104.9903},
      {"Toronto", "Ontario", "CA", 43.6532, -79.3832},
      {"Dublin", "Dublin", "IE", 53.3498, -6.2603},
  };
  return kLocations;
}

struct FixedHost {
  const char* name;
  OsKind os;
  HostRole role;
  bool lab;
  bool internet_facing;
  const char* owner;  // primary user account or ""
};

const FixedHost kFixedHosts[] = {
    {"windows-target-1", OsKind::kWindowsServer2022, HostRole::kLab, true, true, "labuser"},
    {"linux-target-1", OsKind::kUbuntu, HostRole::kLab, true, true, ""},
    {"vm-final-lab-pr", OsKind::kWindows11, HostRole::kLab, true, true, "labuser"},
    {"mde-test-cyn", OsKind::kWindows10, HostRole::kLab, true, false, "erin"},
    {"dc-01", OsKind::kWindowsServer2019, HostRole::kDomainController, false, false, ""},
    {"fileserver-1", OsKind::kWindowsServer2019, HostRole::kFileServer, false, false, ""},
    {"web-01", OsKind::kWindowsServer2022, HostRole::kWebServer, false, true, ""},
    {"ws-22", OsKind::kWindows11, HostRole::kWorkstation, false, false, "dave"},
    {"ws-30", OsKind::kWindows10, HostRole::kWorkstation, false, false, "heidi"},
    {"laptop-frank", OsKind::kWindows11, HostRole::kLaptop, false, false, "frank"},
};

const char* const kExtraWindowsServers[] = {"sql-01", "app-01", "backup-01", "rdsh-01",
                                            "wsus-01", "print-01", "app-02", "sql-02"};
const char* const kLinuxNames[] = {"srv-db-01",   "build-agent-01", "bastion-01",  "k8s-node-01",
                                   "monitor-01",  "linux-web-02",   "k8s-node-02", "gitlab-01",
                                   "mail-relay-01", "nfs-01",       "k8s-node-03", "dev-ubuntu-01"};

std::string MakeMac(Rng& rng) {
  std::string h = rng.Hex(12);
  h[1] = "26ae"[rng.Below(4)];
  return fmt::format("{}-{}-{}-{}-{}-{}", h.substr(0, 2), h.substr(2, 2), h.substr(4, 2),
                     h.substr(6, 2), h.substr(8, 2), h.substr(10, 2));
}

}  // namespace

std::string FakeDigest(std::string_view what, size_t n) {
  std::string out;
  uint64_t h = StableHash(what);
  while (out.size() < n) {
    h = h * 6364136223846793005ULL + 1442695040888963407ULL;
    out += fmt::format("{:016x}", h ^ (h >> 29));
  }
  out.resize(n);
  return out;
}

// The addresses draw their octets last first: the order the ranges have always been generated in
// (the order GCC happened to evaluate the format arguments in), so every seed keeps its layout.
std::string ResidentialIp(Rng& rng) {
  static const int kFirst[] = {24, 47, 50, 67, 68, 69, 71, 72, 73, 75, 76, 81, 82, 86, 90, 92,
                               96, 97, 98, 99, 107, 108, 172, 174, 184};
  int a = kFirst[rng.Below(std::size(kFirst))];
  int b = static_cast<int>(rng.Below(256));
  if (a == 172) b = 56 + static_cast<int>(rng.Below(100));  // stay clear of 172.16/12
  uint64_t d = 1 + rng.Below(254);
  uint64_t c = rng.Below(256);
  return fmt::format("{}.{}.{}.{}", a, b, c, d);
}

std::string HostingIp(Rng& rng) {
  static const int kFirst[] = {5,   31,  37,  45,  46,  62,  77,  80,  85,  89,  91,  94, 103,
                               109, 141, 146, 152, 159, 167, 176, 178, 185, 188, 193, 194, 195,
                               212, 213, 217};
  uint64_t d = 1 + rng.Below(254);
  uint64_t c = rng.Below(256);
  uint64_t b = rng.Below(256);
  int a = kFirst[rng.Below(std::size(kFirst))];
  return fmt::format("{}.{}.{}.{}", a, b, c, d);
}

std::string AzurePublicIp(Rng& rng) {
  uint64_t d = 1 + rng.Below(254);
  uint64_t c = rng.Below(256);
  uint64_t b = 40 + rng.Below(200);
  return fmt::format("20.{}.{}.{}", b, c, d);
}

const std::vector<Location>& ForeignLocations() {
  static const std::vector<Location> kForeign = {
      {"Moscow", "Moscow", "RU", 55.7558, 37.6173},
      {"Lagos", "Lagos", "NG", 6.5244, 3.3792},
      {"Sao Paulo", "Sao Paulo", "BR", -23.5505, -46.6333},
      {"Ho Chi Minh City", "Ho Chi Minh", "VN", 10.8231, 106.6297},
      {"Jakarta", "Jakarta", "ID", -6.2088, 106.8456},
      {"Bucharest", "Bucharest", "RO", 44.4268, 26.1025},
      {"Shenzhen", "Guangdong", "CN", 22.5431, 114.0579},
      {"Tehran", "Tehran", "IR", 35.6892, 51.3890},
      {"Pyongyang", "Pyongyang", "KP", 39.0392, 125.7625},
      {"Minsk", "Minsk", "BY", 53.9006, 27.5590},
  };
  return kForeign;
}

int World::FindHost(std::string_view name) const {
  for (size_t i = 0; i < hosts.size(); ++i) {
    if (hosts[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

int World::FindUser(std::string_view account) const {
  for (size_t i = 0; i < users.size(); ++i) {
    if (users[i].account == account) return static_cast<int>(i);
  }
  return -1;
}

std::vector<int> World::HostsWhere(bool (*pred)(const Host&)) const {
  std::vector<int> out;
  for (size_t i = 0; i < hosts.size(); ++i) {
    if (pred(hosts[i])) out.push_back(static_cast<int>(i));
  }
  return out;
}

World BuildWorld(const RangeOptions& options, Rng& rng) {
  World w;
  ScaleProfile profile = ProfileFor(options.scale);
  uint64_t sid_parts[3];  // drawn last first, as the ranges have always been
  for (int i = 2; i >= 0; --i) sid_parts[i] = 1000000000 + rng.Below(3000000000ULL);
  w.domain_sid = fmt::format("S-1-5-21-{}-{}-{}", sid_parts[0], sid_parts[1], sid_parts[2]);
  w.entra_tenant_id = rng.Guid();
  w.workspace_id = rng.Guid();
  w.subscription_id = rng.Guid();
  w.locations = OfficeAndHomeLocations();
  w.office_count = 3;
  for (int i = 0; i < w.office_count; ++i) w.office_ips.push_back(ResidentialIp(rng));
  w.dns_servers = {"10.20.0.10", "10.20.0.11"};

  // Users: the named ones analysts ask about, then generated staff.
  std::set<std::string> taken;
  auto add_user = [&](const std::string& first, const std::string& last, bool short_name,
                      bool admin, const std::string& department) {
    User u;
    u.account = short_name || !taken.count(first) ? first : first + "." + last;
    if (taken.count(u.account)) u.account = first + "." + last + std::to_string(w.users.size());
    taken.insert(u.account);
    u.upn = u.account + "@" + w.domain;
    u.display_name = Capitalize(first) + " " + Capitalize(last);
    u.sid = w.domain_sid + "-" + std::to_string(1100 + w.users.size());
    u.object_id = rng.Guid();
    u.department = department;
    u.home = rng.Chance(0.85) ? static_cast<int>(rng.Below(w.locations.size()))
                              : static_cast<int>(rng.Below(w.office_count));
    u.home_ip = ResidentialIp(rng);
    u.admin = admin;
    w.users.push_back(std::move(u));
    if (admin) w.admins.push_back(static_cast<int>(w.users.size() - 1));
  };
  add_user("dave", "fischer", true, false, "Finance");
  add_user("frank", "weber", true, false, "Sales");
  add_user("erin", "novak", true, true, "IT");
  add_user("heidi", "tanaka", true, true, "IT");
  add_user("labuser", "account", true, false, "IT");
  add_user("cloudops", "admin", true, true, "IT");
  w.cloud_admins = {2, 5};
  while (static_cast<int>(w.users.size()) < profile.users - 1) {
    std::string first = kFirstNames[rng.Below(std::size(kFirstNames))];
    std::string last = kLastNames[rng.Below(std::size(kLastNames))];
    bool admin = rng.Chance(0.05);
    add_user(first, last, false, admin, admin ? "IT" : kDepartments[rng.Below(std::size(kDepartments))]);
  }
  {  // A partner's guest, signing in with a home-tenant UPN.
    User g;
    g.account = "grace";
    g.upn = "grace@fabrikam.com";
    g.display_name = "Grace Hopper (Fabrikam)";
    g.sid = w.domain_sid + "-" + std::to_string(1100 + w.users.size());
    g.object_id = rng.Guid();
    g.department = "Partner";
    g.home = static_cast<int>(rng.Below(w.locations.size()));
    g.home_ip = ResidentialIp(rng);
    g.guest = true;
    w.users.push_back(std::move(g));
  }

  // Hosts.
  int lab_octet = 4 + static_cast<int>(rng.Below(40));
  auto add_host = [&](const std::string& name, OsKind os, HostRole role, bool lab,
                      bool internet_facing, int owner) {
    Host h;
    h.name = name;
    h.device_id = rng.Hex(40);
    h.aad_device_id = rng.Guid();
    h.os = os;
    h.role = role;
    h.primary_user = owner;
    h.mac = MakeMac(rng);
    if (lab) {
      h.private_ip = fmt::format("10.0.0.{}", lab_octet);
      lab_octet += 1 + static_cast<int>(rng.Below(30));
      if (lab_octet > 250) lab_octet = 5;
    } else if (role == HostRole::kWorkstation || role == HostRole::kLaptop) {
      uint64_t last = 10 + rng.Below(240);
      uint64_t subnet = 1 + rng.Below(6);
      h.private_ip = fmt::format("10.10.{}.{}", subnet, last);
    } else {
      uint64_t last = 10 + rng.Below(240);
      uint64_t subnet = rng.Below(4);
      h.private_ip = fmt::format("10.20.{}.{}", subnet, last);
    }
    h.azure_vm = lab || role != HostRole::kLaptop;
    if (h.azure_vm && (lab || h.server())) {
      h.resource_group = lab ? "cyber-range-admin-soc" : (h.windows() ? "rg-prod-app" : "rg-prod-linux");
      h.nsg = h.name + "-nsg";
      h.subnet = h.resource_group + (lab ? "/cyber-range-vnet/default" : "/prod-vnet/servers");
    } else {
      h.azure_vm = false;
    }
    if (internet_facing) {
      h.public_ip = AzurePublicIp(rng);
    }
    h.machine_group = lab ? "Cyber Range" : (h.server() ? "Servers" : "Workstations");
    w.hosts.push_back(std::move(h));
  };
  for (const auto& f : kFixedHosts) {
    add_host(f.name, f.os, f.role, f.lab, f.internet_facing, *f.owner ? w.FindUser(f.owner) : -1);
  }
  // Domain controllers and DNS: dc-01 serves DNS in a real AD site.
  w.dns_servers = {w.hosts[w.FindHost("dc-01")].private_ip};
  int extra_servers = std::min<int>(profile.windows_hosts / 4, std::size(kExtraWindowsServers));
  for (int i = 0; i < extra_servers; ++i) {
    add_host(kExtraWindowsServers[i], rng.Chance(0.5) ? OsKind::kWindowsServer2022 : OsKind::kWindowsServer2019,
             HostRole::kAppServer, false, false, -1);
  }
  int ws_number = 10;
  std::vector<int> owners;
  for (size_t i = 6; i < w.users.size(); ++i) owners.push_back(static_cast<int>(i));
  for (int i = extra_servers; i < profile.windows_hosts; ++i) {
    int owner = owners.empty() ? -1 : owners[rng.Below(owners.size())];
    if (rng.Chance(0.4) && owner >= 0) {
      std::string name = "laptop-" + w.users[owner].account.substr(0, w.users[owner].account.find('.'));
      if (w.FindHost(name) < 0) {
        add_host(name, OsKind::kWindows11, HostRole::kLaptop, false, false, owner);
        continue;
      }
    }
    ++ws_number;
    if (ws_number == 22 || ws_number == 30) ++ws_number;
    add_host(fmt::format("ws-{}", ws_number), rng.Chance(0.6) ? OsKind::kWindows11 : OsKind::kWindows10,
             HostRole::kWorkstation, false, false, owner);
  }
  for (int i = 0; i < profile.linux_hosts && i < static_cast<int>(std::size(kLinuxNames)); ++i) {
    add_host(kLinuxNames[i], OsKind::kUbuntu, HostRole::kLinuxServer, false,
             std::string_view(kLinuxNames[i]) == "bastion-01", -1);
  }
  return w;
}

}  // namespace quarry::range
