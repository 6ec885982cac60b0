// Planted identity attacks: RDP and SSH brute force, password spray, impossible travel and MFA
// fatigue.
#include <fmt/core.h>

#include "common/time.h"
#include "range/scenario.h"

namespace quarry::range {
namespace {

bool ExposedWindows(const Host& h) { return h.windows() && !h.public_ip.empty(); }
bool ExposedLinux(const Host& h) { return !h.windows() && !h.public_ip.empty(); }

}  // namespace

void PlantRdpBruteForce(ScenarioContext& c) {
  TruthRecord& r = *c.record;
  // Always the demo host, and recent, so `quarry demo`'s worry about it has an answer.
  const Host& host = c.PickHost({kDemoHost}, ExposedWindows, 1.0);
  std::string ip = HostingIp(c.rng);
  static const char* const kTargets[] = {"labuser", "administrator", "admin"};
  std::string account = kTargets[c.rng.Below(std::size(kTargets))];
  r.name = "RDP brute force against " + host.name + " then successful logon as " + account;
  r.techniques = {"T1110.001", "T1021.001", "T1078"};
  r.description = "Password guessing over RDP from one internet address, followed by a remote "
                  "interactive logon with the guessed password.";
  c.AddHost(host.name);
  c.AddUser(account);
  c.AddIp(ip);
  int attempts = static_cast<int>(c.rng.Between(40, 160));
  int64_t duration = attempts * 12 * kTicksPerSecond;
  int64_t t = c.PickRecentStart(duration + kTicksPerHour, kDemoWindow);
  Account target = account == "labuser" ? DomainAccount(c.world, c.world.users[c.world.FindUser("labuser")])
                                        : LocalAccount(host, account, 500);
  static const char* const kSpray[] = {"administrator", "admin", "user", "test", "rdpuser"};
  for (int i = 0; i < attempts; ++i) {
    t += Seconds(c.rng, 2, 20);
    // Mostly the target account, interleaved with the usual guesses.
    Account a = c.rng.Chance(0.75) ? target : LocalAccount(host, kSpray[c.rng.Below(std::size(kSpray))], 500);
    c.dev.Logon(host, t, false, "Network", a, "NTLM", ip, "", "InvalidUserNameOrPassword", c.tag);
  }
  t += Seconds(c.rng, 5, 30);
  c.dev.Logon(host, t, true, "Network", target, "NTLM", ip, "", "", c.tag);
  t += Seconds(c.rng, 2, 6);
  c.dev.Logon(host, t, true, "RemoteInteractive", target, "Negotiate", ip, "", "", c.tag);
  Proc termsvc = c.dev.Resident(host, "NetworkService", DayStart(t));
  c.dev.Inbound(termsvc, t - kTicksPerSecond, ip, 3389, c.tag);
  FlowSpec f;
  f.vm = &host;
  f.flow_type = "ExternalPublic";
  f.direction = 'I';
  f.status = 'A';
  f.port = 3389;
  f.peer_ip = ip;
  f.flows = attempts + 2;
  f.rule = "UserRule_AllowAnyRDPInbound";
  f.country = ForeignLocations()[c.rng.Below(ForeignLocations().size())].country;
  f.bytes_out = 4000 * f.flows;
  f.bytes_in = 9000 * f.flows;
  if (host.azure_vm) c.cloud.Flow(f, t - duration / 2, c.tag);
}

void PlantSshBruteForce(ScenarioContext& c) {
  TruthRecord& r = *c.record;
  const Host& host = c.PickHost({"linux-target-1"}, ExposedLinux);
  std::string ip = HostingIp(c.rng);
  static const char* const kNames[] = {"root", "ubuntu", "azureuser", "admin", "oracle", "test"};
  std::string winner = c.rng.Chance(0.5) ? "root" : "azureuser";
  r.name = "SSH brute force on " + host.name + " from " + ip + ", successful as " + winner;
  r.techniques = {"T1110.001", "T1021.004"};
  r.description = "Rapid SSH password guessing from one address against several account names, "
                  "then a successful login and first commands.";
  c.AddHost(host.name);
  c.AddUser(winner);
  c.AddIp(ip);
  int attempts = static_cast<int>(c.rng.Between(60, 250));
  int64_t t = c.PickStart(attempts * 4 * kTicksPerSecond + kTicksPerHour);
  for (int i = 0; i < attempts; ++i) {
    t += Seconds(c.rng, 1, 6);
    std::string name = c.rng.Chance(0.5) ? winner : kNames[c.rng.Below(std::size(kNames))];
    c.dev.Logon(host, t, false, "Network", LinuxAccount(host, name), "ssh", ip, "",
                "InvalidUserNameOrPassword", c.tag);
  }
  t += Seconds(c.rng, 3, 20);
  c.dev.Logon(host, t, true, "Network", LinuxAccount(host, winner), "ssh", ip, "", "", c.tag);
  Proc sshd = c.dev.Resident(host, "sshd", DayStart(t));
  sshd.remote_ip = ip;
  Proc bash = c.dev.SpawnAs(sshd, "/usr/bin/bash", "-bash", LinuxAccount(host, winner), "", t + kTicksPerSecond, c.tag);
  static const char* const kRecon[][2] = {{"/usr/bin/uname", "uname -a"},
                                          {"/usr/bin/id", "id"},
                                          {"/usr/bin/cat", "cat /etc/passwd"},
                                          {"/usr/bin/nproc", "nproc"}};
  int64_t ct = t + 3 * kTicksPerSecond;
  for (const auto& cmd : kRecon) {
    if (c.rng.Chance(0.3)) continue;
    ct += Seconds(c.rng, 1, 8);
    c.dev.Spawn(bash, cmd[0], cmd[1], ct, c.tag);
  }
  c.dev.Inbound(sshd, t - kTicksPerSecond, ip, 22, c.tag);
  c.AddProcess("sshd");
}

void PlantPasswordSpray(ScenarioContext& c) {
  TruthRecord& r = *c.record;
  int sources = static_cast<int>(c.rng.Between(1, 3));
  std::vector<std::string> ips;
  for (int i = 0; i < sources; ++i) ips.push_back(HostingIp(c.rng));
  int targets = std::min<int>(static_cast<int>(c.rng.Between(20, 60)), static_cast<int>(c.world.users.size()) - 2);
  r.name = fmt::format("Password spray against {} Entra ID accounts from {} address(es)", targets, sources);
  r.techniques = {"T1110.003"};
  r.description = "One or two passwords tried against many accounts from a few hosting-provider "
                  "addresses with a legacy client; a few accounts lock out and one guess works.";
  for (const auto& ip : ips) c.AddIp(ip);
  const Location& where = ForeignLocations()[c.rng.Below(ForeignLocations().size())];
  int64_t t = c.PickStart(2 * kTicksPerHour);
  std::vector<int> order;
  for (size_t i = 0; i < c.world.users.size(); ++i) {
    if (!c.world.users[i].guest && c.world.users[i].account != "cloudops") order.push_back(static_cast<int>(i));
  }
  for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[c.rng.Below(i)]);
  int winner = static_cast<int>(c.rng.Below(static_cast<uint64_t>(targets)));
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < targets; ++i) {
      const User& u = c.world.users[order[i]];
      SigninSpec s;
      s.user = &u;
      s.ip = ips[c.rng.Below(ips.size())];
      s.location = where;
      s.app = "Microsoft Office";
      s.resource = "Office 365 Exchange Online";
      s.client_app = "Other clients";
      s.user_agent = c.rng.Chance(0.5) ? "BAV2ROPC" : "python-requests/2.31.0";
      s.os = "";
      s.browser = "";
      s.result_type = round == 1 && c.rng.Chance(0.1) ? "50053" : "50126";
      if (round == 1 && i == winner) s.result_type = std::string("0");
      t += Seconds(c.rng, 3, 40);
      c.cloud.Signin(s, t, c.tag);
      if (round == 0 && i < 3) c.AddUser(u.upn);
      if (s.result_type == "0") {
        c.AddUser(u.upn);
        c.compromised_users.push_back(order[i]);
      }
    }
    t += 20 * kTicksPerMinute;
  }
}

