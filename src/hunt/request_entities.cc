#include "hunt/request_entities.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace quarry::hunt {
namespace {

bool IsDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

bool HasDigit(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

bool HasAlpha(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
}

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
}

template <typename T>
void AddUnique(std::vector<T>& v, const T& x) {
  if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}

// Well-known Windows and attacker tools an analyst names without the ".exe".
const std::set<std::string, std::less<>>& KnownTools() {
  static const std::set<std::string, std::less<>> kTools = {
      "powershell", "pwsh", "cmd", "certutil", "rundll32", "regsvr32", "mshta", "wmic",
      "bitsadmin", "psexec", "psexesvc", "mimikatz", "procdump", "schtasks", "whoami",
      "nltest", "vssadmin", "wscript", "cscript", "msiexec", "installutil", "regasm",
      "regsvcs", "cmstp", "ntdsutil", "adfind", "rclone", "wevtutil", "bcdedit", "netsh",
      "msbuild", "forfiles", "mstsc", "winrm", "wsmprovhost", "sharphound", "rubeus",
      "lazagne", "cobaltstrike", "ncat", "netcat", "plink", "anydesk", "teamviewer",
      "ngrok", "7z", "winrar", "excel", "winword", "outlook", "explorer", "svchost", "lsass",
      "taskkill", "tasklist", "sdelete", "curl", "wget", "ssh", "sc", "reg", "net", "net1",
      "cipher", "fsutil", "dsquery", "quser", "qwinsta", "systeminfo", "ipconfig", "arp",
      "hostname", "nslookup"};
  return kTools;
}

// Tools too ambiguous as English words to count without ".exe" ("net", "reg", "sc", "ssh",
// "curl", "explorer", "outlook", "excel" ...).
bool AmbiguousTool(std::string_view lower) {
  static const std::set<std::string, std::less<>> kAmbiguous = {
      "net", "reg", "sc", "ssh", "curl", "wget", "explorer", "outlook", "excel", "hostname",
      "arp", "cipher", "lsass", "svchost", "cmd", "teamviewer", "anydesk", "ngrok", "7z",
      "winrar", "winword", "net1", "winrm", "mstsc", "quser", "qwinsta", "ipconfig",
      "nslookup", "systeminfo", "tasklist", "taskkill", "netsh"};
  return kAmbiguous.count(lower) != 0;
}

bool HasFileExtension(std::string_view lower) {
  static const char* kExt[] = {".exe", ".dll", ".ps1", ".bat", ".cmd", ".vbs", ".js", ".hta",
                               ".msi", ".lnk", ".zip", ".rar", ".7z", ".docm", ".xlsm", ".doc",
                               ".docx", ".xls", ".xlsx", ".pdf", ".iso", ".img", ".scr", ".sys",
                               ".txt", ".csv", ".log", ".py", ".sh", ".jar", ".tmp", ".dat",
                               ".encrypted", ".locked", ".json", ".xml", ".html", ".php", ".aspx"};
  for (const char* ext : kExt) {
    std::string_view e(ext);
    if (lower.size() > e.size() && lower.substr(lower.size() - e.size()) == e) return true;
  }
  return false;
}

bool IsGuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

// Words after which a name is a device: "on ws-22", "host web-01", "from laptop-frank".
bool IsHostCue(std::string_view lower) {
  static const std::set<std::string, std::less<>> kCues = {
      "on", "from", "host", "hostname", "machine", "device", "server", "vm", "endpoint",
      "workstation", "computer", "box", "laptop", "desktop", "node", "devicename", "against",
      "at", "to", "named", "called", "onto", "into", "via"};
  return kCues.count(lower) != 0;
}

// Identifier-like words that are not hosts: ATT&CK ids, CVEs, hashes, encodings, versions.
bool NotAHost(std::string_view lower) {
  static const std::set<std::string, std::less<>> kNot = {
      "sha256", "sha1", "md5", "base64", "ipv4", "ipv6", "x64", "x86", "win32", "win64",
      "o365", "m365", "log4j", "log4shell", "mp3", "mp4", "h264", "utf-8", "utf8", "2fa",
      "mfa", "24h", "48h", "72h", "1h", "2h", "3h", "6h", "12h", "1d", "2d", "3d", "7d",
      "30d", "s3", "ec2", "tls1.2", "http2", "oauth2", "kerberos5", "ntlmv2", "ntlmv1",
      "smbv1", "smbv2", "smb3", "windows10", "windows11", "win10", "win11", "covid-19",
      "24/7", "pre-auth", "c2", "wdigest"};
  if (kNot.count(lower)) return true;
  if (lower.size() >= 2 && lower[0] == 't' && IsDigits(lower.substr(1, 4))) return true;  // T1059
  if (lower.rfind("cve-", 0) == 0 || lower.rfind("ms17-", 0) == 0 || lower.rfind("ta00", 0) == 0) return true;
  // Time amounts glued to units: "30min", "5m", "10days", "2wks".
  size_t d = 0;
  while (d < lower.size() && std::isdigit(static_cast<unsigned char>(lower[d]))) ++d;
  if (d > 0 && d < lower.size()) {
    std::string_view unit = lower.substr(d);
    static const std::set<std::string, std::less<>> kUnits = {
        "m", "min", "mins", "minute", "minutes", "h", "hr", "hrs", "hour", "hours", "d", "day",
        "days", "w", "wk", "wks", "week", "weeks", "mo", "month", "months", "s", "sec", "th",
        "st", "nd", "rd", "x", "k", "gb", "mb", "kb", "tb", "ms"};
    if (kUnits.count(unit)) return true;
  }
  return false;
}

// The shape of a host name: letters, digits, '-', '_', '.'; starts with a letter or digit.
bool HostShaped(std::string_view text) {
  if (text.size() < 2 || text.size() > 253) return false;
  if (!std::isalnum(static_cast<unsigned char>(text.front()))) return false;
  if (!std::isalnum(static_cast<unsigned char>(text.back()))) return false;
  return std::all_of(text.begin(), text.end(), IsNameChar) && HasAlpha(text);
}

// A hyphenated word after "on"/"to"/"from" may be an adjective ("from non-corporate devices",
// "to high-value servers"): a weak host candidate must not start like one, nor be followed by a
// plural noun it describes, and a dotted name with no digit needs an explicit device word
// before it ("on mail.contoso.com"), as "to evil.example.com" is a domain.
bool WeakHostPlausible(std::string_view lower, std::string_view prev, std::string_view next) {
  static const std::set<std::string, std::less<>> kPrefixes = {
      "non", "multi", "cross", "high", "low", "third", "well", "self", "pre", "post", "anti",
      "re", "co", "semi", "sub", "inter", "intra", "out", "over", "under", "off", "on", "in",
      "un", "mid", "ex", "long", "short", "real", "full", "half", "all", "so", "e", "x", "de",
      "first", "second", "end", "user", "brute", "sign", "log", "follow", "built", "what"};
  static const std::set<std::string, std::less<>> kNouns = {
      "devices", "servers", "machines", "hosts", "accounts", "users", "ips", "addresses",
      "locations", "countries", "apps", "applications", "endpoints", "workstations", "systems",
      "networks", "domains", "sites", "resources", "files", "traffic", "connections", "sign-ins",
      "logins", "logons", "attacks", "attack", "activity", "tools", "software", "services",
      "access", "authentication", "auth", "admins", "regions", "tenants"};
  size_t dash = lower.find('-');
  if (dash != std::string_view::npos && kPrefixes.count(lower.substr(0, dash))) return false;
  if (kNouns.count(next)) return false;
  bool dotted = lower.find('.') != std::string_view::npos;
  if (dotted && !HasDigit(lower)) {
    static const std::set<std::string, std::less<>> kDeviceCues = {
        "on", "host", "hostname", "machine", "device", "server", "vm", "endpoint",
        "workstation", "computer", "box", "laptop", "desktop", "node", "devicename"};
    return kDeviceCues.count(prev) != 0;
  }
  return true;
}

bool IsDateLike(std::string_view s) {
  // 2025-01-03, 2025/01/03, 01-03-2025
  int digits = 0, seps = 0;
  for (char c : s) {
    if (std::isdigit(static_cast<unsigned char>(c))) ++digits;
    else if (c == '-' || c == '/' || c == 't' || c == 'T' || c == ':' || c == 'z' || c == 'Z' || c == '.') ++seps;
    else return false;
  }
  return digits >= 6 && seps >= 2;
}

bool IsMonthName(std::string_view lower) {
  static const std::set<std::string, std::less<>> kMonths = {
      "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun",
      "june", "jul", "july", "aug", "august", "sep", "sept", "september", "oct", "october",
      "nov", "november", "dec", "december"};
  return kMonths.count(lower) != 0;
}

bool IsTimeUnitWord(std::string_view lower) {
  static const std::set<std::string, std::less<>> kUnits = {
      "minute", "minutes", "min", "mins", "hour", "hours", "hr", "hrs", "h", "day", "days", "d",
      "week", "weeks", "wk", "wks", "month", "months", "mo", "second", "seconds", "sec", "secs",
      "am", "pm", "utc", "gb", "mb", "times", "attempts", "failures", "failed", "users",
      "accounts", "hosts", "machines", "devices", "%", "percent", "rows", "events", "logins",
      "sign-ins", "alerts"};
  return kUnits.count(lower) != 0;
}

// Strips ":port" and "/prefix" from an address-looking word.
std::string_view AddressPart(std::string_view text, std::string_view* port) {
  size_t slash = text.find('/');
  if (slash != std::string_view::npos) text = text.substr(0, slash);
  if (std::count(text.begin(), text.end(), ':') == 1) {
    size_t colon = text.find(':');
    if (port) *port = text.substr(colon + 1);
    text = text.substr(0, colon);
  }
  return text;
}

}  // namespace

