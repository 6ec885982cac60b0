// Runs every built-in rule's fixtures through the KQL engine: the positive fixture must fire
// (with evidence ids), the negative one must not. One test per rule, named after its id.
#include <gtest/gtest.h>

#include <ostream>

#include "analytics/rule_loader.h"
#include "analytics/rule_runner.h"
#include "schemas/builtin_schemas.h"

namespace quarry::analytics {

// gtest prints the parameter of a failing test with this instead of its bytes.
void PrintTo(const Rule& rule, std::ostream* os) { *os << rule.id; }

namespace {

class RuleFixtureTest : public ::testing::TestWithParam<Rule> {};

TEST_P(RuleFixtureTest, PositiveFiresNegativeDoesNot) {
  const Rule& rule = GetParam();
  auto schemas = BuiltinSchemas();
  ASSERT_TRUE(schemas.ok()) << schemas.status().ToString();
  auto result = TestRuleFixtures(rule, **schemas);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->passed) << rule.id << " (" << rule.source_file << "): " << result->message;
  EXPECT_GE(result->positive_hits, rule.positive.min_hits) << rule.id;
  EXPECT_EQ(result->negative_hits, 0u) << rule.id;
}

std::vector<Rule> LoadLibrary() {
  auto rules = LoadRuleDirectory(std::string(QUARRY_SOURCE_ROOT) + "/rules");
  return rules.ok() ? std::move(rules).value() : std::vector<Rule>{};
}

std::string TestName(const ::testing::TestParamInfo<Rule>& info) {
  std::string name;
  for (char c : info.param.id) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Library, RuleFixtureTest, ::testing::ValuesIn(LoadLibrary()), TestName);

}  // namespace
}  // namespace quarry::analytics
