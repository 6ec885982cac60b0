// Topic -> table choice for the offline planner: a weighted lexicon of phrases that point at a
// log table ("password spray" -> SigninLogs, "run keys" -> DeviceRegistryEvents, ...), context
// rules for the ambiguous ones ("logged into <host>" is a device logon, "sign-ins to the tenant"
// an Entra sign-in; "role" is Entra unless Azure resources are in play), and the entities the
// request names (a port points at network tables). Tables scoring near the best are chosen.
// Pure function; thread-safe.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "hunt/request_entities.h"
#include "hunt/request_words.h"

namespace quarry::hunt {

struct TableChoice {
  std::vector<std::string> tables;          // chosen, best first
  std::map<std::string, double> scores;     // every table that scored
  std::vector<std::string> reasons;         // "SigninLogs: 'password spray'"
};

TableChoice ChooseTables(const std::vector<RequestWord>& words, const RequestEntities& entities);

}  // namespace quarry::hunt
