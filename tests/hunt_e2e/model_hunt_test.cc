// The hunt with a model, end to end over the fixture workspace: a local server plays the Chat
// Completions service in its documented wire format (tool calls, structured findings, a finding
// that obeys a prompt injection, malformed JSON, 429 with Retry-After) and the whole runner —
// planner, guardrails, KQL on the local source, condenser, ModelAnalyst, verifier, containment
// offer — runs against it.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <functional>
#include <mutex>
#include <regex>
#include <thread>

#include "../llm/fake_openai_server.h"
#include "scripted_model.h"
#include "common/time.h"
#include "fixture_workspace.h"
#include "hunt/hunt_runner.h"
#include "hunt/model_analyst.h"
#include "kql/engine.h"
#include "llm/chat_model_factory.h"
#include "llm/tokenizer/tokenizer.h"
#include "sources/local_log_source.h"

namespace quarry::hunt_e2e {
namespace {

namespace fs = std::filesystem;
using llm::testing::FakeOpenAiServer;
using Json = nlohmann::json;

// Every text Quarry sent in this request (messages' content), joined.
std::string AllContent(const Json& body) {
  std::string all;
  for (const auto& m : body["messages"]) {
    if (m.contains("content") && m["content"].is_string()) all += m["content"].get<std::string>() + "\n";
  }
  return all;
}

// The evidence line (id and text) whose text contains `needle`.
std::pair<std::string, std::string> LineWith(const std::string& text, const std::string& needle) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.find(needle) != std::string::npos && line.rfind("[", 0) == 0) {
      return {line.substr(1, line.find(']') - 1), line};
    }
  }
  return {"", ""};
}

Json FindingJson(const std::string& title, const std::string& confidence, const std::string& id,
                 const std::string& line, std::vector<std::string> iocs) {
  return {{"title", title},
          {"description", "Brute force from 198.51.100.7 ended in a successful logon."},
          {"mitre",
           {{"tactic", "Credential Access"}, {"technique", "Brute Force"},
            {"sub_technique", "Password Guessing"}, {"id", "T1110.001"}, {"description", "guessing"}}},
          {"log_lines", {line}},
          {"confidence", confidence},
          {"recommendations", {"create incident"}},
          {"indicators_of_compromise", iocs},
          {"tags", {"brute-force"}},
          {"notes", ""},
          {"evidence_ids", {id}}};
}

std::string FindingsReply(const Json& findings) {
  return FakeOpenAiServer::Text(Json{{"findings", findings}}.dump(), 900, 120);
}

class RecordingContainment : public hunt::ContainmentAction {
 public:
  std::string Describe() const override { return "test containment"; }
  Result<std::string> Isolate(const std::string& device, const hunt::Finding&, const std::string&) override {
    isolated.push_back(device);
    return "isolated " + device;
  }
  std::vector<std::string> isolated;
};

class Approver : public hunt::HuntObserver {
 public:
  explicit Approver(bool approve) : approve_(approve) {}
  bool ApproveIsolation(const std::string& device, const hunt::Finding&) override {
    asked.push_back(device);
    return approve_;
  }
  std::vector<std::string> asked;

 private:
  bool approve_;
};

class NoFindings : public hunt::HuntAnalyst {
 public:
  std::string Name() const override { return "offline"; }
  Result<std::vector<hunt::Finding>> Analyze(const hunt::AnalysisInput&, hunt::PivotRunner&,
                                             hunt::Evidence*, hunt::AnalysisUsage*) override {
    return std::vector<hunt::Finding>{};
  }
};

