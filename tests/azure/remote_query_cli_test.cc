// `quarry query --source loganalytics|adx` end to end: the quarry binary signs in with Entra ID
// client credentials and queries local stand-ins for the Log Analytics query API and the Azure
// Data Explorer REST API (v2) that answer in their documented shapes (scripted_server.h). The
// tests check what arrived at the service, the typed result printed, the notes (partial error,
// row cap), and that the KQL safety check refuses the same query with the same words on every
// source before anything is sent.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "scripted_server.h"

namespace quarry::sources {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using quarry::testing::Recorded;
using quarry::testing::Reply;
using quarry::testing::ScriptedServer;
using ::testing::HasSubstr;

const Reply kTokenReply{
    200, R"({"token_type":"Bearer","expires_in":3599,"access_token":"fake.jwt.query-cli"})"};

struct CliRun {
  int code = -1;
  std::string out;
  std::string err;
};

class RemoteQueryCli : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.running());
    dir_ = fs::temp_directory_path() / ("quarry-remote-query-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `quarry query ARGS` with Entra ID and Log Analytics pointed at the stand-in.
  CliRun Query(const std::string& args) {
    const std::string err_file = (dir_ / "stderr.txt").string();
    const std::string command =
        "env -i PATH=/usr/bin:/bin HOME=" + dir_.string() +
        " NO_COLOR=1 QUARRY_CONFIG=/nonexistent AZURE_TENANT_ID=tenant-for-tests "
        "AZURE_CLIENT_ID=client-for-tests AZURE_CLIENT_SECRET=fake-secret-for-tests "
        "AZURE_AUTHORITY_HOST=" + server_.Root() + " QUARRY_LA_ENDPOINT=" + server_.Root() + " " +
        QUARRY_BINARY + " query " + args + " </dev/null 2>" + err_file;
    CliRun run;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return run;
    std::array<char, 4096> buffer;
    size_t n;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) run.out.append(buffer.data(), n);
    int status = pclose(pipe);
    run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream in(err_file);
    std::ostringstream text;
    text << in.rdbuf();
    run.err = text.str();
    return run;
  }

  std::vector<Recorded> QueryRequests() {
    std::vector<Recorded> out;
    for (auto& r : server_.requests()) {
      if (r.path.find("/oauth2/") == std::string::npos) out.push_back(r);
    }
    return out;
  }

  ScriptedServer server_;
  fs::path dir_;
};

TEST_F(RemoteQueryCli, LogAnalyticsResultIsPrintedTypedWithItsNotes) {
  Json table = {
      {"name", "PrimaryResult"},
      {"columns",
       {{{"name", "TimeGenerated"}, {"type", "datetime"}},
        {{"name", "UserPrincipalName"}, {"type", "string"}},
        {{"name", "Bytes"}, {"type", "long"}},
        {{"name", "IsInteractive"}, {"type", "bool"}},
        {{"name", "LocationDetails"}, {"type", "dynamic"}},
        {{"name", "Elapsed"}, {"type", "timespan"}},
        {{"name", "CorrelationId"}, {"type", "guid"}}}},
      {"rows",
       {{"2025-03-10T09:00:00.1234567Z", "ceo@contoso.com", 9007199254740993LL, true,
         R"({"city":"Oslo","geo":[59.9,10.7]})", "1.00:01:30", "6F1C2E3A-0000-4000-8000-00000000ABCD"},
        {nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr}}}};
  Json body = {{"tables", {table}},
               {"error",
                {{"code", "PartialError"},
                 {"message", "There were some errors when processing your query."},
                 {"details",
                  {{{"code", "EngineError"},
                    {"message", "Something went wrong processing your query on the server."},
                    {"innererror",
                     {{"code", "-2133196797"},
                      {"message", "Shard 7 could not be reached; its rows are missing."}}}}}}}}};
  server_.Enqueue(kTokenReply);
  server_.Enqueue({200, body.dump()});
  CliRun run = Query(
      "--source loganalytics --workspace-id ws-cli --timespan P1D --now 2025-03-10T12:00:00Z "
      "--format json 'SigninLogs | take 2'");
  ASSERT_EQ(run.code, 0) << run.out << run.err;

  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].path, "/tenant-for-tests/oauth2/v2.0/token");
  EXPECT_EQ(requests[1].method, "POST");
  EXPECT_EQ(requests[1].path, "/v1/workspaces/ws-cli/query");
  EXPECT_EQ(requests[1].Header("Authorization"), "Bearer fake.jwt.query-cli");
  Json sent = Json::parse(requests[1].body);
  EXPECT_EQ(sent["query"], "SigninLogs | take 2");
  EXPECT_EQ(sent["timespan"], "2025-03-09T12:00:00.0000000Z/2025-03-10T12:00:00.0000000Z");

  Json printed = Json::parse(run.out, nullptr, false);
  ASSERT_FALSE(printed.is_discarded()) << run.out;
  std::vector<std::string> types;
  for (const auto& c : printed["columns"]) types.push_back(c["type"]);
  EXPECT_EQ(types, (std::vector<std::string>{"datetime", "string", "long", "bool", "dynamic",
                                             "timespan", "guid"}));
  const Json& row = printed["rows"][0];
  EXPECT_EQ(row[0], "2025-03-10T09:00:00.1234567Z");
  EXPECT_EQ(row[1], "ceo@contoso.com");
  EXPECT_EQ(row[2].get<int64_t>(), 9007199254740993LL);  // exact beyond a double's 2^53
  EXPECT_EQ(row[3], true);
  EXPECT_EQ(row[4], Json::parse(R"({"city":"Oslo","geo":[59.9,10.7]})"));
  EXPECT_EQ(row[5], "1.00:01:30");
  EXPECT_EQ(row[6], "6f1c2e3a-0000-4000-8000-00000000abcd");
  for (const auto& cell : printed["rows"][1]) EXPECT_TRUE(cell.is_null()) << cell;

  EXPECT_THAT(run.err, HasSubstr("note: Log Analytics reported a partial error (PartialError): "
                                 "Shard 7 could not be reached"));
  EXPECT_THAT(run.err, HasSubstr("note: row cap 1000000 (not reached)"));
  EXPECT_THAT(run.err + run.out, ::testing::Not(HasSubstr("fake.jwt.query-cli")));
  EXPECT_THAT(run.err + run.out, ::testing::Not(HasSubstr("fake-secret-for-tests")));
}