bool IsIpv4(std::string_view text) {
  int parts = 0;
  size_t start = 0;
  while (true) {
    size_t dot = text.find('.', start);
    std::string_view part = text.substr(start, dot == std::string_view::npos ? text.npos : dot - start);
    if (part.empty() || part.size() > 3 || !IsDigits(part) || std::stoi(std::string(part)) > 255) return false;
    ++parts;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts == 4;
}

bool IsIpv6(std::string_view text) {
  if (text.size() < 3 || text.size() > 45) return false;
  int colons = 0;
  for (char c : text) {
    if (c == ':') ++colons;
    else if (!std::isxdigit(static_cast<unsigned char>(c)) && c != '.') return false;
  }
  bool compressed = text.find("::") != std::string_view::npos;
  if (colons < 2 || colons > 7) return false;
  // "10:00:00" is a clock time: require "::" or a full 8-group address, and no group > 4 chars.
  if (!compressed && colons != 7) return false;
  size_t start = 0;
  while (start <= text.size()) {
    size_t colon = text.find(':', start);
    std::string_view group = text.substr(start, colon == std::string_view::npos ? text.npos : colon - start);
    if (group.size() > 4 && !IsIpv4(group)) return false;
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  return true;
}

bool IsUpn(std::string_view text) {
  size_t at = text.find('@');
  if (at == 0 || at == std::string_view::npos || text.find('@', at + 1) != std::string_view::npos) return false;
  std::string_view local = text.substr(0, at), domain = text.substr(at + 1);
  if (domain.find('.') == std::string_view::npos || domain.front() == '.' || domain.back() == '.') return false;
  auto local_ok = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("._-+'").find(c) != std::string_view::npos; };
  auto domain_ok = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-'; };
  return std::all_of(local.begin(), local.end(), local_ok) && std::all_of(domain.begin(), domain.end(), domain_ok);
}

RequestEntities ExtractEntities(const std::vector<RequestWord>& words) {
  RequestEntities e;
  e.entity_word.assign(words.size(), false);
  auto lower_at = [&](size_t i) -> std::string_view {
    return i < words.size() ? std::string_view(words[i].lower) : std::string_view();
  };

  // Pass 1: shapes that are unambiguous on their own.
  for (size_t i = 0; i < words.size(); ++i) {
    const RequestWord& w = words[i];
    std::string_view port_text;
    std::string_view addr = AddressPart(w.text, &port_text);
    if (IsUpn(w.text)) {
      AddUnique(e.upns, ToLower(w.text));
      e.entity_word[i] = true;
    } else if (IsIpv4(addr)) {
      AddUnique(e.ips, std::string(addr));
      if (IsDigits(port_text)) AddUnique(e.ports, std::stoi(std::string(port_text)));
      e.entity_word[i] = true;
    } else if (IsIpv6(w.text) || IsIpv6(AddressPart(w.text, nullptr))) {
      std::string_view v6 = IsIpv6(w.text) ? std::string_view(w.text) : AddressPart(w.text, nullptr);
      AddUnique(e.ips, ToLower(v6));
      e.entity_word[i] = true;
    } else if (IsGuid(w.text)) {
      AddUnique(e.object_ids, ToLower(w.text));
      e.entity_word[i] = true;
    }
  }

  // Pass 2: ports.
  for (size_t i = 0; i < words.size(); ++i) {
    if (e.entity_word[i]) continue;
    const RequestWord& w = words[i];
    std::string_view lower = w.lower;
    std::string number;
    if (lower.rfind("tcp/", 0) == 0 || lower.rfind("udp/", 0) == 0) number = std::string(lower.substr(4));
    else if (lower.size() > 4 && (lower.substr(lower.size() - 4) == "/tcp" || lower.substr(lower.size() - 4) == "/udp")) number = std::string(lower.substr(0, lower.size() - 4));
    else if (w.leading_colon && IsDigits(lower)) number = std::string(lower);
    else if (IsDigits(lower)) {
      std::string_view prev = i > 0 ? lower_at(i - 1) : "";
      std::string_view prev2 = i > 1 ? lower_at(i - 2) : "";
      std::string_view next = lower_at(i + 1);
      bool cue_before = prev == "port" || prev == "ports" || prev == "hitting" || prev == "dport" ||
                        prev == "dst" || (prev == "on" && prev2 == "listening") ||
                        (prev == "to" && (next == "outbound" || next == "inbound"));
      bool cue_after = next == "outbound" || next == "inbound" || next == "traffic" ||
                       next == "connections" || next == "connection" || next == "tcp" ||
                       next == "udp" || next == "port";
      bool time_after = IsTimeUnitWord(next) || (next == "or" && IsTimeUnitWord(lower_at(i + 2)));
      bool date_near = IsMonthName(prev) || IsMonthName(next);
      if ((cue_before || cue_after) && !time_after && !date_near) number = std::string(lower);
    }
    if (!number.empty() && IsDigits(number) && number.size() <= 5) {
      int port = std::stoi(number);
      if (port > 0 && port <= 65535) {
        AddUnique(e.ports, port);
        e.entity_word[i] = true;
      }
    }
  }

  // Pass 3: process names.
  for (size_t i = 0; i < words.size(); ++i) {
    if (e.entity_word[i]) continue;
    std::string_view lower = words[i].lower;
    if (lower.size() > 4 && (lower.substr(lower.size() - 4) == ".exe") && HostShaped(lower)) {
      AddUnique(e.processes, std::string(lower));
      e.entity_word[i] = true;
    } else if (KnownTools().count(lower) && !AmbiguousTool(lower)) {
      AddUnique(e.processes, std::string(lower) + ".exe");
    }
  }

  // Pass 4: hosts and accounts, from shape and context.
  for (size_t i = 0; i < words.size(); ++i) {
    if (e.entity_word[i]) continue;
    const RequestWord& w = words[i];
    std::string_view lower = w.lower;
    std::string_view prev = i > 0 ? lower_at(i - 1) : "";
    std::string_view prev2 = i > 1 ? lower_at(i - 2) : "";
    std::string_view next = lower_at(i + 1);
    bool clause_end = w.ends_clause || i + 1 == words.size();

    // Accounts: "user jdoe", "account svc_backup", "the account labuser", "for erin in ...".
    bool account_after = (next == "account" || next == "user" || next == "login" ||
                          next == "credentials") &&
                         (prev == "the" || prev == "with" || prev == "for" || prev == "by" ||
                          prev == "via" || prev == "using") &&
                         !(lower.find('-') != std::string_view::npos &&
                           std::all_of(lower.begin(), lower.end(), [](char c) {
                             return std::isalpha(static_cast<unsigned char>(c)) || c == '-';
                           }));  // "the break-glass account" describes, it does not name
    bool user_cue = account_after || prev == "user" || prev == "username" || prev == "account" || prev == "upn" ||
                    prev == "identity" || prev == "accountname" || prev == "samaccountname" ||
                    ((prev == "named" || prev == "called") &&
                     (prev2 == "user" || prev2 == "account"));
    static const std::set<std::string, std::less<>> kAfterName = {
        "in", "over", "during", "since", "on", "from", "at", "between", "this", "last", "past",
        "yesterday", "today", "across", "within", "recently", "lately", "been", "has", "had",
        "was", "is", "did", "do", "does", "logged", "logging", "signed", "signing", "reset",
        "changed", "ran", "run", "running", "created", "added", "used", "accessed", "made",
        "performed", "tried", "attempted", "to", "and", "or", "after", "before", "for"};
    bool soft_cue = (prev == "for" || prev == "by") && (clause_end || kAfterName.count(next));
    std::string_view account = w.text;
    size_t backslash = account.find('\\');
    if (backslash != std::string_view::npos) account = account.substr(backslash + 1);
    bool account_shaped = account.size() >= 2 && account.size() <= 64 &&
                          std::all_of(account.begin(), account.end(), [](char c) {
                            return std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
                                   c == '.' || c == '-' || c == '$';
                          }) &&
                          HasAlpha(account);
    if ((user_cue || soft_cue || backslash != std::string_view::npos) && account_shaped &&
        !IsCommonWord(ToLower(account)) && !KnownTools().count(ToLower(account)) &&
        !IsMonthName(ToLower(account))) {
      // A hostname-shaped word after "for"/"by" with digits and dashes is a device, not a user.
      bool looks_host = HasDigit(account) && account.find('-') != std::string_view::npos;
      if (!(soft_cue && looks_host)) {
        AddUnique(e.accounts, std::string(account));
        e.entity_word[i] = true;
        continue;
      }
    }

    // Hosts.
    if (!HostShaped(w.text) || IsCommonWord(lower) || NotAHost(lower) || IsDateLike(lower) ||
        HasFileExtension(lower) || IsMonthName(lower) || KnownTools().count(lower)) {
      continue;
    }
    bool has_dash = lower.find('-') != std::string_view::npos;
    bool has_dot = lower.find('.') != std::string_view::npos;
    bool strong = HasDigit(lower) && HasAlpha(lower) && (has_dash || has_dot || lower.size() >= 4);
    bool fqdn = has_dot && std::count(lower.begin(), lower.end(), '.') >= 2;
    bool cue = IsHostCue(prev) || IsHostCue(next == "host" || next == "machine" || next == "server" ? next : "") ||
               (prev == "the" && IsHostCue(prev2));
    static const std::set<std::string, std::less<>> kResourceNouns = {
        "subscription", "tenant", "resource", "rg", "group", "vnet", "subnet", "vault",
        "workspace", "policy", "role", "storage", "app", "application", "container", "bucket",
        "cluster", "namespace", "repo", "repository", "pipeline", "project", "queue", "database"};
    bool not_resource = !kResourceNouns.count(prev) && next != "resource" &&
                        next != "account" && next != "accounts" && next != "user" &&
                        next != "policy" && next != "role" && next != "rg" && next != "subscription" &&
                        next != "tenant" && next != "group" && next != "vnet" && next != "subnet" &&
                        next != "app" && next != "application" && next != "storage";
    bool weak = (has_dash || fqdn || (HasDigit(lower) && HasAlpha(lower))) && cue &&
                WeakHostPlausible(lower, prev, next);
    if (strong && has_dot && !fqdn && !cue) continue;  // "v1.2" and friends
    if ((strong || weak) && not_resource) {
      AddUnique(e.hosts, std::string(w.text));
      e.entity_word[i] = true;
    }
  }
  return e;
}

}  // namespace quarry::hunt