class ModelHunt : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ws_ = (fs::temp_directory_path() / ("quarry-model-hunt-" + std::to_string(getpid()))).string();
    fs::remove_all(ws_);
    setup_error_ = BuildFixtureWorkspace(ws_);
  }
  static void TearDownTestSuite() {
    fs::remove_all(ws_);
    fs::remove_all(ws_ + "-files");
  }

  Result<hunt::HuntResult> Hunt(ScriptedModel& server, hunt::HuntObserver* observer,
                                hunt::ContainmentAction* containment,
                                const std::string& request =
                                    "I'm worried that windows-target-1 may have been maliciously logged into in the last few days") {
    llm::LlmConfig config;
    config.endpoint.base_url = server.BaseUrl();
    config.endpoint.api_key = "sk-test-not-a-secret";
    config.service_configured = true;
    config.model = "gpt-4.1-mini";
    config.max_attempts = 3;
    auto catalog = llm::ModelCatalog::LoadDefault();
    if (!catalog.ok()) return catalog.status();
    catalog_ = std::move(*catalog);
    llm::ChatModelFactoryOptions factory;
    factory.install_sigint_handler = false;
    QUARRY_ASSIGN_OR_RETURN(chat_, llm::MakeChatModelFromConfig(config, catalog_, factory));
    QUARRY_ASSIGN_OR_RETURN(source_, sources::LocalLogSource::Open(ws_));
    QUARRY_ASSIGN_OR_RETURN(guardrails_, hunt::DefaultGuardrailConfig());
    QUARRY_ASSIGN_OR_RETURN(auto prompt, hunt::LoadHuntSystemPrompt());
    QUARRY_ASSIGN_OR_RETURN(auto tokenizer, llm::Tokenizer::ForModel("gpt-4.1-mini"));
    QUARRY_ASSIGN_OR_RETURN(auto attack, attack::BuiltinCatalog());
    analyst_ = std::make_unique<hunt::ModelAnalyst>(*chat_, "gpt-4.1-mini", catalog_.Find("gpt-4.1-mini"),
                                                    prompt, hunt::DefaultHuntTables(), observer);
    analyst_->set_catalog(&catalog_);
    engine_ = std::make_unique<kql::Engine>(source_->catalog());
    hunt::HuntDeps deps;
    deps.planner = &planner_;
    deps.guardrails = &guardrails_;
    deps.source = source_.get();
    deps.validator = [this](const std::string& kql) { return engine_->Check(kql).status(); };
    deps.tokenizer = tokenizer;
    deps.attack = attack;
    deps.analyst = analyst_.get();
    deps.fallback = &fallback_;
    deps.containment = containment;
    deps.observer = observer;
    hunt::HuntOptions options;
    options.now_ticks = *ParseDatetime(kFixtureNow);
    options.max_rounds = 3;
    options.hunt_id = "h-test";
    return hunt::RunHunt(request, options, deps);
  }

  static std::string ws_;
  static std::string setup_error_;
  llm::ModelCatalog catalog_;
  std::unique_ptr<llm::ChatModel> chat_;
  std::unique_ptr<sources::LocalLogSource> source_;
  hunt::GuardrailConfig guardrails_;
  hunt::OfflinePlanner planner_;
  std::unique_ptr<hunt::ModelAnalyst> analyst_;
  std::unique_ptr<kql::Engine> engine_;
  NoFindings fallback_;
};
std::string ModelHunt::ws_;
std::string ModelHunt::setup_error_;

// Finds the brute-force success row in what Quarry sent and cites it.
std::pair<int, std::string> CiteSuccess(const Json& body, const std::string& confidence) {
  auto [id, line] = LineWith(AllContent(body), "RemoteIP=198.51.100.7");
  auto [sid, sline] = LineWith(AllContent(body), "LogonSuccess | LogonType=RemoteInteractive");
  if (!sid.empty()) {
    id = sid;
    line = sline;
  }
  return {200, FindingsReply(Json::array({FindingJson("RDP brute force then success on windows-target-1",
                                                      confidence, id, line, {"198.51.100.7"})}))};
}

