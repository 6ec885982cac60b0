#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "net/curl_transport.h"
#include "response/action_status_check.h"
#include "response/approval_policy.h"
#include "response/audit_log.h"
#include "response/containment.h"
#include "response/defender_client.h"
#include "response/dry_run_backend.h"
#include "response/isolation_offer.h"
#include "response/machine_match.h"
#include "scripted_server.h"
#include "../testutil/temp_dir.h"

namespace quarry::response {
namespace {

using quarry::testing::Reply;
using quarry::testing::ScriptedServer;
using quarry::testing::TestClock;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kToken[] = "fake.defender.token-for-tests";

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(QUARRY_SOURCE_ROOT) + "/tests/azure/fixtures/" + name);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Machine M(std::string id, std::string dns) {
  Machine m;
  m.id = std::move(id);
  m.computer_dns_name = std::move(dns);
  return m;
}

TEST(DefenderWireTest, ODataLiteralDoublesQuotes) {
  EXPECT_EQ(ODataStringLiteral("web-1"), "'web-1'");
  EXPECT_EQ(ODataStringLiteral("o'brien' or 1 eq 1 or 'x"), "'o''brien'' or 1 eq 1 or ''x'");
}

TEST(DefenderWireTest, ParsesDocumentedMachineListAndAction) {
  auto machines = ParseMachineList(Fixture("mde_machines.json"));
  ASSERT_TRUE(machines.ok()) << machines.status().ToString();
  ASSERT_EQ(machines->size(), 2u);
  EXPECT_EQ((*machines)[0].id, "1e5bc9d7e413ddd7902c2932e418702b84d0cc07");
  EXPECT_EQ((*machines)[0].computer_dns_name, "web-1.contoso.example");
  EXPECT_EQ((*machines)[0].os_platform, "Windows10");
  auto action = ParseMachineAction(Fixture("mde_machine_action.json"));
  ASSERT_TRUE(action.ok()) << action.status().ToString();
  EXPECT_EQ(action->id, "b89eb834-4578-496c-8be0-03f004061435");
  EXPECT_EQ(action->type, "Isolate");
  EXPECT_EQ(action->status, "Pending");
  EXPECT_EQ(action->machine_id, "1e5bc9d7e413ddd7902c2932e418702b84d0cc07");
  EXPECT_FALSE(IsFinalActionStatus("Pending"));
  EXPECT_FALSE(IsFinalActionStatus("InProgress"));
  EXPECT_TRUE(IsFinalActionStatus("Succeeded"));
  EXPECT_TRUE(IsFinalActionStatus("Cancelled"));
  EXPECT_EQ(ParseMachineList("{}").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseMachineAction(R"({"id":"x"})").status().code(), StatusCode::kInvalidArgument);
}

TEST(MachineMatchTest, ShortNameNeverMatchesALongerName) {
  std::vector<Machine> candidates = {M("a", "web-10.contoso.example"),
                                     M("b", "WEB-1.contoso.example"),
                                     M("c", "web-1x.contoso.example")};
  MachineMatch match = MatchMachine("web-1", candidates);
  ASSERT_TRUE(match.unique());
  EXPECT_EQ(match.matches[0].id, "b");
  EXPECT_TRUE(MatchMachine("Web-1.Contoso.Example", candidates).unique());
  EXPECT_TRUE(MatchMachine("web-", candidates).matches.empty());
  EXPECT_TRUE(MatchMachine("", candidates).matches.empty());
  EXPECT_TRUE(MatchMachine("web-1.contoso", candidates).matches.empty());
  EXPECT_EQ(MatchMachine("a", candidates).matches.at(0).computer_dns_name,
            "web-10.contoso.example");
}

TEST(MachineMatchTest, SameShortNameInTwoDomainsIsAChoice) {
  std::vector<Machine> candidates = {M("a", "web-1.contoso.example"),
                                     M("b", "web-1.fabrikam.example")};
  EXPECT_EQ(MatchMachine("web-1", candidates).matches.size(), 2u);
  EXPECT_TRUE(MatchMachine("web-1.fabrikam.example", candidates).unique());
}

TEST(ApprovalPolicyTest, ParsesPolicyAndRefusesTypos) {
  auto policy = ParseResponsePolicy("unattended:\n  isolate: true\n", "p.yaml");
  ASSERT_TRUE(policy.ok());
  EXPECT_TRUE(policy->unattended_isolate);
  EXPECT_FALSE(policy->unattended_release);
  EXPECT_EQ(ParseResponsePolicy("unattended:\n  isolate: yes please\n", "p").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseResponsePolicy("unatended:\n  isolate: true\n", "p").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseResponsePolicy("unattended:\n  isolat: true\n", "p").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseResponsePolicy("[", "p").status().code(), StatusCode::kInvalidArgument);
}

ApprovalQuestion IsolateQuestion(const std::string& confidence, bool verified) {
  ApprovalQuestion q;
  q.machine = M("1e5b", "web-1.contoso.example");
  q.isolation_type = "Full";
  q.finding = FindingSummary{"h-1", 2, "Credential dumping with procdump", confidence, verified};
  return q;
}

TEST(ApprovalPolicyTest, UnattendedIsolationOnlyForHighVerifiedFindingsUnderPolicy) {
  ResponsePolicy allow;
  allow.unattended_isolate = true;
  allow.path = "policy.yaml";
  EXPECT_TRUE(DecideUnattended(IsolateQuestion("High", true), allow, "ana").approved);
  EXPECT_FALSE(DecideUnattended(IsolateQuestion("Medium", true), allow, "ana").approved);
  EXPECT_FALSE(DecideUnattended(IsolateQuestion("High", false), allow, "ana").approved);
  EXPECT_FALSE(DecideUnattended(IsolateQuestion("High", true), std::nullopt, "ana").approved);
  ResponsePolicy deny;
  EXPECT_FALSE(DecideUnattended(IsolateQuestion("High", true), deny, "ana").approved);
  ApprovalQuestion no_finding = IsolateQuestion("High", true);
  no_finding.finding.reset();
  EXPECT_FALSE(DecideUnattended(no_finding, allow, "ana").approved);
  ApprovalDecision ok = DecideUnattended(IsolateQuestion("High", true), allow, "ana");
  EXPECT_EQ(ok.method, "policy file policy.yaml");
}

TEST(ApprovalPolicyTest, InteractiveNeedsTypedYesAndShowsTheExactMachine) {
  for (const auto& [typed, approved] :
       std::vector<std::pair<std::string, bool>>{{"yes\n", true},
                                                 {"  YES \n", true},
                                                 {"y\n", false},
                                                 {"\n", false},
                                                 {"", false},
                                                 {"yes please\n", false}}) {
    std::istringstream in(typed);
    std::ostringstream out;
    ApprovalDecision d = AskInteractively(IsolateQuestion("High", true), in, out, "ana");
    EXPECT_EQ(d.approved, approved) << "typed: " << typed;
    EXPECT_THAT(out.str(), HasSubstr("web-1.contoso.example"));
    EXPECT_THAT(out.str(), HasSubstr("machine id: 1e5b"));
    EXPECT_THAT(out.str(), HasSubstr("hunt h-1 finding #2"));
  }
}

TEST(ApprovalPolicyTest, FindsTheNthFindingOfAHunt) {
  std::vector<nlohmann::json> records = {
      {{"hunt_id", "h-1"}, {"finding", {{"title", "A"}, {"confidence", "Low"}}}},
      {{"hunt_id", "h-2"}, {"finding", {{"title", "B"}, {"confidence", "High"}}}},
      {{"hunt_id", "h-1"},
       {"finding", {{"title", "C"}, {"confidence", "High"}, {"verified", true}}}}};
  auto second = FindingFromThreatRecords(records, "h-1", 2);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->title, "C");
  EXPECT_TRUE(second->verified);
  EXPECT_EQ(FindingFromThreatRecords(records, "h-1", 3).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(FindingFromThreatRecords(records, "h-9", 1).status().code(), StatusCode::kNotFound);
}

using testutil::TempDir;

TEST(AuditLogTest, AppendsWholeLinesAndRecoversFromATornTail) {
  TempDir dir;
  AuditLog log(dir.File("audit.jsonl"));
  ASSERT_TRUE(log.Append({{"event", "isolate.approved"}, {"device", "web-1"}}).ok());
  {
    std::ofstream torn(log.path(), std::ios::app);
    torn << R"({"event":"isolate.se)";  // a crash mid-line
  }
  ASSERT_TRUE(log.Append({{"event", "isolate.sent"}, {"response_code", 201}}).ok());
  auto contents = ReadAuditLog(log.path());
  ASSERT_TRUE(contents.ok());
  ASSERT_EQ(contents->records.size(), 2u);
  EXPECT_EQ(contents->records[0]["event"], "isolate.approved");
  EXPECT_TRUE(contents->records[0].contains("time"));
  EXPECT_EQ(contents->records[1]["response_code"], 201);
  EXPECT_EQ(contents->bad_lines, std::vector<int>{2});
  EXPECT_EQ(std::filesystem::status(log.path()).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

TEST(AuditLogTest, ConcurrentWritersNeverInterleave) {
  TempDir dir;
  AuditLog log(dir.File("audit.jsonl"));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&log, t] {
      for (int i = 0; i < 50; ++i) {
        ASSERT_TRUE(log.Append({{"t", t}, {"i", i}, {"pad", std::string(500, 'x')}}).ok());
      }
    });
  }
  for (auto& th : threads) th.join();
  auto contents = ReadAuditLog(log.path());
  ASSERT_TRUE(contents.ok());
  EXPECT_EQ(contents->records.size(), 200u);
  EXPECT_TRUE(contents->bad_lines.empty());
}

