// The condenser's ranking rules on small built tables: rows of a hot value (its success too), a
// campaign that is most of the result kept whole within the token budget, an outlier with the
// same actor's row just before it, and every table's top row before another table's campaign.
#include "hunt/evidence_condenser.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "common/time.h"
#include "llm/tokenizer/tokenizer.h"
#include "table/table.h"

namespace quarry::hunt {
namespace {

constexpr int64_t kT0 = 1736294400LL * kTicksPerSecond;  // 2025-01-08T00:00:00Z

Schema SigninSchema() {
  return Schema({{"_ItemId", Type::kString},
                 {"TimeGenerated", Type::kDatetime},
                 {"UserPrincipalName", Type::kString},
                 {"IPAddress", Type::kString},
                 {"ResultType", Type::kString},
                 {"Location", Type::kString},
                 {"UserAgent", Type::kString}});
}

void AddSignin(TableBuilder& b, const std::string& id, int64_t t, const std::string& upn,
               const std::string& ip, const std::string& result,
               const std::string& location = "US") {
  b.AppendRow(
      {Value::String(id), Value::Datetime(t), Value::String(upn), Value::String(ip),
       Value::String(result), Value::String(location),
       Value::String("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Edg/121.0")});
}

// 40 users signing in from their office IP every 20 minutes for a day; one in ten fails.
void AddBackground(TableBuilder& b) {
  for (int i = 0; i < 72 * 5; ++i) {
    int user = i % 40;
    AddSignin(b, "bg" + std::to_string(i), kT0 + i * 4 * kTicksPerMinute,
              "user" + std::to_string(user) + "@contoso.com", "10.0.0." + std::to_string(user % 4),
              i % 10 == 3 ? "50126" : "0");
  }
}

class Condenser : public ::testing::Test {
 protected:
  void SetUp() override {
    auto tok = llm::Tokenizer::ForModel("gpt-4.1");
    ASSERT_TRUE(tok.ok()) << tok.status().message();
    options_.tokenizer = *tok;
  }
  Evidence Condense(const std::vector<QueryResult>& results, CondenseStats* stats) {
    Evidence evidence;
    Status st = CondenseInto(results, options_, &evidence, stats);
    EXPECT_TRUE(st.ok()) << st.message();
    return evidence;
  }
  CondenseOptions options_;
};

TEST_F(Condenser, EveryRowOfAHotIpIsKeptItsSuccessToo) {
  TableBuilder b(SigninSchema());
  AddBackground(b);
  for (int i = 0; i < 30; ++i) {
    AddSignin(b, "spray" + std::to_string(i), kT0 + (600 + i) * kTicksPerMinute,
              "user" + std::to_string(i) + "@contoso.com", "203.0.113.9", "50126");
  }
  AddSignin(b, "spray-win", kT0 + 640 * kTicksPerMinute, "user7@contoso.com", "203.0.113.9", "0");
  CondenseStats stats;
  Evidence e = Condense({QueryResult{"SigninLogs", 0, b.Finish()}}, &stats);
  for (int i = 0; i < 30; ++i) EXPECT_NE(e.FindRow("spray" + std::to_string(i)), nullptr) << i;
  EXPECT_NE(e.FindRow("spray-win"), nullptr);
  EXPECT_EQ(stats.rows_in, 72 * 5 + 31);
  EXPECT_GT(stats.rows_folded, 0);
  EXPECT_LE(stats.evidence_tokens, std::max<size_t>(1000, stats.csv_tokens / 10));
}

// A quiet day: 40 sign-ins, then a spray from one IP that is most of the result. Keeping the
// campaign whole costs more than a tenth of the CSV; it may use the token budget for that, while
// the ordinary sign-ins still fold.
TEST_F(Condenser, ACampaignThatIsMostOfTheResultIsKeptWholeWithinTheTokenBudget) {
  TableBuilder b(SigninSchema());
  for (int i = 0; i < 40; ++i) {
    AddSignin(b, "bg" + std::to_string(i), kT0 + i * 15 * kTicksPerMinute,
              "user" + std::to_string(i % 20) + "@contoso.com", "10.0.0." + std::to_string(i % 4),
              "0");
  }
  for (int i = 0; i < 60; ++i) {
    AddSignin(b, "spray" + std::to_string(i), kT0 + (700 + i) * kTicksPerMinute,
              "user" + std::to_string(i % 20) + "@contoso.com", "203.0.113.9",
              i % 7 == 3 ? "50053" : "50126", "RU");
  }
  AddSignin(b, "spray-win", kT0 + 770 * kTicksPerMinute, "user7@contoso.com", "203.0.113.9", "0",
            "RU");
  CondenseStats stats;
  Evidence e = Condense({QueryResult{"SigninLogs", 0, b.Finish()}}, &stats);
  for (int i = 0; i < 60; ++i) EXPECT_NE(e.FindRow("spray" + std::to_string(i)), nullptr) << i;
  EXPECT_NE(e.FindRow("spray-win"), nullptr);
  EXPECT_EQ(e.FindRow("bg1"), nullptr);
  EXPECT_GT(stats.evidence_tokens, std::max<size_t>(1000, stats.csv_tokens / 10));
  EXPECT_LE(stats.evidence_tokens, options_.token_budget);
}

// The token budget still bounds a campaign: with a small one, the campaign's least telling rows
// fold and the evidence fits.
TEST_F(Condenser, ACampaignLargerThanTheTokenBudgetIsCut) {
  options_.token_budget = 1'500;
  TableBuilder b(SigninSchema());
  for (int i = 0; i < 200; ++i) {
    AddSignin(b, "spray" + std::to_string(i), kT0 + i * kTicksPerMinute,
              "user" + std::to_string(i) + "@contoso.com", "203.0.113.9", "50126", "RU");
  }
  CondenseStats stats;
  Evidence e = Condense({QueryResult{"SigninLogs", 0, b.Finish()}}, &stats);
  EXPECT_LE(stats.evidence_tokens, 1'500u);
  EXPECT_GT(stats.demoted_for_budget, 0);
  EXPECT_LT(stats.rows_kept, 200);
  EXPECT_GT(stats.rows_kept, 0);
}

TEST_F(Condenser, AnOutlierIsKeptWithTheSameAccountsRowJustBeforeIt) {
  TableBuilder b(SigninSchema());
  AddBackground(b);
  // user5 signs in at the office at minute 825 (after its routine one at 820), then at 830 from a
  // country nobody else signs in from.
  AddSignin(b, "home", kT0 + 825 * kTicksPerMinute, "user5@contoso.com", "10.0.0.1", "0");
  AddSignin(b, "far", kT0 + 830 * kTicksPerMinute, "user5@contoso.com", "198.51.100.77", "0", "ID");
  CondenseStats stats;
  Evidence e = Condense({QueryResult{"SigninLogs", 0, b.Finish()}}, &stats);
  EXPECT_NE(e.FindRow("far"), nullptr);
  EXPECT_NE(e.FindRow("home"), nullptr);
  // user5's routine sign-in at 820: not the one just before.
  EXPECT_EQ(e.FindRow("bg205"), nullptr);
  // An ordinary office success of another user is only counted in a group.
  EXPECT_EQ(e.FindRow("bg1"), nullptr);
  EXPECT_GT(stats.rows_folded, 0);
}

TEST_F(Condenser, EveryTablesTopRowComesBeforeAnotherTablesCampaign) {
  // A brute force far larger than the budget in one table...
  TableBuilder logons(Schema({{"_ItemId", Type::kString},
                              {"TimeGenerated", Type::kDatetime},
                              {"DeviceName", Type::kString},
                              {"AccountName", Type::kString},
                              {"ActionType", Type::kString},
                              {"RemoteIP", Type::kString}}));
  for (int i = 0; i < 400; ++i) {
    logons.AppendRow(
        {Value::String("bf" + std::to_string(i)), Value::Datetime(kT0 + i * kTicksPerSecond * 97),
         Value::String("srv-" + std::to_string(i % 7)), Value::String("admin" + std::to_string(i)),
         Value::String("LogonFailed"), Value::String("198.51.100.7")});
  }
  // ...and one odd command line among routine processes in another.
  TableBuilder procs(Schema({{"_ItemId", Type::kString},
                             {"TimeGenerated", Type::kDatetime},
                             {"DeviceName", Type::kString},
                             {"FileName", Type::kString},
                             {"ProcessCommandLine", Type::kString}}));
  for (int i = 0; i < 60; ++i) {
    procs.AppendRow({Value::String(std::string("p").append(std::to_string(i))),
                     Value::Datetime(kT0 + i * kTicksPerHour), Value::String("ws-1"),
                     Value::String("outlook.exe"), Value::String("OUTLOOK.EXE /recycle")});
  }
  procs.AppendRow({Value::String("odd"), Value::Datetime(kT0 + 30 * kTicksPerMinute),
                   Value::String("ws-1"), Value::String("cmd.exe"),
                   Value::String("cmd.exe /c vssadmin delete shadows /all /quiet")});
  options_.token_budget = 1'000;
  CondenseStats stats;
  Evidence e = Condense({QueryResult{"DeviceLogonEvents", 0, logons.Finish()},
                         QueryResult{"DeviceProcessEvents", 1, procs.Finish()}},
                        &stats);
  EXPECT_NE(e.FindRow("odd"), nullptr);
  EXPECT_GT(stats.demoted_for_budget, 0);  // the campaign did not all fit
  EXPECT_LE(stats.evidence_tokens, 1'000u);
}

}  // namespace
}  // namespace quarry::hunt
