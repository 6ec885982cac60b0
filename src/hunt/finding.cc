#include "hunt/finding.h"

#include <algorithm>
#include <cctype>

#include "hunt/json_read.h"

namespace quarry::hunt {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

nlohmann::json StringSchema(const std::string& description) {
  return {{"type", "string"}, {"description", description}};
}

nlohmann::json StringArraySchema(const std::string& description) {
  return {{"type", "array"}, {"items", {{"type", "string"}}}, {"description", description}};
}

nlohmann::json StrictObject(const nlohmann::json& props) {
  nlohmann::json required = nlohmann::json::array();
  for (const auto& [name, v] : props.items()) required.push_back(name);
  return {{"type", "object"},
          {"properties", props},
          {"required", required},
          {"additionalProperties", false}};
}

Result<std::string> ReadText(const nlohmann::json& j, const std::string& key,
                             const std::string& path, bool required) {
  QUARRY_ASSIGN_OR_RETURN(auto s, ReadString(j, key, path, required, false));
  return s.value_or("");
}

}  // namespace

const char* ConfidenceName(Confidence c) {
  switch (c) {
    case Confidence::kLow: return "Low";
    case Confidence::kMedium: return "Medium";
    case Confidence::kHigh: return "High";
  }
  return "Low";
}

std::optional<Confidence> ConfidenceFromName(std::string_view name) {
  std::string n = Lower(name);
  if (n == "low") return Confidence::kLow;
  if (n == "medium") return Confidence::kMedium;
  if (n == "high") return Confidence::kHigh;
  return std::nullopt;
}

nlohmann::json FindingToJson(const Finding& f) {
  return {{"title", f.title},
          {"description", f.description},
          {"mitre",
           {{"tactic", f.mitre.tactic},
            {"technique", f.mitre.technique},
            {"sub_technique", f.mitre.sub_technique},
            {"id", f.mitre.id},
            {"description", f.mitre.description}}},
          {"log_lines", f.log_lines},
          {"confidence", ConfidenceName(f.confidence)},
          {"recommendations", f.recommendations},
          {"indicators_of_compromise", f.indicators_of_compromise},
          {"tags", f.tags},
          {"notes", f.notes},
          {"evidence_ids", f.evidence_ids},
          {"entities",
           {{"hosts", f.entities.hosts},
            {"accounts", f.entities.accounts},
            {"ips", f.entities.ips},
            {"processes", f.entities.processes},
            {"files", f.entities.files}}},
          {"source", f.source},
          {"round", f.round},
          {"verified", f.verified},
          {"verification_notes", f.verification_notes}};
}

