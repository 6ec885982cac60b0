// Background identity and cloud activity: Entra sign-ins and audit events, Azure control plane,
// NSG flow aggregates with the internet's scanning, DeviceInfo reports and the odd benign alert.
#include <fmt/core.h>

#include "common/time.h"
#include "range/background.h"

namespace quarry::range {
namespace {

struct AppTarget {
  const char* app;
  const char* resource;
};
const AppTarget kApps[] = {
    {"Office 365 Exchange Online", "Office 365 Exchange Online"},
    {"Microsoft Teams", "Microsoft Teams Services"},
    {"Office 365 SharePoint Online", "Office 365 SharePoint Online"},
    {"Microsoft Office", "Microsoft Graph"},
    {"My Apps", "Microsoft Graph"},
    {"Azure Portal", "Windows Azure Service Management API"},
    {"Microsoft Authentication Broker", "Windows Azure Active Directory"},
};

struct AzureOp {
  const char* value;
  const char* name;
  const char* provider_path;  // %VM% / %RG% substituted
};
const AzureOp kAzureOps[] = {
    {"Microsoft.Compute/virtualMachines/start/action", "Start Virtual Machine", "Microsoft.Compute/virtualMachines/%VM%"},
    {"Microsoft.Compute/virtualMachines/deallocate/action", "Deallocate Virtual Machine", "Microsoft.Compute/virtualMachines/%VM%"},
    {"Microsoft.Compute/virtualMachines/write", "Create or Update Virtual Machine", "Microsoft.Compute/virtualMachines/%VM%"},
    {"Microsoft.Compute/virtualMachines/extensions/write", "Create or Update Virtual Machine Extension", "Microsoft.Compute/virtualMachines/%VM%/extensions/MDE.Windows"},
    {"Microsoft.Network/networkSecurityGroups/securityRules/write", "Create or Update Security Rule", "Microsoft.Network/networkSecurityGroups/%VM%-nsg/securityRules/AllowHttpsInbound"},
    {"Microsoft.Storage/storageAccounts/listKeys/action", "List Storage Account Keys", "Microsoft.Storage/storageAccounts/contosodiag01"},
    {"Microsoft.Resources/deployments/write", "Create Deployment", "Microsoft.Resources/deployments/nightly-infra"},
    {"Microsoft.KeyVault/vaults/write", "Update Key Vault", "Microsoft.KeyVault/vaults/kv-contoso-prod"},
    {"Microsoft.Insights/diagnosticSettings/write", "Create or update resource diagnostic setting", "Microsoft.Insights/diagnosticSettings/send-to-law"},
};

const int kScanPorts[] = {22, 23, 80, 445, 1433, 3306, 3389, 5900, 8080, 8443, 6379, 5432, 25, 2222};

}  // namespace

Background::Background(const World& world, const RangeOptions& options, RowBuffer& out, Rng rng)
    : world_(world),
      options_(options),
      intensity_(ProfileFor(options.scale).intensity),
      out_(out),
      rng_(rng),
      dev_(world, out, rng_),
      cloud_(world, out, rng_) {}

double Background::WorkFactor(int64_t hour_start) {
  int64_t days = FloorDiv(hour_start, kTicksPerDay);
  int weekday = static_cast<int>((days + 4) % 7);  // 1970-01-01 was a Thursday; 0 = Sunday
  int hour = static_cast<int>((hour_start - days * kTicksPerDay) / kTicksPerHour);
  double f = (hour >= 8 && hour < 18) ? 1.0 : (hour >= 6 && hour < 22) ? 0.3 : 0.05;
  if (weekday == 0 || weekday == 6) f *= 0.15;
  return f;
}

void Background::GenerateHour(int64_t hour_start) {
  double work = WorkFactor(hour_start);
  for (const Host& host : world_.hosts) {
    if (host.windows()) {
      WindowsHost(host, hour_start, work);
    } else {
      LinuxHost(host, hour_start, work);
    }
    if (host.azure_vm && !host.nsg.empty()) Flows(host, hour_start, work);
    // Defender reports device inventory a few times a day.
    if ((hour_start / kTicksPerHour + StableHash(host.name)) % 6 == 0) {
      cloud_.DeviceInfo(host, hour_start + static_cast<int64_t>(rng_.Below(3600)) * kTicksPerSecond);
    }
  }
  Signins(hour_start, work);
  Audit(hour_start, work);
  Azure(hour_start, work);
  if (rng_.Chance(0.02)) BenignAlert(hour_start);
}

void Background::Signins(int64_t hour_start, double work) {
  for (const User& u : world_.users) {
    if (u.account == "cloudops") continue;
    int64_t n = rng_.Poisson(0.5 * work * (1 + intensity_ / 8));
    for (int64_t i = 0; i < n; ++i) {
      SigninSpec s;
      s.user = &u;
      const AppTarget& app = kApps[rng_.Below(u.admin ? std::size(kApps) : std::size(kApps) - 1)];
      s.app = app.app;
      s.resource = app.resource;
      bool at_office = !u.guest && work > 0.5 && rng_.Chance(0.6);
      int office = static_cast<int>(StableHash(u.upn) % world_.office_count);
      s.ip = at_office ? world_.office_ips[office] : u.home_ip;
      s.location = world_.locations[at_office ? office : u.home];
      if (rng_.Chance(0.2)) {
        s.os = "iOS 17.3";
        s.browser = "Mobile Safari 17.3";
        s.client_app = rng_.Chance(0.5) ? "Mobile Apps and Desktop clients" : "Browser";
      } else {
        s.device_name = UsualDeviceName(u);
      }
      // Realistic failures: typos, MFA interrupts, KMSI prompts, CA blocks on unmanaged devices.
      double r = rng_.Real();
      s.result_type = r < 0.035 ? "50126" : r < 0.06 ? "50074" : r < 0.085 ? "50140"
                      : r < 0.09 ? "53003" : r < 0.093 ? "50076" : r < 0.094 ? "50055" : "0";
      s.mfa = s.result_type == "50074" ? false : rng_.Chance(0.35);
      int64_t t = hour_start + static_cast<int64_t>(rng_.Below(3600)) * kTicksPerSecond;
      cloud_.Signin(s, t);
      if (s.result_type != "0" && s.result_type != "53003" && rng_.Chance(0.8)) {
        SigninSpec retry = s;
        retry.result_type = std::string("0");
        retry.mfa = s.result_type == "50074" || s.mfa;
        cloud_.Signin(retry, t + (20 + static_cast<int64_t>(rng_.Below(90))) * kTicksPerSecond);
      }
    }
  }
}

void Background::Audit(int64_t hour_start, double work) {
  int64_t n = rng_.Poisson(1.5 * work * (1 + intensity_ / 4));
  for (int64_t i = 0; i < n; ++i) {
    int64_t t = hour_start + static_cast<int64_t>(rng_.Below(3600)) * kTicksPerSecond;
    const User& target = world_.users[rng_.Below(world_.users.size())];
    const User& admin = world_.users[world_.admins[rng_.Below(world_.admins.size())]];
    switch (rng_.Below(6)) {
      case 0:
        cloud_.Audit(t, "Update user", "UserManagement", "Update", &admin, "", &target,
                     target.display_name, "User", "success");
        break;
      case 1:
        cloud_.Audit(t, "Add member to group", "GroupManagement", "Assign", &admin, "", &target,
                     target.display_name, "User", "success");
        break;
      case 2:
        cloud_.Audit(t, "Reset password (self-service)", "UserManagement", "Update", &target, "",
                     &target, target.display_name, "User", "success");
        break;
      case 3:
        cloud_.Audit(t, "Update device", "Device", "Update", nullptr, "Device Registration Service",
                     nullptr, fmt::format("ws-{}", 10 + rng_.Below(90)), "Device", "success");
        break;
      case 4:
        cloud_.Audit(t, "Add app role assignment grant to user", "ApplicationManagement", "Assign",
                     nullptr, "Microsoft Substrate Management", &target, target.display_name,
                     "User", "success");
        break;
      default:
        cloud_.Audit(t, "Update StsRefreshTokenValidFrom Timestamp", "UserManagement", "Update",
                     nullptr, "Microsoft Online Services", &target, target.display_name, "User",
                     "success");
    }
  }
  // heidi handles the helpdesk's password resets.
  if (rng_.Chance(0.15 * work)) {
    const User& heidi = world_.users[world_.FindUser("heidi")];
    const User& target = world_.users[6 + rng_.Below(world_.users.size() - 7)];
    cloud_.Audit(hour_start + static_cast<int64_t>(rng_.Below(3600)) * kTicksPerSecond,
                 "Reset user password", "UserManagement", "Update", &heidi, "", &target,
                 target.display_name, "User", "success");
  }
}

void Background::Azure(int64_t hour_start, double work) {
  int64_t n = rng_.Poisson(1.2 * (0.2 + work) * (1 + intensity_ / 6));
  std::vector<int> vms = world_.HostsWhere([](const Host& h) { return h.azure_vm; });
  for (int64_t i = 0; i < n; ++i) {
    const AzureOp& op = kAzureOps[rng_.Below(std::size(kAzureOps))];
    const Host& vm = world_.hosts[vms[rng_.Below(vms.size())]];
    std::string path = op.provider_path;
    if (auto p = path.find("%VM%"); p != std::string::npos) path.replace(p, 4, vm.name);
    std::string rg = vm.resource_group;
    bool automation = rng_.Chance(0.4);
    const User& admin = world_.users[world_.cloud_admins[rng_.Below(world_.cloud_admins.size())]];
    std::string caller = automation ? FakeDigest("automation-sp", 8) + "-52a1-4c3e-9d7f-" + FakeDigest("automation-sp#", 12)
                                    : admin.upn;
    std::string ip = automation ? "20.42.73.29" : world_.office_ips[0];
    bool success = !rng_.Chance(0.03);
    int64_t t = hour_start + static_cast<int64_t>(rng_.Below(3600)) * kTicksPerSecond;
    cloud_.Activity(t, caller, ip, op.value, op.name, rg, cloud_.ResourceId(rg, path), success);
  }
}

void Background::Flows(const Host& host, int64_t hour_start, double work) {
  int64_t t0 = hour_start + static_cast<int64_t>(rng_.Below(3000)) * kTicksPerSecond;
  // East-west traffic inside the VNet and outbound HTTPS.
  int64_t n = 1 + rng_.Poisson(2.0 * intensity_ * (0.3 + work));
  for (int64_t i = 0; i < n; ++i) {
    FlowSpec f;
    f.vm = &host;
    if (rng_.Chance(0.5)) {
      const Host& peer = world_.hosts[rng_.Below(world_.hosts.size())];
      f.flow_type = "IntraVNet";
      f.direction = rng_.Chance(0.5) ? 'I' : 'O';
      f.status = 'A';
      f.port = rng_.Chance(0.5) ? 443 : (host.windows() ? 445 : 22);
      f.peer_ip = peer.private_ip;
      f.rule = "DefaultRule_AllowVnetInBound";
      f.flows = 1 + static_cast<int>(rng_.Below(20));
      f.bytes_out = 2000 + static_cast<int64_t>(rng_.Below(200000));
      f.bytes_in = 2000 + static_cast<int64_t>(rng_.Below(900000));
    } else {
      f.flow_type = rng_.Chance(0.6) ? "AzurePublic" : "ExternalPublic";
      f.direction = 'O';
      f.status = 'A';
      f.port = rng_.Chance(0.85) ? 443 : 80;
      f.peer_ip = f.flow_type == "AzurePublic" ? AzurePublicIp(rng_) : ResidentialIp(rng_);
      f.rule = "DefaultRule_AllowInternetOutBound";
      f.flows = 1 + static_cast<int>(rng_.Below(12));
      f.bytes_out = 1000 + static_cast<int64_t>(rng_.Below(60000));
      f.bytes_in = 5000 + static_cast<int64_t>(rng_.Below(2000000));
    }
    cloud_.Flow(f, t0 + i * kTicksPerSecond, -1);
  }
  if (host.public_ip.empty()) return;
  // The internet's background scanning of an exposed VM: denied probes on common ports, a few
  // known-bad sources flagged by Traffic Analytics, and some probes of the ports that are open.
  int64_t probes = 3 + rng_.Poisson(4);
  for (int64_t i = 0; i < probes; ++i) {
    FlowSpec f;
    f.vm = &host;
    f.direction = 'I';
    f.port = kScanPorts[rng_.Below(std::size(kScanPorts))];
    bool open = (host.windows() && f.port == 3389) || (!host.windows() && f.port == 22) ||
                (host.role == HostRole::kWebServer && (f.port == 80 || f.port == 443));
    f.status = open ? 'A' : 'D';
    // Threat intelligence flags some scanners; few of those reach an open port in a given hour.
    f.flow_type = rng_.Chance(open ? 0.03 : 0.15) ? "MaliciousFlow" : "ExternalPublic";
    int sources = 1 + static_cast<int>(rng_.Below(3));
    for (int s = 0; s < sources; ++s) f.public_ips.push_back(HostingIp(rng_));
    f.peer_ip = f.public_ips[0];
    f.flows = sources * (1 + static_cast<int>(rng_.Below(3)));
    f.rule = open ? (f.port == 3389 ? "UserRule_AllowAnyRDPInbound" : f.port == 22 ? "UserRule_AllowAnySSHInbound" : "UserRule_AllowHttpsInbound")
                  : "DefaultRule_DenyAllInBound";
    f.country = ForeignLocations()[rng_.Below(ForeignLocations().size())].country;
    f.bytes_out = 60 * f.flows;
    f.bytes_in = open ? 400 * f.flows : 0;
    cloud_.Flow(f, t0 + (10 + i) * kTicksPerSecond, -1);
  }
}

void Background::BenignAlert(int64_t hour_start) {
  // A potentially unwanted app blocked on a workstation: the everyday Defender alert.
  std::vector<int> ws = world_.HostsWhere([](const Host& h) { return !h.server() && h.windows(); });
  const Host& host = world_.hosts[ws[rng_.Below(ws.size())]];
  int64_t t = hour_start + static_cast<int64_t>(rng_.Below(3600)) * kTicksPerSecond;
  uint64_t serial = rng_.Below(2000000000);
  std::string id = "da" + rng_.Hex(18) + "_" + std::to_string(serial);
  std::string title = "'BundleInstaller' unwanted software was prevented";
  cloud_.AlertInfo(t, id, title, "UnwantedSoftware", "Informational", "");
  Row& m = cloud_.AlertEvidence(t, id, title, "UnwantedSoftware", "", "Machine", "Impacted");
  m.Set("DeviceId", host.device_id).Set("DeviceName", host.name);
  Row& f = cloud_.AlertEvidence(t, id, title, "UnwantedSoftware", "", "File", "Impacted");
  std::string user = host.primary_user >= 0 ? world_.users[host.primary_user].account : "administrator";
  f.Set("FileName", "FreePDFConverterSetup.exe").Set("FolderPath", "C:\\Users\\" + user + "\\Downloads");
  f.Set("SHA1", FakeDigest("pua-sha1" + user, 40)).Set("DeviceName", host.name).Set("ThreatFamily", "BundleInstaller");
}

}  // namespace quarry::range
