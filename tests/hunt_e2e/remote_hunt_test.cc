// `quarry hunt --source loganalytics|adx` end to end: the quarry binary hunts against a local
// stand-in for the Log Analytics query API and the Azure Data Explorer REST API (v2), speaking
// their documented response shapes (tests/azure/scripted_server.h). The tests check what arrived
// at the service — the guarded hunt query with its time window and row cap, the rules' windowed
// reads — and that the findings are built from the rows the service returned.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include <nlohmann/json.hpp>

#include "../azure/scripted_server.h"
#include "fixture_workspace.h"

namespace quarry::hunt_e2e {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using quarry::testing::Recorded;
using quarry::testing::Reply;
using quarry::testing::ScriptedServer;

// The service's sign-ins: 25 failed passwords for one account from one IP within half an hour
// (QR-CRED-006 fires at 20 an hour), and three ordinary successes.
struct SignIn {
  std::string id, time, upn, ip, result;
};
std::vector<SignIn> ServiceSignIns() {
  std::vector<SignIn> rows;
  for (int i = 0; i < 25; ++i) {
    char time[32];
    std::snprintf(time, sizeof time, "2025-03-10T09:%02d:00Z", i);
    rows.push_back({std::to_string(9001 + i), time, "ceo@contoso.com", "185.10.10.10", "50126"});
  }
  for (int i = 0; i < 3; ++i) {
    rows.push_back({std::to_string(9101 + i), "2025-03-10T10:0" + std::to_string(i) + ":00Z",
                    "ceo@contoso.com", "20.1.1.1", "0"});
  }
  return rows;
}

struct Col {
  std::string name, type;
};
const std::vector<Col> kSignInColumns = {{"_ItemId", "string"},
                                         {"TimeGenerated", "datetime"},
                                         {"UserPrincipalName", "string"},
                                         {"IPAddress", "string"},
                                         {"ResultType", "string"},
                                         {"AppDisplayName", "string"}};

Json SignInRows(bool with_item_id) {
  Json rows = Json::array();
  for (const auto& s : ServiceSignIns()) {
    Json row = Json::array();
    if (with_item_id) row.push_back(s.id);
    for (const auto& v : {s.time, s.upn, s.ip, s.result, std::string("Office 365 Exchange Online")}) {
      row.push_back(v);
    }
    rows.push_back(row);
  }
  return rows;
}

// What the stand-in answers a query with: a count for `| count`, the sign-ins for SigninLogs, and
// an empty table otherwise. Filters are not evaluated: the tests check the query text instead.
struct Answer {
  std::vector<Col> columns;
  Json rows = Json::array();
};
Answer AnswerFor(const std::string& query, bool item_ids) {
  Answer a;
  if (query.find("| count") != std::string::npos) {
    a.columns = {{"Count", "long"}};
    a.rows.push_back(Json::array({0}));
  } else if (query.rfind("SigninLogs", 0) == 0) {
    a.columns = kSignInColumns;
    if (!item_ids) a.columns.erase(a.columns.begin());
    a.rows = SignInRows(item_ids);
  } else {
    a.columns = {{"TimeGenerated", "datetime"}};
  }
  return a;
}

const Reply kToken{200, R"({"token_type":"Bearer","expires_in":3599,"access_token":"fake.jwt.remote-hunt"})"};

Reply LogAnalyticsReply(const Recorded& r) {
  if (r.path.find("/oauth2/v2.0/token") != std::string::npos) return kToken;
  Json body = Json::parse(r.body, nullptr, false);
  if (!body.is_object() || !body.contains("query")) return {400, R"({"error":{"code":"BadArgument"}})"};
  Answer a = AnswerFor(body["query"].get<std::string>(), true);
  Json table{{"name", "PrimaryResult"}, {"columns", Json::array()}, {"rows", a.rows}};
  for (const auto& c : a.columns) table["columns"].push_back({{"name", c.name}, {"type", c.type}});
  return {200, Json{{"tables", Json::array({table})}}.dump()};
}

// ADX keeps no _ItemId: a query asking for it fails there as it would on a real cluster.
Reply AdxReply(const Recorded& r) {
  if (r.path.find("/oauth2/v2.0/token") != std::string::npos) return kToken;
  Json body = Json::parse(r.body, nullptr, false);
  if (!body.is_object() || !body.contains("csl")) return {400, R"({"error":{"code":"BadArgument"}})"};
  std::string csl = body["csl"].get<std::string>();
  if (csl.find("_ItemId") != std::string::npos) {
    return {400, R"({"error":{"code":"General_BadRequest","message":"Semantic error: '_ItemId' failed to resolve","@type":"Kusto.Data.Exceptions.SemanticException"}})"};
  }
  Answer a = AnswerFor(csl, false);
  Json columns = Json::array();
  for (const auto& c : a.columns) columns.push_back({{"ColumnName", c.name}, {"ColumnType", c.type}});
  Json frames = Json::array();
  frames.push_back({{"FrameType", "DataSetHeader"}, {"IsProgressive", false}, {"Version", "v2.0"}});
  frames.push_back({{"FrameType", "DataTable"}, {"TableId", 0}, {"TableKind", "PrimaryResult"},
                    {"TableName", "PrimaryResult"}, {"Columns", columns}, {"Rows", a.rows}});
  frames.push_back({{"FrameType", "DataSetCompletion"}, {"HasErrors", false}, {"Cancelled", false}});
  return {200, frames.dump()};
}

class RemoteHunt : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.running());
    dir_ = (fs::temp_directory_path() / ("quarry-remote-hunt-" + std::to_string(getpid()))).string();
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `quarry hunt` with Entra ID and the services pointed at the stand-in; the parsed --json.
  Json Hunt(const std::string& source_args, int* code) {
    std::string env = "NO_COLOR=1 QUARRY_CONFIG=/nonexistent OPENAI_API_KEY= AZURE_OPENAI_API_KEY= "
                      "AZURE_TENANT_ID=tenant-for-tests AZURE_CLIENT_ID=client-for-tests "
                      "AZURE_CLIENT_SECRET=fake-secret-for-tests AZURE_AUTHORITY_HOST=" +
                      server_.Root() + " QUARRY_LA_ENDPOINT=" + server_.Root() + " ";
    std::string out;
    *code = RunCommand("env " + env + QUARRY_BINARY +
                           " hunt 'failed sign-ins for ceo@contoso.com in the last 24 hours'"
                           " --offline --json --now 2025-03-10T12:00:00Z --workspace " + dir_ +
                           " " + source_args + " </dev/null 2>/dev/null",
                       &out);
    Json j = Json::parse(out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << out;
    return j;
  }

  // The texts of the queries the service received, in order.
  std::vector<std::string> QueriesReceived(const char* field) {
    std::vector<std::string> out;
    for (const auto& r : server_.requests()) {
      Json body = Json::parse(r.body, nullptr, false);
      if (body.is_object() && body.contains(field)) out.push_back(body[field].get<std::string>());
    }
    return out;
  }

  ScriptedServer server_;
  std::string dir_;
};