Result<Finding> FindingFromJson(const nlohmann::json& j) {
  if (!j.is_object()) return InvalidArgument("a finding must be a JSON object, found " + JsonTypeName(j));
  Finding f;
  QUARRY_ASSIGN_OR_RETURN(f.title, ReadText(j, "title", "", true));
  QUARRY_ASSIGN_OR_RETURN(f.description, ReadText(j, "description", "", false));
  auto mitre = j.find("mitre");
  if (mitre != j.end() && !mitre->is_null()) {
    if (!mitre->is_object()) {
      return InvalidArgument("field 'mitre': expected an object, found " + JsonTypeName(*mitre));
    }
    QUARRY_ASSIGN_OR_RETURN(f.mitre.tactic, ReadText(*mitre, "tactic", "mitre", false));
    QUARRY_ASSIGN_OR_RETURN(f.mitre.technique, ReadText(*mitre, "technique", "mitre", false));
    QUARRY_ASSIGN_OR_RETURN(f.mitre.sub_technique,
                            ReadText(*mitre, "sub_technique", "mitre", false));
    QUARRY_ASSIGN_OR_RETURN(f.mitre.id, ReadText(*mitre, "id", "mitre", false));
    QUARRY_ASSIGN_OR_RETURN(f.mitre.description, ReadText(*mitre, "description", "mitre", false));
  }
  QUARRY_ASSIGN_OR_RETURN(f.log_lines, ReadStringArray(j, "log_lines", "", false));
  QUARRY_ASSIGN_OR_RETURN(auto confidence, ReadText(j, "confidence", "", true));
  auto level = ConfidenceFromName(confidence);
  if (!level) {
    return InvalidArgument("field 'confidence': expected Low, Medium or High, found '" +
                           confidence + "'");
  }
  f.confidence = *level;
  QUARRY_ASSIGN_OR_RETURN(f.recommendations, ReadStringArray(j, "recommendations", "", false));
  for (auto& r : f.recommendations) r = Lower(r);
  QUARRY_ASSIGN_OR_RETURN(f.indicators_of_compromise,
                          ReadStringArray(j, "indicators_of_compromise", "", false));
  QUARRY_ASSIGN_OR_RETURN(f.tags, ReadStringArray(j, "tags", "", false));
  QUARRY_ASSIGN_OR_RETURN(f.notes, ReadText(j, "notes", "", false));
  QUARRY_ASSIGN_OR_RETURN(f.evidence_ids, ReadStringArray(j, "evidence_ids", "", false));

  auto entities = j.find("entities");
  if (entities != j.end() && !entities->is_null()) {
    if (!entities->is_object()) {
      return InvalidArgument("field 'entities': expected an object, found " +
                             JsonTypeName(*entities));
    }
    QUARRY_ASSIGN_OR_RETURN(f.entities.hosts, ReadStringArray(*entities, "hosts", "entities", false));
    QUARRY_ASSIGN_OR_RETURN(f.entities.accounts,
                            ReadStringArray(*entities, "accounts", "entities", false));
    QUARRY_ASSIGN_OR_RETURN(f.entities.ips, ReadStringArray(*entities, "ips", "entities", false));
    QUARRY_ASSIGN_OR_RETURN(f.entities.processes,
                            ReadStringArray(*entities, "processes", "entities", false));
    QUARRY_ASSIGN_OR_RETURN(f.entities.files, ReadStringArray(*entities, "files", "entities", false));
  }
  QUARRY_ASSIGN_OR_RETURN(f.source, ReadText(j, "source", "", false));
  QUARRY_ASSIGN_OR_RETURN(auto round, ReadInteger(j, "round", "", false, 0, 1000));
  f.round = static_cast<int>(round.value_or(0));
  auto verified = j.find("verified");
  if (verified != j.end() && !verified->is_null()) {
    if (!verified->is_boolean()) {
      return InvalidArgument("field 'verified': expected a boolean, found " +
                             JsonTypeName(*verified));
    }
    f.verified = verified->get<bool>();
  }
  QUARRY_ASSIGN_OR_RETURN(f.verification_notes,
                          ReadStringArray(j, "verification_notes", "", false));
  return f;
}

nlohmann::json FindingsResponseJsonSchema() {
  nlohmann::json mitre = StrictObject(
      {{"tactic", StringSchema("ATT&CK tactic name, e.g. Credential Access")},
       {"technique", StringSchema("ATT&CK technique name, e.g. Brute Force")},
       {"sub_technique", StringSchema("ATT&CK sub-technique name, or empty")},
       {"id", StringSchema("ATT&CK id, e.g. T1110.003")},
       {"description", StringSchema("Why this maps to the technique")}});
  nlohmann::json finding = StrictObject(
      {{"title", StringSchema("Short title of the potential threat")},
       {"description", StringSchema("What happened and why it is suspicious")},
       {"mitre", mitre},
       {"log_lines", StringArraySchema("Evidence lines copied verbatim from the data")},
       {"confidence", {{"type", "string"}, {"enum", {"Low", "Medium", "High"}}}},
       {"recommendations",
        {{"type", "array"},
         {"items", {{"type", "string"}, {"enum", {"pivot", "create incident", "monitor", "ignore"}}}}}},
       {"indicators_of_compromise",
        StringArraySchema("IPs, hosts, accounts, hashes, file names copied verbatim from the data")},
       {"tags", StringArraySchema("Short tags")},
       {"notes", StringSchema("Anything else the analyst should know")},
       {"evidence_ids", StringArraySchema("Ids of the evidence rows/groups this finding cites")}});
  return StrictObject({{"findings", {{"type", "array"}, {"items", finding}}}});
}

}  // namespace quarry::hunt