class FixedCredential : public net::TokenCredential {
 public:
  std::string Name() const override { return "fixed"; }
  Result<net::AccessToken> GetToken(std::string_view) override {
    return net::AccessToken{kToken, std::chrono::system_clock::now() + std::chrono::hours(1)};
  }
};

class DefenderTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.running()); }
  std::unique_ptr<DefenderClient> Client(int attempts = 3) {
    net::HttpClientOptions options;
    options.retry.max_attempts = attempts;
    options.random = [] { return 0.5; };
    DefenderConfig config;
    config.api_base = server_.Root();
    return std::make_unique<DefenderClient>(
        config, std::make_shared<FixedCredential>(),
        std::make_shared<net::HttpClient>(std::make_shared<net::CurlTransport>(), &clock_,
                                          options));
  }
  static std::string List(const std::vector<std::pair<std::string, std::string>>& machines) {
    nlohmann::json value = nlohmann::json::array();
    for (const auto& [id, dns] : machines) {
      value.push_back({{"id", id},
                       {"computerDnsName", dns},
                       {"osPlatform", "Windows11"},
                       {"healthStatus", "Active"},
                       {"lastSeen", "2024-05-01T10:00:00Z"}});
    }
    return nlohmann::json{
        {"@odata.context", "https://api.securitycenter.microsoft.com/api/$metadata#Machines"},
        {"value", value}}
        .dump();
  }
  static std::string Action(const std::string& id, const std::string& status,
                            const std::string& type = "Isolate") {
    return nlohmann::json{{"id", id},
                          {"type", type},
                          {"requestor", "quarry-app"},
                          {"requestorComment", "c"},
                          {"status", status},
                          {"machineId", "m-1"},
                          {"computerDnsName", "web-1.contoso.example"},
                          {"creationDateTimeUtc", "2024-05-01T10:00:00Z"},
                          {"lastUpdateDateTimeUtc", "2024-05-01T10:00:05Z"}}
        .dump();
  }

  TestClock clock_;
  ScriptedServer server_;
  TempDir dir_;
};