const std::regex kHuntWindow(
    R"(TimeGenerated >= datetime\(2025-03-09T12:00:00(\.0+)?Z\) and TimeGenerated < datetime\(2025-03-10T12:00:00(\.0+)?Z\))");
const std::regex kScanWindow(R"(^SigninLogs\n\| where TimeGenerated >= datetime\([^)]+\) and TimeGenerated <= datetime\([^)]+\))");

TEST_F(RemoteHunt, LogAnalyticsGetsTheGuardedQueryAndFindingsComeFromItsRows) {
  server_.SetResponder(LogAnalyticsReply);
  int code = -1;
  Json hunt = Hunt("--source loganalytics --workspace-id ws-for-tests", &code);
  ASSERT_EQ(code, 0);

  // The hunt's query reached the service built and guarded as on the local workspace.
  std::vector<std::string> hunt_queries;
  for (const auto& q : QueriesReceived("query")) {
    if (q.rfind("SigninLogs", 0) == 0 && q.find("| take 10000") != std::string::npos) hunt_queries.push_back(q);
  }
  ASSERT_EQ(hunt_queries.size(), 1u);
  const std::string& q = hunt_queries[0];
  EXPECT_TRUE(std::regex_search(q, kHuntWindow)) << q;
  EXPECT_NE(q.find("UserPrincipalName =~ \"ceo@contoso.com\""), std::string::npos) << q;
  EXPECT_NE(q.find("| project _ItemId, "), std::string::npos) << q;
  EXPECT_TRUE(q.ends_with("\n| take 10000")) << q;
  for (const auto& r : server_.requests()) {
    if (r.path == "/v1/workspaces/ws-for-tests/query") {
      EXPECT_EQ(r.Header("Authorization"), "Bearer fake.jwt.remote-hunt");
    }
  }

  // The rules read the service's rows within a window, capped.
  bool scanned = false;
  for (const auto& s : QueriesReceived("query")) {
    scanned = scanned || (std::regex_search(s, kScanWindow) && s.ends_with("\n| take 200001"));
  }
  EXPECT_TRUE(scanned);

  ASSERT_TRUE(hunt.contains("queries"));
  bool signins_counted = false;
  for (const auto& hq : hunt["queries"]) {
    if (hq["table"] == "SigninLogs" && hq["round"] == 0) signins_counted = hq["rows"] == 28;
  }
  EXPECT_TRUE(signins_counted) << hunt["queries"].dump();
  // The brute force the service's rows hold is found, citing those rows by their _ItemId.
  const Json* brute = nullptr;
  for (const auto& f : hunt["findings"]) {
    if (f["mitre"]["id"].get<std::string>().rfind("T1110", 0) == 0) brute = &f;
  }
  ASSERT_NE(brute, nullptr) << hunt["findings"].dump();
  std::set<std::string> cited((*brute)["evidence_ids"].begin(), (*brute)["evidence_ids"].end());
  EXPECT_EQ(cited.size(), 25u);
  EXPECT_TRUE(cited.count("9001") && cited.count("9025"));
  EXPECT_FALSE(cited.count("9101"));
  EXPECT_TRUE((*brute)["verified"].get<bool>());
  EXPECT_NE((*brute).dump().find("185.10.10.10"), std::string::npos);
}