void PlantImpossibleTravel(ScenarioContext& c) {
  TruthRecord& r = *c.record;
  const User& u = c.world.FindUser("grace") >= 0 && c.rng.Chance(0.3)
                      ? c.world.users[c.world.FindUser("grace")]
                      : c.PickUser(false);
  const Location& home = c.world.locations[u.home];
  const Location& far = ForeignLocations()[c.rng.Below(ForeignLocations().size())];
  std::string ip = HostingIp(c.rng);
  r.name = fmt::format("Impossible travel: {} signs in from {} then {} within an hour", u.upn,
                       home.city, far.city);
  r.techniques = {"T1078.004"};
  r.description = "Two successful sign-ins for one user, from their usual location and from a "
                  "country thousands of kilometres away, too close in time to travel.";
  c.AddUser(u.upn);
  c.AddIp(ip);
  int64_t t = c.PickStart(3 * kTicksPerHour);
  SigninSpec s;
  s.user = &u;
  s.ip = u.home_ip;
  s.location = home;
  s.device_name = UsualDeviceName(u);
  c.cloud.Signin(s, t, c.tag);
  s.ip = ip;
  s.location = far;
  s.device_name = "";
  s.os = "Windows 10";
  s.browser = "Chrome 120.0.0";
  s.risk_level = c.rng.Chance(0.5) ? "medium" : "none";
  int64_t gap = Seconds(c.rng, 20 * 60, 80 * 60);
  c.cloud.Signin(s, t + gap, c.tag);
  s.app = "Office 365 SharePoint Online";
  s.resource = "Office 365 SharePoint Online";
  c.cloud.Signin(s, t + gap + Seconds(c.rng, 60, 600), c.tag);
}