TEST_F(DefenderTest, LooksUpByExactNameWithEscapedFilter) {
  server_.Enqueue({200, List({})});
  server_.Enqueue({200, List({{"m-1", "web-1.contoso.example"}})});
  auto client = Client();
  auto machines = client->FindMachines("Web-1");
  ASSERT_TRUE(machines.ok()) << machines.status().ToString();
  ASSERT_EQ(machines->size(), 1u);
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].path, "/api/machines");
  EXPECT_EQ(requests[0].Param("$filter"), "computerDnsName eq 'web-1'");
  EXPECT_EQ(requests[1].Param("$filter"), "startswith(computerDnsName,'web-1.')");
  EXPECT_EQ(requests[0].Header("Authorization"), std::string("Bearer ") + kToken);
  server_.Enqueue({200, List({})});
  ASSERT_TRUE(client->FindMachines("x'.example").ok());
  EXPECT_EQ(server_.requests().back().Param("$filter"), "computerDnsName eq 'x''.example'");
}

TEST_F(DefenderTest, IsolatesAfterApprovalPollsToSucceededAndAuditsEveryStep) {
  server_.Enqueue({200, List({{"m-1", "web-1.contoso.example"}})});
  server_.Enqueue({201, Action("act-1", "Pending")});
  server_.Enqueue({200, Action("act-1", "InProgress")});
  server_.Enqueue({200, Action("act-1", "Succeeded")});
  auto client = Client();
  AuditLog audit(dir_.File("audit.jsonl"));
  int asked = 0;
  Containment containment(*client, audit, clock_, [&](const ApprovalQuestion& q) {
    ++asked;
    EXPECT_EQ(q.machine.id, "m-1");
    return ApprovalDecision{true, "ana@soc", "typed yes", ""};
  });
  ContainmentRequest request;
  request.device = "web-1.contoso.example";
  request.isolation_type = IsolationType::kSelective;
  request.finding = FindingSummary{"h-20240501T100000Z-1a2b", 1, "LSASS dump", "High", true};
  request.poll_interval = std::chrono::seconds(5);
  auto outcome = containment.Run(request);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(asked, 1);
  ASSERT_TRUE(outcome->final_action);
  EXPECT_EQ(outcome->final_action->status, "Succeeded");
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_EQ(requests[1].method, "POST");
  EXPECT_EQ(requests[1].path, "/api/machines/m-1/isolate");
  auto body = nlohmann::json::parse(requests[1].body);
  EXPECT_EQ(body["IsolationType"], "Selective");
  EXPECT_THAT(body["Comment"].get<std::string>(), HasSubstr("h-20240501T100000Z-1a2b"));
  EXPECT_THAT(body["Comment"].get<std::string>(), HasSubstr("finding #1 \"LSASS dump\""));
  EXPECT_THAT(body["Comment"].get<std::string>(), HasSubstr("approved by ana@soc"));
  EXPECT_EQ(requests[2].path, "/api/machineactions/act-1");
  EXPECT_EQ(clock_.sleeps.size(), 1u);  // one wait after InProgress

  auto log = ReadAuditLog(audit.path());
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->records.size(), 5u);
  EXPECT_EQ(log->records[0]["event"], "isolate.approved");
  EXPECT_EQ(log->records[1]["event"], "isolate.sent");
  EXPECT_EQ(log->records[1]["response_code"], 201);
  EXPECT_EQ(log->records[1]["action_id"], "act-1");
  EXPECT_EQ(log->records[1]["who"], "ana@soc");
  EXPECT_EQ(log->records[1]["finding"]["hunt_id"], "h-20240501T100000Z-1a2b");
  EXPECT_EQ(log->records[1]["request"]["url"], server_.Root() + "/api/machines/m-1/isolate");
  // Each status request while following the action, with its own request and response code.
  for (size_t i : {2u, 3u}) {
    EXPECT_EQ(log->records[i]["event"], "isolate.status");
    EXPECT_EQ(log->records[i]["request"]["method"], "GET");
    EXPECT_EQ(log->records[i]["request"]["url"], server_.Root() + "/api/machineactions/act-1");
    EXPECT_EQ(log->records[i]["response_code"], 200);
    EXPECT_EQ(log->records[i]["action_id"], "act-1");
    EXPECT_EQ(log->records[i]["who"], "ana@soc");
  }
  EXPECT_EQ(log->records[2]["result"], "InProgress");
  EXPECT_EQ(log->records[3]["result"], "Succeeded");
  EXPECT_EQ(log->records[4]["event"], "isolate.completed");
  EXPECT_EQ(log->records[4]["result"], "Succeeded");
  std::ifstream raw(audit.path());
  std::string text((std::istreambuf_iterator<char>(raw)), std::istreambuf_iterator<char>());
  EXPECT_THAT(text, Not(HasSubstr(kToken)));
}

