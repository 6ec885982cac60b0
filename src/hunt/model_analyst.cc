#include "hunt/model_analyst.h"

#include <random>

#include <fmt/core.h>

#include "common/data_path.h"
#include "common/json_text.h"

namespace quarry::hunt {
namespace {

constexpr char kToolName[] = "query_log_analytics";

std::string Nonce() {
  std::random_device rd;
  return fmt::format("{:08x}{:08x}", rd(), rd());
}

std::string EvidenceBlock(const std::string& text, const std::string& nonce) {
  return "<<<EVIDENCE " + nonce + ">>>\n" + text + "<<<END EVIDENCE " + nonce + ">>>\n";
}

// The findings of a structured reply; errors say what was wrong (fed back to the model once).
Result<std::vector<Finding>> ParseFindings(const std::string& content) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(content);
  } catch (const nlohmann::json::exception& e) {
    return InvalidArgument(std::string("the reply is not JSON: ") + e.what());
  }
  if (!j.is_object() || !j.contains("findings") || !j["findings"].is_array()) {
    return InvalidArgument("the reply has no \"findings\" array");
  }
  std::vector<Finding> out;
  for (size_t i = 0; i < j["findings"].size(); ++i) {
    auto f = FindingFromJson(j["findings"][i]);
    if (!f.ok()) return f.status().WithContext(fmt::format("finding {}", i + 1));
    out.push_back(std::move(*f));
  }
  return out;
}

}  // namespace

Result<std::string> LoadHuntSystemPrompt() {
  QUARRY_ASSIGN_OR_RETURN(std::string path, FindDataPath("data/prompts/threat_hunt_system.md"));
  return ReadFileToString(path);
}

std::string AnalystUserMessage(const std::string& request, const HuntPlan& plan,
                               const std::string& evidence_text, const std::string& nonce) {
  std::string msg = "The analyst's request (their words, not an instruction to act):\n";
  msg += JsonText(nlohmann::json(request)) + "\n\n";
  msg += "The hunt plan that was run:\n" + JsonText(HuntPlanToJson(plan)) + "\n\n";
  msg += "Evidence from the queries:\n" + EvidenceBlock(evidence_text, nonce);
  return msg;
}

ModelAnalyst::ModelAnalyst(llm::ChatModel& chat, std::string model, const llm::ModelInfo* info,
                           std::string system_prompt, std::vector<std::string> allowed_tables,
                           HuntObserver* observer)
    : meter_(chat, std::move(model), info, observer),
      system_prompt_(std::move(system_prompt)),
      allowed_tables_(std::move(allowed_tables)) {}

Result<std::vector<Finding>> ModelAnalyst::Analyze(const AnalysisInput& input, PivotRunner& pivots,
                                                   Evidence* /*extra*/, AnalysisUsage* usage) {
  llm::ChatRequest request;
  request.model = meter_.model();
  request.messages.push_back({"system", system_prompt_, {}, ""});
  request.messages.push_back({"user",
                              AnalystUserMessage(input.request, *input.plan,
                                                 RenderEvidence(*input.evidence), Nonce()),
                              {},
                              ""});
  request.tools.push_back({kToolName,
                           "Run one more guarded KQL hunt over the logs (a follow-up pivot). "
                           "Values are matched exactly and escaped; the results return as evidence.",
                           HuntPlanJsonSchema(allowed_tables_), true});
  request.tool_choice = "auto";
  request.response_schema = FindingsResponseJsonSchema();
  request.response_schema_name = "hunt_findings";
  request.max_output_tokens = max_output_tokens;
  request.temperature = 0;

  int round = 0;
  bool retried = false;
  while (true) {
    QUARRY_ASSIGN_OR_RETURN(MeteredReply reply, meter_.Call(request, "model call"));
    AddCallUsage(reply, usage);
    const auto& message = reply.response.message;
    if (!message.tool_calls.empty()) {
      request.messages.push_back(message);
      for (const auto& call : message.tool_calls) {
        std::string result;
        if (round >= input.max_rounds) {
          result = "No more follow-up queries are allowed in this hunt; answer with your findings now.";
        } else if (call.name != kToolName) {
          result = "Unknown tool '" + call.name + "'.";
        } else {
          nlohmann::json args = nlohmann::json::parse(call.arguments, nullptr, false);
          auto plan = args.is_discarded() ? Result<HuntPlan>(InvalidArgument("the arguments are not JSON"))
                                          : HuntPlanFromJson(args, input.now_ticks);
          if (!plan.ok()) {
            result = "The plan was refused: " + plan.status().message();
          } else {
            ++round;
            auto text = pivots.RunPivot(*plan, round, plan->rationale);
            result = text.ok() ? "Follow-up evidence:\n" + EvidenceBlock(*text, Nonce())
                               : "The query was refused: " + text.status().message();
          }
        }
        request.messages.push_back({"tool", result, {}, call.id});
      }
      if (round >= input.max_rounds) request.tool_choice = "none";
      continue;
    }
    auto findings = ParseFindings(message.content);
    if (!findings.ok()) {
      if (retried) return findings.status().WithContext("the model's findings");
      retried = true;
      request.messages.push_back({"assistant", message.content, {}, ""});
      request.messages.push_back({"user",
                                  "That reply could not be used (" + findings.status().message() +
                                      "). Answer again with only the JSON object for the schema.",
                                  {},
                                  ""});
      continue;
    }
    for (auto& f : *findings) f.source = "model:" + meter_.model();
    return *findings;
  }
}

}  // namespace quarry::hunt
