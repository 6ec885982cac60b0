#include "hunt/topic_tables.h"

#include <algorithm>
#include <regex>

namespace quarry::hunt {
namespace {

constexpr const char* kSignin = "SigninLogs";
constexpr const char* kLogon = "DeviceLogonEvents";
constexpr const char* kAudit = "AuditLogs";
constexpr const char* kActivity = "AzureActivity";
constexpr const char* kFlows = "AzureNetworkAnalytics_CL";
constexpr const char* kProcess = "DeviceProcessEvents";
constexpr const char* kNetwork = "DeviceNetworkEvents";
constexpr const char* kFile = "DeviceFileEvents";
constexpr const char* kRegistry = "DeviceRegistryEvents";
constexpr const char* kAlerts = "AlertInfo";  // AlertInfo always comes with AlertEvidence
constexpr const char* kAlertEvidence = "AlertEvidence";
constexpr const char* kInfo = "DeviceInfo";

struct Cue {
  const char* pattern;  // regex over the normalised text, matched on word boundaries
  const char* table;
  double weight;
};

// The lexicon. Patterns see lower-case text where entities are replaced by placeholders
// (<host>, <upn>, <account>, <ip>, <port>) and sign-in/log-on spellings are unified
// ("sign-ins", "sign ins" -> "signin"; "log on", "log-on" -> "logon"; "logged into" -> "loggedin").
const std::vector<Cue>& Lexicon() {
  static const std::vector<Cue> kCues = {
      // Entra ID sign-ins.
      {"signins?", kSignin, 3}, {"sign ?on", kSignin, 3}, {"tenant", kSignin, 3},
      {"entra( id)?", kSignin, 2}, {"aad", kSignin, 2}, {"azure ad", kSignin, 2},
      {"azure active directory", kSignin, 2}, {"mfa", kSignin, 3}, {"multi ?factor", kSignin, 3},
      {"2fa", kSignin, 3}, {"password spray\\w*", kSignin, 5}, {"spray\\w*", kSignin, 3},
      {"impossible travel", kSignin, 5}, {"travel", kSignin, 2}, {"conditional access", kSignin, 3},
      {"azure portal", kSignin, 2}, {"portal", kSignin, 1.5}, {"(office 365|o365|m365|microsoft 365)", kSignin, 2},
      {"(outlook|exchange online|sharepoint|onedrive|teams)", kSignin, 1.5},
      {"(strange|unusual|odd|new|foreign|different|unfamiliar) (places|locations?|countr(y|ies)|geo\\w*)", kSignin, 3},
      {"(locations?|countr(y|ies)|geolocation|geo)", kSignin, 1.5}, {"tor", kSignin, 1.5},
      {"anonymous( ip\\w*)?", kSignin, 2}, {"risky", kSignin, 2}, {"legacy auth\\w*", kSignin, 3},
      {"authenticat\\w*", kSignin, 1.5}, {"tokens?", kSignin, 1}, {"account takeover", kSignin, 2},
      {"credential stuffing", kSignin, 4}, {"user agents?", kSignin, 1.5}, {"cloud", kSignin, 1},
      {"<upn>", kSignin, 1.5}, {"lockouts?|locked out", kSignin, 2},
      // Device logons.
      {"logons?", kLogon, 3}, {"logins?", kLogon, 1.5}, {"logins?", kSignin, 2},
      {"loggedin", kLogon, 2.5}, {"loggedin", kSignin, 1.5},
      {"rdp", kLogon, 4}, {"remote desktop", kLogon, 4}, {"ssh", kLogon, 3},
      {"interactive", kLogon, 1}, {"lateral movement", kLogon, 4.5}, {"lateral movement", kNetwork, 1.5}, {"pass the hash|pth", kLogon, 3},
      {"network logons?", kLogon, 2}, {"local logons?", kLogon, 2}, {"kerberos|ntlm", kLogon, 2},
      {"logged on users?", kLogon, 2},
      // Entra audit.
      {"audit( logs?| events?| trail)?", kAudit, 3}, {"global admin\\w*", kAudit, 3},
      {"privileged roles?", kAudit, 3}, {"directory roles?", kAudit, 4},
      {"app(lication)? registrations?", kAudit, 4}, {"service principals?", kAudit, 3},
      {"(app|application) credentials?|client secrets?|certificates? added|credentials? added", kAudit, 4},
      {"consent\\w*", kAudit, 4},
      {"password (resets?|chang\\w*)|(reset|chang\\w*) \\w+ ?\\w* passwords?|resets? passwords?", kAudit, 4},
      {"group membership|added to (a |the )?\\w* ?group|group changes", kAudit, 3},
      {"(mfa|authentication) methods?", kAudit, 2}, {"guest users?|invit\\w+", kAudit, 4},
      {"conditional access polic\\w+", kAudit, 5}, {"entra( id)?", kAudit, 1.5},
      {"directory", kAudit, 1.5}, {"(new|created?) (entra |aad |cloud )?(users?|accounts?)|users? (was |were )?created|accounts? (was |were )?created", kAudit, 4},
      {"disabled (users?|accounts?)|(user|account) disabled", kAudit, 2},
      {"(disabl|enabl|register|chang|reset|remov|delet)\\w* (the |their |his |her )?(mfa|multi factor|2fa|security defaults|authentication methods?)", kAudit, 5},
      // Azure resource activity.
      {"azure resources?", kActivity, 3}, {"resources?", kActivity, 1.5},
      {"resource groups?", kActivity, 3}, {"subscriptions?", kActivity, 3},
      {"vms?|virtual machines?", kActivity, 2}, {"run ?commands?", kActivity, 5},
      {"storage accounts?", kActivity, 4}, {"key ?vaults?", kActivity, 4},
      {"role assignments?", kActivity, 3}, {"rbac", kActivity, 3},
      {"azure activity|activity logs?", kActivity, 4}, {"callers?", kActivity, 3},
      {"deploy\\w*", kActivity, 2}, {"(nsg|security) rules? (change\\w*|modif\\w*|creat\\w*|delet\\w*|added|updated)", kActivity, 3},
      {"snapshots?|disks?", kActivity, 1.5}, {"azure", kActivity, 1}, {"(chang\\w*|modif\\w*|did|made|do|done|creat\\w*|delet\\w*) (\\w+ )?in azure", kActivity, 3}, {"arm", kActivity, 1},
      {"(delet\\w+|remov\\w+|creat\\w+|modif\\w+) (a |an |the |any )?(azure |storage |key )?(vms?|resources?|storage|vaults?|subscriptions?|disks?)", kActivity, 3},
      // NSG flows.
      {"nsgs?", kFlows, 4}, {"flows?", kFlows, 3}, {"flow logs?", kFlows, 2},
      {"inbound", kFlows, 2.5}, {"port ?scan\\w*|scann\\w+", kFlows, 3},
      {"denied|blocked", kFlows, 1.5}, {"(from|to) the internet|internet", kFlows, 2},
      {"traffic analytics", kFlows, 5}, {"network traffic", kFlows, 2}, {"exposed ports?", kFlows, 2},
      {"public ips?", kFlows, 1.5}, {"network", kFlows, 1}, {"outbound", kFlows, 1},
      // Processes.
      {"process\\w*", kProcess, 4}, {"powershell|pwsh", kProcess, 4},
      {"commands?", kProcess, 2.5}, {"command ?lines?|cmdlines?", kProcess, 4}, {"cmd(\\.exe)?", kProcess, 3},
      {"lolbins?|lolbas", kProcess, 4}, {"living off the land", kProcess, 4}, {"encoded", kProcess, 3},
      {"obfuscat\\w*", kProcess, 2}, {"scripts?|scripting", kProcess, 2}, {"execut\\w*", kProcess, 2.5},
      {"ran|run|running|launch\\w*|spawn\\w*|started|invok\\w*", kProcess, 1.5},
      {"mimikatz|procdump|lsass|credential dump\\w*|dump\\w* credentials", kProcess, 4},
      {"certutil|rundll32|regsvr32|mshta|wmic|psexec|bitsadmin|installutil|msiexec|cscript|wscript|whoami|nltest|adfind|ntdsutil|vssadmin", kProcess, 4},
      {"\\w+\\.exe", kProcess, 2}, {"scheduled tasks?|schtasks", kProcess, 3},
      {"net (user|localgroup|group)", kProcess, 4}, {"local admin\\w*", kProcess, 2.5},
      {"local (user |accounts?|users?)", kProcess, 2}, {"discovery|recon\\w*", kProcess, 2},
      {"binar\\w+", kProcess, 2}, {"malware|hack ?tools?", kProcess, 2}, {"macros?", kProcess, 2},
      {"(new|created?) services?|service (creat\\w+|install\\w*)", kProcess, 2},
      {"shadow cop\\w+", kProcess, 3}, {"child process\\w*|parent process\\w*|process tree", kProcess, 3},
      {"privilege escalation", kProcess, 1}, {"cobalt strike", kProcess, 1.5},
      // Network connections.
      {"network connections?|connections?", kNetwork, 3}, {"connect\\w*", kNetwork, 2.5},
      {"outbound", kNetwork, 2.5}, {"c2|c&c|command and control", kNetwork, 4},
      {"beacon\\w*", kNetwork, 4}, {"call\\w* (home|back)|callbacks?", kNetwork, 3},
      {"exfil\\w*", kNetwork, 4}, {"dns", kNetwork, 3}, {"remote ips?", kNetwork, 2},
      {"talk\\w* to|communicat\\w*|reach\\w* out", kNetwork, 2.5}, {"upload\\w*", kNetwork, 2},
      {"reverse shells?", kNetwork, 3}, {"tor", kNetwork, 2}, {"network", kNetwork, 1.5},
      {"listen\\w*", kNetwork, 2}, {"egress", kNetwork, 3}, {"(domains?|urls?)", kNetwork, 1.5},
      {"traffic", kNetwork, 1}, {"smb", kNetwork, 2}, {"cobalt strike", kNetwork, 1.5},
      {"<ip>", kNetwork, 2}, {"<port>", kNetwork, 3}, {"<port>", kFlows, 3}, {"ports?", kNetwork, 1},
      {"ports?", kFlows, 1}, {"<ip>", kFlows, 1}, {"<ip>", kSignin, 1},
      // Files.
      {"files?", kFile, 3}, {"ransomware", kFile, 4}, {"encrypt\\w*", kFile, 3},
      {"renam\\w*", kFile, 3}, {"download\\w*", kFile, 3}, {"dropp?ed|drops", kFile, 3},
      {"written|writ\\w+|wrote", kFile, 2}, {"temp (folders?|director\\w+)|%temp%|appdata|downloads folder", kFile, 3},
      {"extensions?", kFile, 2}, {"zip|archives?|rar|7z", kFile, 2}, {"documents?", kFile, 1},
      {"usb", kFile, 2}, {"(file )?shares?", kFile, 1}, {"mass (delet\\w+|renam\\w+|encrypt\\w+)", kFile, 3},
      {"web ?shells?", kFile, 3}, {"hash(es)?|sha256|sha1|md5", kFile, 2}, {"payloads?", kFile, 1.5},
      {"folders?|director(y|ies)|paths?", kFile, 1.5},
      // Registry.
      {"registry", kRegistry, 5}, {"run ?keys?|runonce", kRegistry, 5}, {"persistence|persist\\w*", kRegistry, 3},
      {"autoruns?|autostart", kRegistry, 4}, {"startup", kRegistry, 2}, {"hklm|hkcu|hkey\\w*", kRegistry, 5},
      {"registry keys?", kRegistry, 2}, {"ifeo|image file execution", kRegistry, 4},
      {"wdigest", kRegistry, 3}, {"uac", kRegistry, 2},
      {"(new |created? )?local admin\\w*( (were |was )?(created|added))?", kRegistry, 2},
      // Alerts.
      {"alerts?", kAlerts, 4}, {"incidents?", kAlerts, 4}, {"detections?|detected", kAlerts, 3},
      {"flagged", kAlerts, 2}, {"defender", kAlerts, 1.5}, {"(mde|edr|xdr|sentinel)", kAlerts, 1},
      // Device inventory.
      {"(device )?inventory", kInfo, 5}, {"onboard\\w*", kInfo, 4}, {"os versions?|operating systems?", kInfo, 4},
      {"(which|what|list|all) (of )?(our |the )?(devices|machines|hosts|endpoints|servers)", kInfo, 3},
      {"internet ?facing", kInfo, 3}, {"exposure( level)?", kInfo, 2}, {"unpatched|patch\\w*", kInfo, 2},
      {"device info\\w*", kInfo, 5}, {"sensor health", kInfo, 4}, {"assets?", kInfo, 2},
  };
  return kCues;
}

std::string Normalise(const std::vector<RequestWord>& words, const RequestEntities& e) {
  std::string text;
  for (size_t i = 0; i < words.size(); ++i) {
    std::string token = words[i].lower;
    if (e.entity_word[i]) {
      const std::string& t = words[i].text;
      std::string lower = ToLower(t);
      if (IsUpn(t)) token = "<upn>";
      else if (std::find(e.hosts.begin(), e.hosts.end(), t) != e.hosts.end()) token = "<host>";
      else if (std::find(e.accounts.begin(), e.accounts.end(), t) != e.accounts.end() ||
               t.find('\\') != std::string::npos) token = "<account>";
      else if (IsIpv4(lower) || IsIpv6(lower) || lower.find('.') != std::string::npos ||
               std::count(lower.begin(), lower.end(), ':') >= 2) token = "<ip>";
      else token = "<port>";
      // "port 4444" / "10.0.0.5:3389": an address with a port also names the port.
      if (token == "<ip>" && lower.find(':') != std::string::npos && IsIpv4(lower.substr(0, lower.find(':')))) {
        token = "<ip> <port>";
      }
    }
    if (!text.empty()) text += ' ';
    text += token;
  }
  for (char& c : text) {
    if (c == '-' || c == '_' || c == '/' || c == '\'') c = ' ';
  }
  static const std::pair<const char*, const char*> kUnify[] = {
      {"\\bsign ?ins?\\b", "signin"}, {"\\bsign ?ons?\\b", "signon"}, {"\\bsigned in\\b", "signin"},
      {"\\bsigning in\\b", "signin"}, {"\\blog ?ins\\b", "logins"}, {"\\blog ?in\\b", "login"},
      {"\\blog ?ons?\\b", "logon"}, {"\\blogged (in|into|on|onto|in to|on to)\\b", "loggedin"},
      {"\\blogging (in|into|on|onto)\\b", "loggedin"}, {"\\bbrute ?forc\\w*\\b", "bruteforce"},
      {"\\bbrute\\b", "bruteforce"}};
  for (const auto& [from, to] : kUnify) text = std::regex_replace(text, std::regex(from), to);
  return text;
}

// Whole-word match: the text is space-separated words, so a pattern must start after a space
// (or at the start) and end before one. Group 2 is the matched words.
std::regex WordRegex(const std::string& pattern) {
  return std::regex("(^| )(" + pattern + ")(?= |$)");
}

bool Has(const std::string& text, const char* pattern) {
  return std::regex_search(text, WordRegex(pattern));
}

const std::vector<std::regex>& CompiledLexicon() {
  static const std::vector<std::regex> kCompiled = [] {
    std::vector<std::regex> out;
    for (const auto& cue : Lexicon()) out.push_back(WordRegex(cue.pattern));
    return out;
  }();
  return kCompiled;
}

}  // namespace

TableChoice ChooseTables(const std::vector<RequestWord>& words, const RequestEntities& e) {
  TableChoice choice;
  std::string text = Normalise(words, e);
  auto add = [&](const char* table, double w, const std::string& why) {
    choice.scores[table] += w;
    choice.reasons.push_back(std::string(table) + ": " + why);
  };
  const auto& lexicon = Lexicon();
  const auto& compiled = CompiledLexicon();
  for (size_t i = 0; i < lexicon.size(); ++i) {
    std::smatch m;
    if (std::regex_search(text, m, compiled[i])) {
      add(lexicon[i].table, lexicon[i].weight, "'" + m.str(2) + "'");
    }
  }

  // Context rules for the ambiguous topics.
  bool device_context = !e.hosts.empty() ||
                        Has(text, "machines?|hosts?|servers?|workstations?|endpoints?|devices?|"
                                  "laptops?|desktops?|boxes|box|linux|windows|domain controllers?|dc|<host>");
  bool cloud_context = !e.upns.empty() ||
                       Has(text, "tenant|entra|aad|azure ad|azure|portal|o365|m365|office 365|mfa|"
                                 "cloud|conditional access|saml|oauth");
  bool bare_account = !e.accounts.empty();
  if (Has(text, "logins?|loggedin|logons?|bruteforce|signin|failed passwords?")) {
    if (device_context && !Has(text, "signin|tenant|entra|aad|mfa")) {
      add(kLogon, 3, "logon to a device");
    } else if (cloud_context && !device_context) {
      add(kSignin, 3, "sign-in to the cloud");
    } else {
      add(kLogon, 1.5, "logon, no device or tenant named");
      add(kSignin, 1.5, "sign-in, no device or tenant named");
    }
  }
  if (Has(text, "bruteforce")) add(device_context ? kLogon : kSignin, 2, "brute force");
  if (Has(text, "roles?|admins? rights|privileges?|permissions?")) {
    if (Has(text, "azure resources?|subscriptions?|resource groups?|rbac|role assignments?|vms?|owner|contributor")) {
      add(kActivity, 2.5, "Azure RBAC role");
    } else {
      add(kAudit, 3, "directory role");
    }
  }
  if (Has(text, "delet\\w+|remov\\w+|destroy\\w*|wip\\w+")) {
    if (Has(text, "files?|folders?|documents?|backups?|shadow")) add(kFile, 2, "deleted files");
    else if (Has(text, "azure|resources?|vms?|storage|vaults?|subscriptions?|groups?|disks?")) add(kActivity, 2, "deleted Azure resources");
  }
  if (Has(text, "(new|created?|add\\w*) (local )?(admins?|accounts?|users?)|(admins?|accounts?|users?) (were |was )?(created|added)") && device_context) {
    add(kProcess, 2, "account created on a device");
    add(kRegistry, 2, "account created on a device");
    choice.scores[kAudit] -= 2;
  }
  if (Has(text, "run ?commands?")) choice.scores[kProcess] -= 2.5;
  // Remote-access ports: a hit on them is as much about logons as about connections.
  for (int port : e.ports) {
    if (port == 22 || port == 3389 || port == 5985 || port == 5986 || port == 23) {
      add(kLogon, 3, "remote-access port " + std::to_string(port));
      break;
    }
  }
  if (!e.processes.empty()) add(kProcess, 1, "process named");
  if (device_context && !e.hosts.empty()) {
    for (const char* t : {kProcess, kNetwork, kLogon, kFile, kRegistry}) choice.scores[t] += 0.5;
    choice.scores[kSignin] -= 1.5;
  }
  if (!e.upns.empty() || bare_account) {
    add(kSignin, 1, "user named");
    if (bare_account) add(kLogon, 1, "account named");
  }
  if (e.hosts.empty()) choice.scores[kInfo] -= 0.5;

  // Selection: everything within reach of the best, at most four tables (alerts count once).
  std::vector<std::pair<double, std::string>> ranked;
  for (const auto& [table, score] : choice.scores) ranked.emplace_back(score, table);
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  double best = ranked.empty() ? 0 : ranked.front().first;
  constexpr double kMinScore = 2.5;
  constexpr double kRelative = 0.45;
  constexpr size_t kMaxTables = 4;
  if (best >= kMinScore) {
    for (const auto& [score, table] : ranked) {
      if (score < kMinScore || score < kRelative * best || choice.tables.size() >= kMaxTables) break;
      choice.tables.push_back(table);
      if (table == kAlerts) choice.tables.push_back(kAlertEvidence);
    }
  }
  if (choice.tables.empty()) {
    // Nothing topical: follow the entities, else a broad first look.
    if (!e.hosts.empty()) choice.tables = {kProcess, kNetwork, kLogon};
    else if (!e.upns.empty() || bare_account) choice.tables = {kSignin, kLogon, kAudit};
    else if (!e.ips.empty()) choice.tables = {kNetwork, kSignin, kFlows};
    else choice.tables = {kSignin, kProcess, kNetwork, kAlerts, kAlertEvidence};
    choice.reasons.push_back("no topic words: tables chosen from the entities named");
  }
  return choice;
}

}  // namespace quarry::hunt