TEST_F(DefenderTest, ReleaseSendsUnisolateWithTheCommentAndFollowsIt) {
  server_.Enqueue({200, List({{"m-1", "web-1.contoso.example"}})});
  server_.Enqueue({201, Action("act-5", "Pending", "Unisolate")});
  server_.Enqueue({200, Action("act-5", "Succeeded", "Unisolate")});
  auto client = Client();
  AuditLog audit(dir_.File("audit.jsonl"));
  Containment containment(*client, audit, clock_, [](const ApprovalQuestion& q) {
    EXPECT_EQ(q.kind, ContainmentKind::kRelease);
    return ApprovalDecision{true, "ana@soc", "typed yes", ""};
  });
  ContainmentRequest request;
  request.kind = ContainmentKind::kRelease;
  request.device = "WEB-1";
  request.note = "reimaged";
  auto outcome = containment.Run(request);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  ASSERT_TRUE(outcome->final_action);
  EXPECT_EQ(outcome->final_action->status, "Succeeded");
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[1].path, "/api/machines/m-1/unisolate");
  auto body = nlohmann::json::parse(requests[1].body);
  EXPECT_FALSE(body.contains("IsolationType"));
  EXPECT_EQ(body["Comment"], "Quarry release; approved by ana@soc (typed yes). reimaged");
  auto log = ReadAuditLog(audit.path());
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->records.size(), 4u);
  EXPECT_EQ(log->records[1]["event"], "release.sent");
  EXPECT_EQ(log->records[1]["response_code"], 201);
  EXPECT_FALSE(log->records[1].contains("isolation_type"));
  EXPECT_EQ(log->records[3]["event"], "release.completed");
  EXPECT_EQ(log->records[3]["result"], "Succeeded");
}

