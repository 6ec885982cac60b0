// Which rules and hits fit a hunt: the offline analyst runs only the analytics whose tables and
// entities fit the HuntPlan and keeps only the hits about the plan's entities.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "analytics/hit.h"
#include "analytics/rule.h"
#include "hunt/hunt_plan.h"

namespace quarry::analytics {

// True when every table the rule needs is among the plan's tables (or the plan names none) and
// the rule maps every kind of entity the plan is about (device -> host, user/caller -> account,
// IP -> ip, process -> process).
bool RuleFitsPlan(const Rule& rule, const hunt::HuntPlan& plan);

// True when the hit names the plan's entities (case-insensitive; a UPN matches its bare account
// name and DOMAIN\name forms).
bool HitMatchesPlan(const Hit& hit, const hunt::HuntPlan& plan);

// "alice@contoso.com" -> "alice"; "CONTOSO\alice" -> "alice"; lower-cased.
std::string BareAccount(std::string_view account);

}  // namespace quarry::analytics