void PlantMfaFatigue(ScenarioContext& c) {
  TruthRecord& r = *c.record;
  const User& u = c.PickUser(true);
  const Location& far = ForeignLocations()[c.rng.Below(ForeignLocations().size())];
  std::string ip = HostingIp(c.rng);
  int pushes = static_cast<int>(c.rng.Between(8, 25));
  r.name = fmt::format("MFA fatigue: {} push requests to {} before approval", pushes, u.upn);
  r.techniques = {"T1621", "T1078.004", "T1098.005"};
  r.description = "With a stolen password, the attacker sends repeated MFA push prompts until "
                  "the user approves one, then registers their own authenticator.";
  c.AddUser(u.upn);
  c.AddIp(ip);
  int64_t t = c.PickStart(2 * kTicksPerHour);
  SigninSpec s;
  s.user = &u;
  s.ip = ip;
  s.location = far;
  s.mfa = true;
  s.app = "Microsoft Office";
  s.resource = "Office 365 Exchange Online";
  for (int i = 0; i < pushes; ++i) {
    s.result_type = "500121";
    s.mfa_detail = c.rng.Chance(0.6) ? "MFA denied; user did not respond to mobile app notification"
                                     : "MFA denied; user declined the authentication";
    t += Seconds(c.rng, 30, 150);
    c.cloud.Signin(s, t, c.tag);
  }
  s.result_type = "0";
  s.mfa_detail = "MFA completed in Azure AD";
  t += Seconds(c.rng, 30, 120);
  c.cloud.Signin(s, t, c.tag);
  t += Seconds(c.rng, 120, 900);
  c.cloud.Audit(t, "User registered security info", "UserManagement", "Add", &u, "", &u,
                u.display_name, "User", "success", c.tag,
                nlohmann::ordered_json::array({{{"displayName", "StrongAuthenticationMethod"},
                                                {"oldValue", "[]"},
                                                {"newValue", "[{\"MethodType\":6}]"}}}));
  c.compromised_users.push_back(c.world.FindUser(u.account));
}

}  // namespace quarry::range