TEST_F(DefenderTest, DeclinedApprovalSendsNothingButIsAudited) {
  server_.Enqueue({200, List({{"m-1", "web-1.contoso.example"}})});
  auto client = Client();
  AuditLog audit(dir_.File("audit.jsonl"));
  Containment containment(*client, audit, clock_, [](const ApprovalQuestion&) {
    return ApprovalDecision{false, "ana", "declined", "the answer was 'n', not 'yes'"};
  });
  ContainmentRequest request;
  request.device = "web-1";
  auto outcome = containment.Run(request);
  EXPECT_EQ(outcome.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(server_.requests().size(), 1u);  // only the lookup
  auto log = ReadAuditLog(audit.path());
  ASSERT_EQ(log->records.size(), 1u);
  EXPECT_EQ(log->records[0]["event"], "isolate.declined");
}

TEST_F(DefenderTest, AmbiguousOrMissingMachineIsNeverGuessed) {
  server_.Enqueue({200, List({})});
  server_.Enqueue(
      {200, List({{"m-1", "web-1.contoso.example"}, {"m-2", "web-1.fabrikam.example"}})});
  auto client = Client();
  AuditLog audit(dir_.File("audit.jsonl"));
  int asked = 0;
  Containment containment(*client, audit, clock_, [&](const ApprovalQuestion&) {
    ++asked;
    return ApprovalDecision{true, "ana", "typed yes", ""};
  });
  ContainmentRequest request;
  request.device = "web-1";
  auto ambiguous = containment.Run(request);
  ASSERT_EQ(ambiguous.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(ambiguous.status().message(), HasSubstr("web-1.fabrikam.example"));
  server_.Enqueue({200, List({})});
  server_.Enqueue({200, List({})});
  request.device = "web-9";
  EXPECT_EQ(containment.Run(request).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(asked, 0);
}

TEST_F(DefenderTest, AMachineIdIsLookedUpDirectlySoAnAmbiguityCanBeSettled) {
  const std::string id = "7292e4b8cb74ff1cc3d8a495eb29dc8858b732f7";
  auto client = Client();
  AuditLog audit(dir_.File("audit.jsonl"));
  std::string asked_about;
  Containment containment(*client, audit, clock_, [&](const ApprovalQuestion& q) {
    asked_about = q.machine.computer_dns_name;
    return ApprovalDecision{true, "ana", "typed yes", ""};
  });
  // "web-1" is ambiguous; the message offers the machine ids ...
  server_.Enqueue({200, List({})});
  server_.Enqueue({200, List({{"1e5bc9d7e413ddd7902c2932e418702b84d0cc07", "web-1.contoso.example"},
                              {id, "web-1.fabrikam.example"}})});
  ContainmentRequest request;
  request.device = "web-1";
  request.wait = false;
  auto ambiguous = containment.Run(request);
  ASSERT_EQ(ambiguous.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(ambiguous.status().message(), HasSubstr("machine id " + id));
  // ... and one of them, typed in any case, is fetched by id and isolated.
  nlohmann::json machine = {{"id", id},
                            {"computerDnsName", "web-1.fabrikam.example"},
                            {"osPlatform", "Windows11"},
                            {"healthStatus", "Active"},
                            {"lastSeen", "2024-05-01T10:00:00Z"}};
  server_.Enqueue({200, machine.dump()});
  server_.Enqueue({201, Action("act-7", "Pending")});
  std::string upper = id;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  request.device = upper;
  auto outcome = containment.Run(request);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(asked_about, "web-1.fabrikam.example");
  EXPECT_EQ(outcome->machine.id, id);
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_EQ(requests[2].method, "GET");
  EXPECT_EQ(requests[2].path, "/api/machines/" + id);
  EXPECT_EQ(requests[3].path, "/api/machines/" + id + "/isolate");
  // An id Defender does not know is NotFound, never a guess.
  server_.Enqueue({404, R"({"error":{"code":"ResourceNotFound","message":"Machine was not found"}})"});
  request.device = "0000000000000000000000000000000000000000";
  EXPECT_EQ(containment.Run(request).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(server_.requests().back().path, "/api/machines/0000000000000000000000000000000000000000");
}

TEST(DefenderWireTest, MachineIdsAreFortyHexDigits) {
  EXPECT_TRUE(IsMachineId("1e5bc9d7e413ddd7902c2932e418702b84d0cc07"));
  EXPECT_TRUE(IsMachineId("1E5BC9D7E413DDD7902C2932E418702B84D0CC07"));
  EXPECT_FALSE(IsMachineId("1e5bc9d7e413ddd7902c2932e418702b84d0cc0"));  // 39
  EXPECT_FALSE(IsMachineId("1e5bc9d7e413ddd7902c2932e418702b84d0cc0g"));
  EXPECT_FALSE(IsMachineId("web-1"));
  auto machine = ParseMachine(
      R"({"id":"1e5bc9d7e413ddd7902c2932e418702b84d0cc07","computerDnsName":"web-1.contoso.example","osPlatform":"Windows10","healthStatus":"Active"})");
  ASSERT_TRUE(machine.ok()) << machine.status().ToString();
  EXPECT_EQ(machine->computer_dns_name, "web-1.contoso.example");
  EXPECT_EQ(machine->health_status, "Active");
  EXPECT_EQ(ParseMachine(R"({"value":[]})").status().code(), StatusCode::kInvalidArgument);
}

TEST_F(DefenderTest, ActionStatusAuditsEveryRequestIncludingFailures) {
  auto client = Client(1);
  AuditLog audit(dir_.File("audit.jsonl"));
  ActionStatusRequest request;
  request.action_id = "act-4";
  request.who = "ana@soc";
  request.wait = true;
  request.poll_interval = std::chrono::seconds(10);
  server_.Enqueue({200, Action("act-4", "Pending")});
  server_.Enqueue({200, Action("act-4", "Pending")});
  server_.Enqueue({200, Action("act-4", "Cancelled")});
  std::vector<std::string> heard;
  auto action = CheckActionStatus(*client, audit, clock_, request,
                                  [&](const MachineAction& a) { heard.push_back(a.status); });
  ASSERT_TRUE(action.ok()) << action.status().ToString();
  EXPECT_EQ(action->status, "Cancelled");
  EXPECT_EQ(heard, (std::vector<std::string>{"Pending", "Cancelled"}));
  EXPECT_EQ(clock_.sleeps.size(), 2u);

  request.wait = false;
  request.action_id = "act-missing";
  server_.Enqueue({404, R"({"error":{"code":"ResourceNotFound","message":"Action was not found"}})"});
  auto missing = CheckActionStatus(*client, audit, clock_, request);
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);

  auto log = ReadAuditLog(audit.path());
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->records.size(), 4u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(log->records[i]["event"], "action_status.checked");
    EXPECT_EQ(log->records[i]["who"], "ana@soc");
    EXPECT_EQ(log->records[i]["action_id"], "act-4");
    EXPECT_EQ(log->records[i]["request"]["method"], "GET");
    EXPECT_EQ(log->records[i]["request"]["url"], server_.Root() + "/api/machineactions/act-4");
    EXPECT_EQ(log->records[i]["response_code"], 200);
  }
  EXPECT_EQ(log->records[2]["result"], "Cancelled");
  EXPECT_EQ(log->records[3]["action_id"], "act-missing");
  EXPECT_EQ(log->records[3]["response_code"], 404);
  EXPECT_THAT(log->records[3]["result"].get<std::string>(), HasSubstr("Action was not found"));
}

TEST_F(DefenderTest, AlreadyIsolatedIsReportedNotFailed) {
  server_.Enqueue({200, List({{"m-1", "web-1.contoso.example"}})});
  server_.Enqueue(
      {400,
       R"({"error":{"code":"ActiveRequestAlreadyExists","message":"Action is already in progress","target":"00000000-0000-0000-0000-000000000000"}})"});
  auto client = Client();
  AuditLog audit(dir_.File("audit.jsonl"));
  Containment containment(*client, audit, clock_, [](const ApprovalQuestion&) {
    return ApprovalDecision{true, "ana", "typed yes", ""};
  });
  ContainmentRequest request;
  request.device = "web-1.contoso.example";
  auto outcome = containment.Run(request);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_TRUE(outcome->already);
  EXPECT_THAT(outcome->summary, HasSubstr("already in progress"));
  auto log = ReadAuditLog(audit.path());
  EXPECT_EQ(log->records.back()["response_code"], 400);
}

TEST_F(DefenderTest, HttpErrorsArePlainAndAudited) {
  auto client = Client(1);
  Machine machine = M("m-1", "web-1.contoso.example");
  server_.Enqueue(
      {403,
       R"j({"error":{"code":"Forbidden","message":"The application does not have any of the required application permissions (Machine.Isolate)"}})j"});
  ActionCall forbidden = client->Isolate(machine, "c", IsolationType::kFull);
  EXPECT_EQ(forbidden.http_status, 403);
  EXPECT_EQ(forbidden.status.code(), StatusCode::kPermissionDenied);
  EXPECT_THAT(forbidden.status.message(), HasSubstr("Machine.Isolate"));
  server_.Enqueue({401, R"({"error":{"code":"Unauthorized","message":"Unauthorized"}})"});
  EXPECT_EQ(client->Release(machine, "c").status.code(), StatusCode::kUnauthenticated);
  server_.Enqueue({500, "oops"});
  EXPECT_EQ(client->GetAction("a").status().code(), StatusCode::kUnavailable);
  server_.Enqueue({201, "<html>not json</html>"});
  ActionCall garbled = client->Isolate(machine, "c", IsolationType::kFull);
  EXPECT_EQ(garbled.http_status, 201);
  EXPECT_EQ(garbled.status.code(), StatusCode::kUnavailable);
  EXPECT_THAT(garbled.status.message(), HasSubstr("accepted"));
}

TEST_F(DefenderTest, ThrottledCallsAreRetriedAfterRetryAfter) {
  server_.Enqueue({429,
                   R"({"error":{"code":"TooManyRequests","message":"Rate limit is exceeded"}})",
                   {{"Retry-After", "3"}}});
  server_.Enqueue({200, Action("act-9", "Succeeded")});
  auto action = Client()->GetAction("act-9");
  ASSERT_TRUE(action.ok()) << action.status().ToString();
  ASSERT_EQ(clock_.sleeps.size(), 1u);
  EXPECT_EQ(clock_.sleeps[0], std::chrono::seconds(3));
}

TEST_F(DefenderTest, PollingGivesUpAtTheTimeout) {
  for (int i = 0; i < 10; ++i) server_.Enqueue({200, Action("act-2", "Pending")});
  auto client = Client();
  auto result = WaitForAction(*client, "act-2", clock_, std::chrono::seconds(30),
                              std::chrono::seconds(10), {});
  ASSERT_EQ(result.status().code(), StatusCode::kDeadlineExceeded);
  EXPECT_THAT(result.status().message(), HasSubstr("still Pending"));
  EXPECT_THAT(result.status().message(), HasSubstr("quarry action-status act-2"));
}

TEST(DryRunTest, SendsNothingAndSaysSo) {
  TestClock clock;
  DryRunBackend backend("no Defender credentials are configured");
  TempDir dir;
  AuditLog audit(dir.File("audit.jsonl"));
  Containment containment(backend, audit, clock, [](const ApprovalQuestion& q) {
    EXPECT_TRUE(q.dry_run);
    return ApprovalDecision{true, "ana", "typed yes", ""};
  });
  ContainmentRequest request;
  request.device = "web-1";
  auto outcome = containment.Run(request);
  ASSERT_TRUE(outcome.ok());
  EXPECT_THAT(outcome->summary, HasSubstr("DRY RUN"));
  EXPECT_FALSE(outcome->final_action);
  auto log = ReadAuditLog(audit.path());
  EXPECT_EQ(log->records.back()["dry_run"], true);
  EXPECT_EQ(log->records.back()["request"]["url"],
            "https://api.securitycenter.microsoft.com/api/machines/dry-run:web-1/isolate");
}

// The hunt's isolation offer (response/isolation_offer.h) against the Defender double.
class IsolationOfferTest : public DefenderTest {
 protected:
  // A factory handing out the Defender client, counting how often it is asked.
  BackendFactory Factory() {
    return [this]() -> Result<std::unique_ptr<ResponseBackend>> {
      ++made_;
      return std::unique_ptr<ResponseBackend>(Client());
    };
  }
  IsolationOfferConfig Config(bool interactive, std::optional<ResponsePolicy> policy = std::nullopt) {
    IsolationOfferConfig c;
    c.audit_path = dir_.File("audit.jsonl");
    c.interactive = interactive;
    c.in = &in_;
    c.out = &out_;
    c.policy = std::move(policy);
    c.who = "ana@soc";
    return c;
  }
  static FindingSummary High() { return {"h-20250310T120000Z-0a0b0c0d", 0, "RDP brute force then logon", "High", true}; }
  std::vector<nlohmann::json> Audit() {
    auto log = ReadAuditLog(dir_.File("audit.jsonl"));
    EXPECT_TRUE(log.ok());
    EXPECT_TRUE(log->bad_lines.empty());
    return log->records;
  }
  static ResponsePolicy AllowIsolate() {
    ResponsePolicy p;
    p.unattended_isolate = true;
    p.path = "policy.yaml";
    return p;
  }

  int made_ = 0;
  std::istringstream in_;
  std::ostringstream out_;
};

TEST_F(IsolationOfferTest, TypedYesAtATerminalIsolatesTheExactMachineAndAudits) {
  server_.Enqueue({200, List({{"m-1", "windows-target-1.contoso.example"}})});
  server_.Enqueue({201, Action("act-9", "Pending")});
  in_.str("yes\n");
  IsolationOffer offer(Factory(), Config(true), clock_);
  std::string line = offer.Offer("windows-target-1", High());
  EXPECT_THAT(line, HasSubstr("isolate requested for windows-target-1.contoso.example (action act-9"));
  // The person saw the machine Defender resolved, and why, before typing yes.
  EXPECT_THAT(out_.str(), HasSubstr("windows-target-1.contoso.example"));
  EXPECT_THAT(out_.str(), HasSubstr("machine id: m-1"));
  EXPECT_THAT(out_.str(), HasSubstr("RDP brute force then logon (High confidence, verified)"));
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].Param("$filter"), "computerDnsName eq 'windows-target-1'");
  EXPECT_EQ(requests[1].path, "/api/machines/m-1/isolate");
  auto body = nlohmann::json::parse(requests[1].body);
  EXPECT_THAT(body["Comment"].get<std::string>(), HasSubstr("approved by ana@soc (typed yes)"));
  auto audit = Audit();
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0]["event"], "isolate.approved");
  EXPECT_EQ(audit[1]["event"], "isolate.sent");
  EXPECT_EQ(audit[1]["who"], "ana@soc");
  EXPECT_EQ(audit[1]["action_id"], "act-9");
  EXPECT_EQ(audit[1]["finding"]["hunt_id"], "h-20250310T120000Z-0a0b0c0d");
}

