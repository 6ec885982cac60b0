// Entity recognition for the offline planner: finds the hosts, UPNs, bare account names, IP
// addresses, ports, process names and object ids an analyst names in a request, from the shape
// of each word and the words around it ("on ws-22", "user jdoe", "port 4444", ":3389").
// Pure function; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "hunt/request_words.h"

namespace quarry::hunt {

struct RequestEntities {
  std::vector<std::string> hosts;      // as typed ("windows-target-1", "dc01.corp.local")
  std::vector<std::string> upns;       // "alice@contoso.com"
  std::vector<std::string> accounts;   // bare names ("jdoe", "svc_backup")
  std::vector<std::string> ips;        // IPv4 / IPv6, without port or prefix length
  std::vector<int> ports;
  std::vector<std::string> processes;  // file names, ".exe" added to known Windows tools
  std::vector<std::string> object_ids; // GUIDs
  std::vector<bool> entity_word;       // per word: consumed as (part of) an entity
};

RequestEntities ExtractEntities(const std::vector<RequestWord>& words);

// Shape tests, exposed for tests.
bool IsIpv4(std::string_view text);
bool IsIpv6(std::string_view text);
bool IsUpn(std::string_view text);

}  // namespace quarry::hunt
