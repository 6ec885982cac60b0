// Runs every built-in rule's fixtures through the KQL engine: the positive fixture must fire
// (with evidence ids), the negative one must not; and every host, account, IP, process and file
// column the rule maps is filled on some positive hit, so a mapping that names a column the query
// does not return (a typo, a column projected away) fails here. One test per rule, named by id.
#include <gtest/gtest.h>

#include <ostream>

#include "analytics/fixture_catalog.h"
#include "analytics/rule_loader.h"
#include "analytics/rule_runner.h"
#include "common/time.h"
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

const std::vector<std::string>* Values(const hunt::Entities& e, EntityKind kind) {
  switch (kind) {
    case EntityKind::kHost: return &e.hosts;
    case EntityKind::kAccount: return &e.accounts;
    case EntityKind::kIp: return &e.ips;
    case EntityKind::kProcess: return &e.processes;
    case EntityKind::kFile: return &e.files;
    case EntityKind::kHash:
    case EntityKind::kUrl: return nullptr;  // IOCs only; fixtures need not carry them
  }
  return nullptr;
}

TEST_P(RuleFixtureTest, PositiveHitsNameEveryMappedEntity) {
  const Rule& rule = GetParam();
  auto schemas = BuiltinSchemas();
  ASSERT_TRUE(schemas.ok()) << schemas.status().ToString();
  auto catalog = FixtureCatalog::Build(rule.positive, **schemas, rule.id);
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  RunOptions options;
  options.window = {*ParseDatetime("2000-01-01T00:00:00Z"), *ParseDatetime("2100-01-01T00:00:00Z")};
  options.now_ticks = rule.fixture_now.value_or(options.window.end_ticks);
  options.threads = 1;
  auto run = RunRule(rule, **catalog, options);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  ASSERT_FALSE(run->hits.empty()) << rule.id;
  for (const auto& mapping : rule.entities) {
    bool filled = Values(run->hits.front().entities, mapping.kind) == nullptr;
    for (const auto& hit : run->hits) {
      const auto* values = Values(hit.entities, mapping.kind);
      filled = filled || (values != nullptr && !values->empty());
    }
    EXPECT_TRUE(filled) << rule.id << " (" << rule.source_file << "): no positive hit has a "
                        << EntityKindName(mapping.kind) << " in column '" << mapping.column << "'";
  }
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