TEST_F(IsolationOfferTest, AnythingButYesAtATerminalSendsNothingAndIsAudited) {
  for (const char* answer : {"y\n", "yes please\n", ""}) {
    SCOPED_TRACE(answer);
    server_.Enqueue({200, List({{"m-1", "windows-target-1.contoso.example"}})});
    in_.clear();
    in_.str(answer);
    IsolationOffer offer(Factory(), Config(true), clock_);
    std::string line = offer.Offer("windows-target-1", High());
    EXPECT_THAT(line, HasSubstr("offered and not approved"));
    EXPECT_THAT(line, HasSubstr("nothing sent"));
    auto audit = Audit();
    ASSERT_FALSE(audit.empty());
    EXPECT_EQ(audit.back()["event"], "isolate.declined");
    EXPECT_EQ(audit.back()["approval"]["approved"], false);
  }
  for (const auto& r : server_.requests()) EXPECT_EQ(r.method, "GET");  // lookups only
}

TEST_F(IsolationOfferTest, WithoutATerminalOrPolicyNothingIsLookedUpOrSentButTheRefusalIsAudited) {
  IsolationOffer offer(Factory(), Config(false), clock_);
  std::string line = offer.Offer("windows-target-1", High());
  EXPECT_THAT(line, HasSubstr("offered and not approved"));
  EXPECT_THAT(line, HasSubstr("no response policy file allows unattended isolate"));
  EXPECT_EQ(made_, 0);  // no credentials probed, no backend made
  EXPECT_TRUE(server_.requests().empty());
  auto audit = Audit();
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0]["event"], "isolate.declined");
  EXPECT_EQ(audit[0]["device"], "windows-target-1");
  EXPECT_EQ(audit[0]["who"], "ana@soc");
  EXPECT_EQ(audit[0]["finding"]["title"], "RDP brute force then logon");
  EXPECT_EQ(audit[0]["approval"]["method"], "unattended");
}

