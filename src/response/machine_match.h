// Choosing the one Defender machine an analyst means — exactly, never by prefix.
//
// A wanted name matches a machine when it equals, case-insensitively, the machine's full DNS
// name ("web-1.contoso.com") or its short name (the first label, "web-1"). "web-1" therefore
// never matches "web-10.contoso.com" (the seeds' startswith lookup isolated the wrong host).
// One match is the machine; several (the same short name in two domains) are returned for the
// analyst to choose by full name or id; none is NotFound. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "response/defender_wire.h"

namespace quarry::response {

// "web-1" for "WEB-1.contoso.com" (lowercased first label).
std::string ShortName(std::string_view dns_name);

// True when `wanted` names `machine` exactly (full DNS name, short name, or machine id).
bool NamesMachine(std::string_view wanted, const Machine& machine);

struct MachineMatch {
  std::vector<Machine> matches;  // every machine `wanted` names exactly
  bool unique() const { return matches.size() == 1; }
};

MachineMatch MatchMachine(std::string_view wanted, const std::vector<Machine>& candidates);

}  // namespace quarry::response
