// Cross-check with the engine's parser: every query the builder emits parses, and an injection
// attempt in an entity comes out of the parser as one string literal.
#include <gtest/gtest.h>

#include "common/time.h"
#include "hunt/query_builder.h"
#include "kql/parser.h"

namespace quarry::hunt {
namespace {

TEST(QueryBuilderParseTest, BuiltQueriesParseAndInjectionIsOneLiteral) {
  auto config = DefaultGuardrailConfig();
  ASSERT_TRUE(config.ok());
  HuntPlan p;
  p.tables = DefaultHuntTables();
  p.start_ticks = *ParseDatetime("2025-01-08T07:30:00Z");
  p.end_ticks = *ParseDatetime("2025-01-08T15:30:00Z");
  p.device_name = "x\" or 1==1 //";
  p.user_principal_name = "o'brien\\\"@contoso.com";
  p.ip_address = "10.0.0.5";
  p.port = 445;
  p.process_name = "a\"|take 1";
  auto checked = CheckPlan(p, *config);
  ASSERT_TRUE(checked.ok()) << checked.status().ToString();
  KqlValidator parse = [](const std::string& kql) { return kql::ParseQuery(kql).status(); };
  auto queries = BuildQueries(checked->plan, *config, parse);
  ASSERT_TRUE(queries.ok()) << queries.status().ToString();
  ASSERT_EQ(queries->size(), 12u);
  for (const auto& q : *queries) {
    auto parsed = kql::ParseQuery(q.kql);
    ASSERT_TRUE(parsed.ok()) << q.kql;
    if (q.table == "DeviceProcessEvents") {
      std::string dump = kql::DumpQuery(**parsed);
      EXPECT_NE(dump.find("x\\\" or 1==1 //"), std::string::npos) << dump;
      EXPECT_EQ(dump.find("(take"), dump.rfind("(take")) << "only the row cap may be a take: " << dump;
    }
  }
}

}  // namespace
}  // namespace quarry::hunt