TEST_F(IsolationOfferTest, APolicyIsolatesUnattendedOnlyForHighVerifiedFindings) {
  IsolationOffer offer(Factory(), Config(false, AllowIsolate()), clock_);
  server_.Enqueue({200, List({{"m-1", "windows-target-1.contoso.example"}})});
  FindingSummary medium = High();
  medium.confidence = "Medium";
  EXPECT_THAT(offer.Offer("windows-target-1", medium), HasSubstr("unattended isolation needs High"));
  server_.Enqueue({200, List({{"m-1", "windows-target-1.contoso.example"}})});
  FindingSummary unverified = High();
  unverified.verified = false;
  EXPECT_THAT(offer.Offer("windows-target-1", unverified), HasSubstr("was not verified"));
  for (const auto& r : server_.requests()) EXPECT_EQ(r.method, "GET");

  server_.Enqueue({200, List({{"m-1", "windows-target-1.contoso.example"}})});
  server_.Enqueue({201, Action("act-3", "Pending")});
  EXPECT_THAT(offer.Offer("windows-target-1", High()), HasSubstr("action act-3"));
  EXPECT_EQ(server_.requests().back().path, "/api/machines/m-1/isolate");
  EXPECT_EQ(made_, 1);  // one backend for the whole hunt
  auto audit = Audit();
  ASSERT_EQ(audit.size(), 4u);
  EXPECT_EQ(audit[0]["event"], "isolate.declined");
  EXPECT_EQ(audit[1]["event"], "isolate.declined");
  EXPECT_EQ(audit[2]["approval"]["method"], "policy file policy.yaml");
  EXPECT_EQ(audit[3]["event"], "isolate.sent");
}

TEST_F(IsolationOfferTest, ABackendThatCannotBeSetUpIsReportedAuditedAndNotRetried) {
  int asked = 0;
  BackendFactory broken = [&]() -> Result<std::unique_ptr<ResponseBackend>> {
    ++asked;
    return Unavailable("Entra ID answered 401 for the Defender token");
  };
  in_.str("yes\nyes\n");
  IsolationOffer offer(broken, Config(true), clock_);
  EXPECT_THAT(offer.Offer("windows-target-1", High()), HasSubstr("Defender for Endpoint is unavailable"));
  EXPECT_THAT(offer.Offer("web-01", High()), HasSubstr("Entra ID answered 401"));
  EXPECT_EQ(asked, 1);
  auto audit = Audit();
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0]["event"], "isolate.backend_unavailable");
  EXPECT_EQ(audit[1]["device"], "web-01");
}

}  // namespace
}  // namespace quarry::response