TEST_F(RemoteHunt, AdxGetsTheGuardedQueryWithoutItemIdsAndFindingsComeFromItsRows) {
  server_.SetResponder(AdxReply);
  int code = -1;
  Json hunt = Hunt("--source adx --cluster " + server_.Root() + " --database SecurityLogs", &code);
  ASSERT_EQ(code, 0);

  std::vector<std::string> hunt_queries;
  for (const auto& r : server_.requests()) {
    Json body = Json::parse(r.body, nullptr, false);
    if (!body.is_object() || !body.contains("csl")) continue;
    EXPECT_EQ(r.path, "/v2/rest/query");
    EXPECT_EQ(body["db"], "SecurityLogs");
    std::string csl = body["csl"];
    EXPECT_EQ(csl.find("_ItemId"), std::string::npos) << "ADX has no _ItemId: " << csl;
    if (csl.rfind("SigninLogs", 0) == 0 && csl.find("| take 10000") != std::string::npos) hunt_queries.push_back(csl);
  }
  ASSERT_EQ(hunt_queries.size(), 1u);
  EXPECT_TRUE(std::regex_search(hunt_queries[0], kHuntWindow)) << hunt_queries[0];
  EXPECT_TRUE(hunt_queries[0].ends_with("\n| take 10000"));

  const Json* brute = nullptr;
  for (const auto& f : hunt["findings"]) {
    if (f["mitre"]["id"].get<std::string>().rfind("T1110", 0) == 0) brute = &f;
  }
  ASSERT_NE(brute, nullptr) << hunt["findings"].dump();
  EXPECT_NE((*brute).dump().find("185.10.10.10"), std::string::npos);
  EXPECT_NE((*brute)["log_lines"].dump().find("ceo@contoso.com"), std::string::npos);
}

TEST_F(RemoteHunt, MissingSettingsAreNamedBeforeAnythingIsSent) {
  int code = -1;
  std::string out;
  code = RunCommand(std::string("env QUARRY_LA_WORKSPACE_ID= ") + QUARRY_BINARY +
                        " hunt 'sign-ins' --offline --source loganalytics 2>&1",
                    &out);
  EXPECT_EQ(code, 2);
  EXPECT_NE(out.find("--workspace-id"), std::string::npos) << out;
  EXPECT_TRUE(server_.requests().empty());
}

}  // namespace
}  // namespace quarry::hunt_e2e
