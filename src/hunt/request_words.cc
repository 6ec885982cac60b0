#include "hunt/request_words.h"

#include <cctype>
#include <set>

namespace quarry::hunt {

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<RequestWord> SplitRequestWords(std::string_view request) {
  std::vector<RequestWord> words;
  size_t i = 0;
  while (i < request.size()) {
    while (i < request.size() && std::isspace(static_cast<unsigned char>(request[i]))) ++i;
    size_t start = i;
    while (i < request.size() && !std::isspace(static_cast<unsigned char>(request[i]))) ++i;
    if (start == i) break;
    RequestWord w;
    w.raw = std::string(request.substr(start, i - start));
    std::string_view t = w.raw;
    auto lead = [](char c) {
      return c == '(' || c == '[' || c == '{' || c == '"' || c == '\'' || c == '`' || c == '<';
    };
    auto trail = [](char c) {
      return c == ')' || c == ']' || c == '}' || c == '"' || c == '\'' || c == '`' || c == ',' ||
             c == '.' || c == ';' || c == ':' || c == '?' || c == '!' || c == '>';
    };
    while (!t.empty() && lead(t.front())) t.remove_prefix(1);
    if (!t.empty() && t.front() == ':') {
      w.leading_colon = true;
      t.remove_prefix(1);
    }
    while (!t.empty() && trail(t.back())) {
      if (t.back() != '"' && t.back() != '\'' && t.back() != '`') w.ends_clause = true;
      t.remove_suffix(1);
    }
    // A possessive ("bob's") is the name.
    if (t.size() > 2 && (t.substr(t.size() - 2) == "'s" || t.substr(t.size() - 2) == "’s")) {
      t.remove_suffix(2);
    }
    w.text = std::string(t);
    w.lower = ToLower(w.text);
    words.push_back(std::move(w));
  }
  return words;
}

bool IsCommonWord(std::string_view lower) {
  static const std::set<std::string, std::less<>> kWords = {
      "a", "about", "above", "access", "account", "accounts", "across", "activity", "activities",
      "admin", "admins", "administrator", "administrators", "after", "again", "against", "ago",
      "alert", "alerts", "all", "an", "and", "anomalous", "any", "anyone", "anything", "are",
      "as", "at", "attempt", "attempts", "audit", "authentication", "azure", "bad", "be", "been",
      "before", "behavior", "behaviour", "being", "between", "both", "brute", "but", "by",
      "can", "changes", "check", "cloud", "command", "commands", "compromised", "connections",
      "could", "created", "creation", "credential", "credentials", "data", "day", "days",
      "device", "devices", "did", "do", "does", "during", "each", "either", "else", "encoded",
      "endpoint", "endpoints", "entra", "error", "errors", "every", "everyone", "evidence",
      "external", "failed", "failure", "failures", "few", "files", "for", "from", "guest",
      "had", "has", "have", "having", "he", "her", "here", "his", "host", "hosts", "hour",
      "hours", "how", "i", "if", "impossible", "in", "inbound", "into", "is", "it", "its",
      "just", "last", "lateral", "like", "linux", "local", "logged", "logging", "login",
      "logins", "logon", "logons", "look", "machine", "machines", "malicious", "many", "may",
      "me", "mfa", "might", "minutes", "month", "months", "more", "most", "my", "named",
      "network", "new", "no", "none", "not", "now", "odd", "of", "on", "one", "or", "other",
      "others", "our", "out", "outbound", "over", "password", "passwords", "past", "people",
      "permissions", "possible", "potential", "powershell", "privileged", "process",
      "processes", "recent", "recently", "registry", "remote", "risky", "role", "roles", "rdp",
      "same", "service", "services", "she", "should", "show", "sign", "signs", "sign-in",
      "sign-ins", "signin", "signins", "since", "so", "some", "someone", "something",
      "strange", "successful", "such", "suspicious", "that", "the", "their", "them", "then",
      "there", "these", "they", "this", "those", "through", "to", "today", "traffic", "travel",
      "unusual", "up", "us", "user", "users", "via", "was", "we", "week", "weeks", "weird",
      "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will",
      "windows", "with", "within", "without", "workstation", "yesterday", "you", "your",
      "called", "tenant", "server", "servers", "vm", "vms", "app", "apps", "application",
      "mailbox", "group", "groups", "logs", "log", "events", "event", "changes", "change",
      "creds", "token", "tokens", "session", "sessions", "ip", "ips", "address", "addresses",
      "lockout", "lockouts", "locked", "reset", "resets", "deleted", "disabled", "enabled",
      "domain", "domains", "other", "another", "privilege", "elevated",
      "escalation", "persistence", "exfiltration", "ransomware", "beacon", "beaconing",
      "spray", "spraying", "brute-force", "brute-forced", "multi-factor", "non-interactive",
      "third-party", "built-in", "follow-up", "high-privilege", "pass-the-hash", "e-mail",
      "log-in", "log-ins", "log-on", "sign-on", "run-command", "cross-tenant", "admin-level",
      "end-user", "re-enabled", "time-frame", "real-time", "command-line", "living-off-the-land",
      "long-running", "well-known", "on-prem", "on-premises", "cyber-range", "x-ms",
      "resource", "resources", "subscription", "subscriptions", "storage", "key", "vault",
      "nsg", "nsgs", "flow", "flows", "port", "ports", "file", "files", "folder", "folders",
      "incident", "incidents", "defender", "sentinel", "portal", "office", "exchange",
      "teams", "sharepoint", "global", "directory", "consent", "principal", "principals",
      "hunt", "search", "find", "investigate", "review", "please", "thanks", "hi", "hey",
      "too", "also", "still", "even", "only", "really",
      "tor", "vpn", "proxy", "dns", "smb", "ssh", "http", "https", "internet", "public",
      "private", "internal",
  };
  return kWords.count(lower) != 0;
}

}  // namespace quarry::hunt
