#include "response/approval_policy.h"

#include <fmt/core.h>
#include <strings.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <istream>
#include <ostream>
#include <sstream>

namespace quarry::response {
namespace {

std::string Trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t start = 0;
  while (start < s.size() && std::isspace(static_cast<unsigned char>(s[start]))) ++start;
  return s.substr(start);
}

Result<bool> ReadFlag(const YAML::Node& node, const char* key, const std::string& path) {
  YAML::Node value = node[key];
  if (!value) return false;
  if (!value.IsScalar()) {
    return InvalidArgument(fmt::format("{}: unattended.{} must be true or false", path, key));
  }
  const std::string text = value.Scalar();
  if (text == "true") return true;
  if (text == "false") return false;
  return InvalidArgument(
      fmt::format("{}: unattended.{} is '{}'; write true or false", path, key, text));
}

}  // namespace

const char* ContainmentVerb(ContainmentKind kind) {
  return kind == ContainmentKind::kIsolate ? "isolate" : "release";
}

Result<ResponsePolicy> ParseResponsePolicy(const std::string& yaml_text, const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    return InvalidArgument(fmt::format("{}: not valid YAML: {}", path, e.what()));
  }
  ResponsePolicy policy;
  policy.path = path;
  if (!root || root.IsNull()) return policy;
  if (!root.IsMap()) return InvalidArgument(fmt::format("{}: expected a mapping", path));
  for (const auto& entry : root) {
    if (entry.first.Scalar() != "unattended") {
      return InvalidArgument(
          fmt::format("{}: unknown key '{}' (expected 'unattended')", path, entry.first.Scalar()));
    }
  }
  YAML::Node unattended = root["unattended"];
  if (!unattended) return policy;
  if (!unattended.IsMap()) {
    return InvalidArgument(fmt::format("{}: 'unattended' must be a mapping", path));
  }
  for (const auto& entry : unattended) {
    const std::string key = entry.first.Scalar();
    if (key != "isolate" && key != "release") {
      return InvalidArgument(
          fmt::format("{}: unknown key 'unattended.{}' (expected isolate or release)", path, key));
    }
  }
  QUARRY_ASSIGN_OR_RETURN(policy.unattended_isolate, ReadFlag(unattended, "isolate", path));
  QUARRY_ASSIGN_OR_RETURN(policy.unattended_release, ReadFlag(unattended, "release", path));
  return policy;
}

Result<ResponsePolicy> LoadResponsePolicy(const std::string& path) {
  std::ifstream in(path);
  if (!in) return NotFound(fmt::format("response policy file {} cannot be read", path));
  std::ostringstream text;
  text << in.rdbuf();
  return ParseResponsePolicy(text.str(), path);
}

std::string DescribeApprovalQuestion(const ApprovalQuestion& q) {
  std::string text =
      fmt::format("{}{} {}\n  machine id: {}\n  os: {}   last seen: {}   health: {}\n",
                  q.dry_run ? "[DRY RUN] " : "",
                  q.kind == ContainmentKind::kIsolate
                      ? fmt::format("Isolate ({} isolation) the machine", q.isolation_type)
                      : std::string("Release from isolation the machine"),
                  q.machine.computer_dns_name, q.machine.id,
                  q.machine.os_platform.empty() ? "?" : q.machine.os_platform,
                  q.machine.last_seen.empty() ? "?" : q.machine.last_seen,
                  q.machine.health_status.empty() ? "?" : q.machine.health_status);
  if (q.finding) {
    text += fmt::format("  because of hunt {} finding #{}: {} ({} confidence, {})\n",
                        q.finding->hunt_id, q.finding->index, q.finding->title,
                        q.finding->confidence, q.finding->verified ? "verified" : "NOT verified");
  }
  return text;
}

ApprovalDecision AskInteractively(const ApprovalQuestion& question, std::istream& in,
                                  std::ostream& out, const std::string& who) {
  out << DescribeApprovalQuestion(question)
      << fmt::format("Type yes to {} {}: ", ContainmentVerb(question.kind),
                     question.machine.computer_dns_name)
      << std::flush;
  std::string answer;
  if (!std::getline(in, answer)) {
    return {false, who, "declined", "no answer was typed (end of input)"};
  }
  answer = Trim(answer);
  if (strcasecmp(answer.c_str(), "yes") == 0) return {true, who, "typed yes", ""};
  return {false, who, "declined", fmt::format("the answer was '{}', not 'yes'", answer)};
}

ApprovalDecision DecideUnattended(const ApprovalQuestion& question,
                                  const std::optional<ResponsePolicy>& policy,
                                  const std::string& who) {
  const std::string verb = ContainmentVerb(question.kind);
  if (!policy) {
    return {false, who, "unattended",
            fmt::format("nobody can confirm at a terminal and no response policy file allows "
                        "unattended {} (--policy FILE)",
                        verb)};
  }
  const std::string method = "policy file " + policy->path;
  if (question.kind == ContainmentKind::kRelease) {
    if (policy->unattended_release) return {true, who, method, ""};
    return {false, who, method, "the policy does not set unattended.release: true"};
  }
  if (!policy->unattended_isolate) {
    return {false, who, method, "the policy does not set unattended.isolate: true"};
  }
  if (!question.finding) {
    return {false, who, method,
            "unattended isolation needs the finding it answers (--hunt and --finding)"};
  }
  if (question.finding->confidence != "High") {
    return {false, who, method,
            fmt::format("the finding's confidence is {}; unattended isolation needs High",
                        question.finding->confidence)};
  }
  if (!question.finding->verified) {
    return {false, who, method,
            "the finding was not verified (its cited rows or IOCs were not all found)"};
  }
  return {true, who, method, ""};
}

Result<FindingSummary> FindingFromThreatRecords(const std::vector<nlohmann::json>& records,
                                                const std::string& hunt_id, int index) {
  int seen = 0;
  for (const auto& record : records) {
    if (!record.is_object() || record.value("hunt_id", "") != hunt_id) continue;
    if (++seen != index) continue;
    auto finding = record.find("finding");
    if (finding == record.end() || !finding->is_object()) {
      return InvalidArgument(
          fmt::format("threat log record {} #{} has no finding object", hunt_id, index));
    }
    FindingSummary summary;
    summary.hunt_id = hunt_id;
    summary.index = index;
    summary.title = finding->value("title", "");
    summary.confidence = finding->value("confidence", "");
    auto verified = finding->find("verified");
    summary.verified =
        verified != finding->end() && verified->is_boolean() && verified->get<bool>();
    return summary;
  }
  if (seen == 0) {
    return NotFound(fmt::format("hunt {} has no findings in the threat log", hunt_id));
  }
  return NotFound(fmt::format("hunt {} has {} finding(s) in the threat log; there is no #{}",
                              hunt_id, seen, index));
}

}  // namespace quarry::response