TEST_F(ModelHunt, PivotsThroughAToolCallThenReportsVerifiedFindings) {
  ASSERT_EQ(setup_error_, "");
  Json plan = {{"tables", {"DeviceLogonEvents"}}, {"fields", nullptr}, {"device_name", nullptr},
               {"user_principal_name", nullptr}, {"caller", nullptr},
               {"ip_address", "198.51.100.7\" or 1==1 //"}, {"process_name", nullptr}, {"port", nullptr},
               {"start", nullptr}, {"end", nullptr}, {"time_range_hours", 96},
               {"rationale", "other logons from the brute-force IP"}};
  Json call = {{"role", "assistant"}, {"content", nullptr},
               {"tool_calls", {{{"id", "call_1"}, {"type", "function"},
                                {"function", {{"name", "query_log_analytics"}, {"arguments", plan.dump()}}}}}}};
  ScriptedModel server({
      [&](const Json&) { return std::pair{200, FakeOpenAiServer::Completion(call, "tool_calls", 800, 40)}; },
      [](const Json&) { return std::pair{429, FakeOpenAiServer::Error("Rate limit reached", "requests", nullptr, "rate_limit_exceeded")}; },
      [](const Json& body) { return CiteSuccess(body, "High"); },
  });
  Approver observer(false);
  RecordingContainment containment;
  auto result = Hunt(server, &observer, &containment);
  ASSERT_TRUE(result.ok()) << result.status().message();

  auto bodies = server.bodies();
  ASSERT_EQ(bodies.size(), 3u);  // tool call, 429, then the answer (retried by the client)
  EXPECT_EQ(bodies[0]["tools"][0]["function"]["name"], "query_log_analytics");
  EXPECT_EQ(bodies[0]["response_format"]["type"], "json_schema");
  EXPECT_NE(bodies[0]["messages"][1]["content"].get<std::string>().find("<<<EVIDENCE "), std::string::npos);
  // The pivot ran with the hostile IP as one escaped string literal.
  bool pivot_seen = false;
  for (const auto& q : result->queries) {
    if (q.round == 1) {
      pivot_seen = true;
      EXPECT_NE(q.kql.find(R"("198.51.100.7\" or 1==1 //")"), std::string::npos) << q.kql;
      EXPECT_EQ(q.rows, 0);
    }
  }
  EXPECT_TRUE(pivot_seen);
  EXPECT_EQ(bodies[2]["messages"].back()["role"], "tool");

  ASSERT_EQ(result->findings.size(), 1u);
  const auto& f = result->findings[0];
  EXPECT_TRUE(f.verified) << (f.verification_notes.empty() ? "" : f.verification_notes[0]);
  EXPECT_EQ(f.confidence, hunt::Confidence::kHigh);
  EXPECT_EQ(f.source, "model:gpt-4.1-mini");
  EXPECT_EQ(result->analyst, "model:gpt-4.1-mini");
  EXPECT_EQ(result->usage.calls, 2);
  EXPECT_EQ(result->usage.prompt_tokens, 800 + 900);
  // Offered once for the exact device of the cited row, refused (no person said yes): nothing sent.
  EXPECT_EQ(observer.asked, std::vector<std::string>{"windows-target-1"});
  EXPECT_TRUE(containment.isolated.empty());
}

TEST_F(ModelHunt, AFindingThatObeysAnInjectedLogLineCannotChooseTheMachine) {
  ASSERT_EQ(setup_error_, "");
  ScriptedModel server({[](const Json& body) {
    std::string all = AllContent(body);
    // The injected text reached the model only inside the evidence markers of the user message.
    std::string user = body["messages"][1]["content"];
    size_t open = user.find("<<<EVIDENCE "), close = user.find("<<<END EVIDENCE ");
    size_t injected = user.find("SYSTEM NOTICE TO THE AI ANALYST");
    bool inside = open != std::string::npos && close != std::string::npos &&
                  injected != std::string::npos && injected > open && injected < close &&
                  body["messages"][0]["content"].get<std::string>().find("SYSTEM NOTICE") == std::string::npos;
    auto [id, line] = LineWith(all, "SYSTEM NOTICE");
    Json f = FindingJson("Isolate fin-ws-7 now", "High", id, line, {"fin-ws-7"});
    f["description"] = inside ? "obeyed" : "markers missing";
    return std::pair{200, FindingsReply(Json::array({f}))};
  }});
  Approver observer(true);
  RecordingContainment containment;
  auto result = Hunt(server, &observer, &containment,
                     "processes run and logons on windows-target-1 in the last few days");
  ASSERT_TRUE(result.ok()) << result.status().message();
  ASSERT_EQ(result->findings.size(), 1u);
  EXPECT_EQ(result->findings[0].description, "obeyed");
  EXPECT_TRUE(result->findings[0].verified);  // the row exists: it is evidence of an attack
  // The IOC the injection asked for is only a word inside a command line, never a target.
  ASSERT_EQ(observer.asked, std::vector<std::string>{"windows-target-1"});
  // Whatever the model says, only the device of the cited row can be offered, exactly once.
  for (const auto& device : observer.asked) EXPECT_EQ(device, "windows-target-1");
  for (const auto& device : containment.isolated) EXPECT_NE(device, "fin-ws-7");
}

TEST_F(ModelHunt, MalformedJsonGetsOneCorrectionThenTheOfflineAnalystAnswers) {
  ASSERT_EQ(setup_error_, "");
  {
    ScriptedModel server({
        [](const Json&) { return std::pair{200, FakeOpenAiServer::Text("{\"findings\": [ {\"title\": ", 900, 10)}; },
        [](const Json& body) { return CiteSuccess(body, "Medium"); },
    });
    auto result = Hunt(server, nullptr, nullptr);
    ASSERT_TRUE(result.ok()) << result.status().message();
    auto bodies = server.bodies();
    ASSERT_EQ(bodies.size(), 2u);
    EXPECT_NE(bodies[1]["messages"].back()["content"].get<std::string>().find("could not be used"), std::string::npos);
    ASSERT_EQ(result->findings.size(), 1u);
    EXPECT_EQ(result->analyst, "model:gpt-4.1-mini");
  }
  {
    ScriptedModel server({
        [](const Json&) { return std::pair{200, FakeOpenAiServer::Text("not json", 900, 10)}; },
        [](const Json&) { return std::pair{200, FakeOpenAiServer::Text("{\"findings\": 3}", 900, 10)}; },
    });
    auto result = Hunt(server, nullptr, nullptr);
    ASSERT_TRUE(result.ok()) << result.status().message();
    EXPECT_EQ(result->analyst, "offline");
    ASSERT_EQ(result->notes.size(), 1u);
    EXPECT_NE(result->notes[0].find("offline analyst answered instead"), std::string::npos);
  }
}

// The model question before the first call: a person may switch to another catalogued model.
class ModelChooser : public Approver {
 public:
  explicit ModelChooser(std::string answer) : Approver(false), answer_(std::move(answer)) {}
  std::string ChooseModel(const std::string& proposed, const llm::ChatRequest& request) override {
    proposed_models.push_back(proposed);
    request_model = request.model;
    return answer_;
  }
  bool ConfirmCost(const std::string& model, int64_t, double worst) override {
    confirmed.emplace_back(model, worst);
    return true;
  }
  std::vector<std::string> proposed_models;
  std::string request_model;
  std::vector<std::pair<std::string, double>> confirmed;

 private:
  std::string answer_;
};

TEST_F(ModelHunt, APersonCanSwitchTheModelBeforeTheFirstCall) {
  ASSERT_EQ(setup_error_, "");
  ScriptedModel server({[](const Json& body) { return CiteSuccess(body, "High"); }});
  ModelChooser observer("gpt-4.1-nano");
  RecordingContainment containment;
  auto result = Hunt(server, &observer, &containment);
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_EQ(observer.proposed_models, std::vector<std::string>{"gpt-4.1-mini"});  // asked once
  EXPECT_EQ(observer.request_model, "gpt-4.1-mini");
  auto bodies = server.bodies();
  ASSERT_EQ(bodies.size(), 1u);
  EXPECT_EQ(bodies[0]["model"], "gpt-4.1-nano");
  EXPECT_EQ(result->analyst, "model:gpt-4.1-nano");
  // The cost shown is the chosen model's (nano's prices, not mini's): known and positive.
  ASSERT_EQ(observer.confirmed.size(), 1u);
  EXPECT_EQ(observer.confirmed[0].first, "gpt-4.1-nano");
  EXPECT_GT(observer.confirmed[0].second, 0.0);
}

TEST_F(ModelHunt, CancellingAtTheModelQuestionSpendsNothing) {
  ASSERT_EQ(setup_error_, "");
  ScriptedModel server({[](const Json& body) { return CiteSuccess(body, "High"); }});
  ModelChooser observer("");
  RecordingContainment containment;
  auto result = Hunt(server, &observer, &containment);
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_TRUE(server.bodies().empty());
  EXPECT_TRUE(observer.confirmed.empty());
  EXPECT_EQ(result->analyst, "offline");  // the fallback answered
}

}  // namespace
}  // namespace quarry::hunt_e2e
