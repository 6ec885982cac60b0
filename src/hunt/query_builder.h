// Query builder: HuntPlan -> one KQL query per table, built from typed values, never by
// splicing text. Every value is emitted as a Kusto string literal with `\` and `"` escaped (so
// a host name like `x" or 1==1 //` stays one string); entity filters are exact (`=~`, plus the
// host's own FQDN "web-1." prefix — `web-1` never matches `web-10`); an absent or empty entity is
// no filter at all; every query has the plan's time filter and ends with the row cap. The
// result passes CheckKqlSafety and, when one is supplied, the engine's parse+bind check.
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "hunt/guardrails.h"
#include "hunt/hunt_plan.h"

namespace quarry::hunt {

// "abc" -> "\"abc\""; escapes \, ", and \n \r \t. REQUIRES: no other control characters
// (guardrails refuse them); they are emitted as spaces if present.
std::string KqlString(std::string_view value);

struct BuiltQuery {
  std::string table;
  std::string kql;
  int64_t row_cap = 0;
  std::vector<std::string> notes;  // e.g. "SigninLogs has no device column: device filter not applied"
};

// Parses and binds KQL against the workspace schemas; OK or the engine's diagnostic. Supplied by
// the caller once the engine is available (the hunt must not depend on a particular engine).
using KqlValidator = std::function<Status(const std::string& kql)>;

// REQUIRES: `plan` has passed CheckPlan with `config`.
Result<std::vector<BuiltQuery>> BuildQueries(const HuntPlan& plan, const GuardrailConfig& config,
                                             const KqlValidator& validate = nullptr);

}  // namespace quarry::hunt
