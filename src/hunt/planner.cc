#include "hunt/planner.h"

#include <algorithm>
#include <cmath>

#include "common/time.h"
#include "hunt/request_entities.h"
#include "hunt/request_words.h"
#include "hunt/table_profile.h"
#include "hunt/time_window.h"
#include "hunt/topic_tables.h"

namespace quarry::hunt {
namespace {

std::string Join(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::string HoursText(double hours) {
  if (hours >= 48 && std::fmod(hours, 24) == 0) return std::to_string(static_cast<int>(hours / 24)) + " days";
  if (hours >= 1 && std::fmod(hours, 1) == 0) return std::to_string(static_cast<int>(hours)) + " hours";
  return std::to_string(static_cast<int>(std::lround(hours * 60))) + " minutes";
}

}  // namespace

Result<HuntPlan> OfflinePlanner::Plan(std::string_view request, int64_t now_ticks) {
  auto words = SplitRequestWords(request);
  if (words.empty()) return InvalidArgument("the hunt request is empty: describe what worries you");
  RequestEntities entities = ExtractEntities(words);
  TableChoice choice = ChooseTables(words, entities);
  TimeWindow window = ParseTimeWindow(request, now_ticks);

  HuntPlan plan;
  plan.tables = choice.tables;
  for (const auto& table : plan.tables) {
    if (const TableProfile* profile = FindTableProfile(table)) plan.fields[table] = profile->default_fields;
  }
  if (!entities.hosts.empty()) plan.device_name = entities.hosts.front();
  if (!entities.upns.empty()) plan.user_principal_name = entities.upns.front();
  else if (!entities.accounts.empty()) plan.user_principal_name = entities.accounts.front();
  bool azure = std::find(plan.tables.begin(), plan.tables.end(), "AzureActivity") != plan.tables.end();
  if (azure) {
    if (!entities.upns.empty()) plan.caller = entities.upns.front();
    else if (!entities.object_ids.empty()) plan.caller = entities.object_ids.front();
  }
  if (!entities.ips.empty()) plan.ip_address = entities.ips.front();
  if (!entities.ports.empty()) plan.port = entities.ports.front();
  if (entities.processes.size() == 1) plan.process_name = entities.processes.front();
  plan.start_ticks = window.start_ticks;
  plan.end_ticks = window.end_ticks;
  plan.time_range_hours = window.hours();

  // Rationale: what was understood, in the analyst's terms.
  std::vector<std::string> why;
  for (const auto& table : plan.tables) {
    std::vector<std::string> cues;
    for (const auto& reason : choice.reasons) {
      if (reason.rfind(table + ": ", 0) == 0) cues.push_back(reason.substr(table.size() + 2));
    }
    why.push_back(table + (cues.empty() ? "" : " (" + Join(cues, ", ") + ")"));
  }
  std::string rationale = "Offline plan. Tables: " + Join(why, "; ") + ". ";
  rationale += window.is_default
                   ? "Window: the last " + HoursText(window.hours()) + " (no time given). "
                   : "Window: '" + window.phrase + "' = " + FormatDatetime(window.start_ticks) +
                         " .. " + FormatDatetime(window.end_ticks) + ". ";
  std::vector<std::string> filters;
  if (plan.device_name) filters.push_back("device " + *plan.device_name);
  if (plan.user_principal_name) filters.push_back("user " + *plan.user_principal_name);
  if (plan.caller) filters.push_back("Azure caller " + *plan.caller);
  if (plan.ip_address) filters.push_back("IP " + *plan.ip_address);
  if (plan.port) filters.push_back("port " + std::to_string(*plan.port));
  if (plan.process_name) filters.push_back("process " + *plan.process_name);
  rationale += filters.empty() ? "No entity filters." : "Filters: " + Join(filters, ", ") + ".";
  if (entities.hosts.size() > 1 || entities.ips.size() > 1 || entities.ports.size() > 1 ||
      entities.upns.size() + entities.accounts.size() > 1) {
    rationale += " Several values of one kind were named; the plan filters on the first.";
  }
  if (entities.processes.size() > 1) {
    rationale += " Several processes were named (" + Join(entities.processes, ", ") +
                 "); no process filter, so none of them is missed.";
  }
  plan.rationale = rationale;
  return plan;
}

}  // namespace quarry::hunt
