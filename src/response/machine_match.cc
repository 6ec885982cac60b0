#include "response/machine_match.h"

#include <strings.h>

#include <cctype>

namespace quarry::response {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string ShortName(std::string_view dns_name) {
  std::string out(dns_name.substr(0, dns_name.find('.')));
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool NamesMachine(std::string_view wanted, const Machine& machine) {
  wanted = Trim(wanted);
  if (wanted.empty()) return false;
  if (EqualsIgnoreCase(wanted, machine.id)) return true;
  if (EqualsIgnoreCase(wanted, machine.computer_dns_name)) return true;
  return wanted.find('.') == std::string_view::npos &&
         EqualsIgnoreCase(wanted, ShortName(machine.computer_dns_name));
}

MachineMatch MatchMachine(std::string_view wanted, const std::vector<Machine>& candidates) {
  MachineMatch match;
  for (const auto& machine : candidates) {
    bool seen = false;
    for (const auto& m : match.matches) seen = seen || m.id == machine.id;
    if (!seen && NamesMachine(wanted, machine)) match.matches.push_back(machine);
  }
  return match;
}

}  // namespace quarry::response