Json AdxFrames(const Json& rows) {
  Json frames = Json::array();
  frames.push_back({{"FrameType", "DataSetHeader"}, {"IsProgressive", false}, {"Version", "v2.0"}});
  frames.push_back({{"FrameType", "DataTable"},
                    {"TableId", 1},
                    {"TableKind", "PrimaryResult"},
                    {"TableName", "PrimaryResult"},
                    {"Columns",
                     {{{"ColumnName", "DeviceName"}, {"ColumnType", "string"}},
                      {{"ColumnName", "n"}, {"ColumnType", "long"}},
                      {{"ColumnName", "Props"}, {"ColumnType", "dynamic"}}}},
                    {"Rows", rows}});
  frames.push_back({{"FrameType", "DataSetCompletion"}, {"HasErrors", false}, {"Cancelled", false}});
  return frames;
}

TEST_F(RemoteQueryCli, AdxResultIsPrintedAndTheRowCapIsAnError) {
  Json rows = {{"web-1", 3, {{"a", 1}}}, {"web-2", 4, nullptr}};
  server_.Enqueue(kTokenReply);
  server_.Enqueue({200, AdxFrames(rows).dump()});
  const std::string where = "--source adx --cluster " + server_.Root() + " --database SecurityLogs ";
  CliRun run = Query(where + "--format csv 'DeviceProcessEvents | summarize n=count() by DeviceName'");
  ASSERT_EQ(run.code, 0) << run.out << run.err;
  EXPECT_EQ(run.out, "DeviceName,n,Props\nweb-1,3,\"{\"\"a\"\":1}\"\nweb-2,4,\n");
  auto queries = QueryRequests();
  ASSERT_EQ(queries.size(), 1u);
  EXPECT_EQ(queries[0].path, "/v2/rest/query");
  Json sent = Json::parse(queries[0].body);
  EXPECT_EQ(sent["db"], "SecurityLogs");
  EXPECT_EQ(sent["csl"], "DeviceProcessEvents | summarize n=count() by DeviceName");

  // Two rows with --max-rows 1: an error naming the cap, never a silent cut.
  server_.Enqueue(kTokenReply);  // a new process signs in again
  server_.Enqueue({200, AdxFrames(rows).dump()});
  CliRun capped = Query(where + "--max-rows 1 'DeviceProcessEvents'");
  EXPECT_EQ(capped.code, 1);
  EXPECT_EQ(capped.out, "");
  EXPECT_THAT(capped.err, HasSubstr("has more than 1 rows, the row cap"));
}

TEST_F(RemoteQueryCli, TheSafetyCheckRefusesTheSameQueryIdenticallyOnEverySource) {
  const std::string query = "'externaldata (x:string) [@\"https://attacker.example/x.csv\"]'";
  CliRun local = Query("--workspace " + (dir_ / "ws").string() + " " + query);
  CliRun la = Query("--source loganalytics --workspace-id ws-cli " + query);
  CliRun adx = Query("--source adx --cluster " + server_.Root() + " --database db " + query);
  EXPECT_EQ(local.code, 1);
  EXPECT_THAT(local.err, HasSubstr("externaldata"));
  EXPECT_EQ(la.code, local.code);
  EXPECT_EQ(adx.code, local.code);
  EXPECT_EQ(la.err, local.err);
  EXPECT_EQ(adx.err, local.err);
  EXPECT_TRUE(server_.requests().empty());  // refused before signing in or sending anything
}

}  // namespace
}  // namespace quarry::sources
