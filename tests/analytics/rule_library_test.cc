// Checks on the built-in rule library that need no KQL engine: every file loads, ids are unique,
// ATT&CK ids exist in the catalog, tables are built-in ones, and every fixture builds against the
// built-in schemas. (Running the fixtures through the engine is rule_fixture_test.cc.)
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "analytics/fixture_catalog.h"
#include "analytics/rule_loader.h"
#include "attack/catalog.h"
#include "schemas/builtin_schemas.h"

namespace quarry::analytics {
namespace {

const std::vector<Rule>& Library() {
  static const auto* rules = [] {
    auto r = LoadRuleDirectory(std::string(QUARRY_SOURCE_ROOT) + "/rules");
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return new std::vector<Rule>(r.ok() ? std::move(r).value() : std::vector<Rule>{});
  }();
  return *rules;
}

TEST(RuleLibraryTest, LoadsAtLeastSixtyRules) { EXPECT_GE(Library().size(), 60u); }

TEST(RuleLibraryTest, TechniquesExistAndAreActive) {
  auto catalog = attack::BuiltinCatalog();
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  for (const auto& rule : Library()) {
    for (const auto& id : rule.techniques) {
      const attack::Technique* t = (*catalog)->FindTechnique(id);
      ASSERT_NE(t, nullptr) << rule.id << ": unknown technique " << id;
      EXPECT_FALSE(t->revoked || t->deprecated) << rule.id << ": " << id << " is retired";
    }
  }
}

TEST(RuleLibraryTest, TablesAreBuiltinAndFixturesBuild) {
  auto schemas = BuiltinSchemas();
  ASSERT_TRUE(schemas.ok()) << schemas.status().ToString();
  for (const auto& rule : Library()) {
    for (const auto& table : rule.tables) {
      EXPECT_TRUE((*schemas)->Find(table).has_value()) << rule.id << ": unknown table " << table;
    }
    EXPECT_FALSE(rule.positive.tables.empty()) << rule.id << " has no positive fixture";
    EXPECT_FALSE(rule.negative.tables.empty()) << rule.id << " has no negative fixture";
    for (const Fixture* f : {&rule.positive, &rule.negative}) {
      auto catalog = FixtureCatalog::Build(*f, **schemas, rule.id);
      EXPECT_TRUE(catalog.ok()) << rule.id << ": " << catalog.status().ToString();
    }
  }
}

TEST(RuleLibraryTest, EveryRuleSaysWhyItMattersAndWhatMayLookAlike) {
  for (const auto& rule : Library()) {
    EXPECT_FALSE(rule.value.empty()) << rule.id;
    EXPECT_FALSE(rule.false_positives.empty()) << rule.id;
    EXPECT_FALSE(rule.tactics.empty()) << rule.id;
    EXPECT_FALSE(rule.version.empty()) << rule.id;
  }
}

TEST(RuleLibraryTest, QueriesCiteTheirEvidence) {
  for (const auto& rule : Library()) {
    EXPECT_TRUE(rule.query.find("_ItemId") != std::string::npos) << rule.id;
  }
}

}  // namespace
}  // namespace quarry::analytics
