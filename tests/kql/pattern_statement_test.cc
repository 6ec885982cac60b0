// declare pattern through Engine::Check (types without running) and the exact span of an
// invocation that no mapping matches (the results and messages are in cases/pattern.test).
#include <gtest/gtest.h>

#include "kql/engine.h"

namespace quarry::kql {
namespace {

constexpr const char* kCountry =
    "declare pattern country = (name:string)[state:string] {\n"
    "  ('USA').['Washington'] = { print Capital = 'Olympia', Pop = 55000 };\n"
    "  ('Canada').['Alberta'] = { print Capital = 'Edmonton', Pop = 1000000 };\n"
    "};\n";

TEST(PatternStatement, CheckGivesTheSelectedMappingsSchema) {
  MemoryCatalog catalog;
  Engine engine(catalog);
  auto schema =
      engine.Check(std::string(kCountry) + "country('Canada').Alberta | extend k = Pop / 1000");
  ASSERT_TRUE(schema.ok()) << schema.status().message();
  EXPECT_EQ(schema->ToString(), "(Capital:string, Pop:long, k:long)");
}

TEST(PatternStatement, AnUnmatchedInvocationIsPositionedAtItself) {
  MemoryCatalog catalog;
  Engine engine(catalog);
  const std::string tail = "union country('USA').Washington, country('USA').Alberta";
  for (bool check : {false, true}) {
    Diagnostic d;
    std::string q = std::string(kCountry) + tail;
    Status s = check ? engine.Check(q, &d).status() : engine.Run(q, {}, &d).status();
    ASSERT_FALSE(s.ok());
    const size_t at = std::string(kCountry).size() + tail.find("country('USA').Alberta");
    EXPECT_EQ(d.span.begin, at);
    EXPECT_EQ(d.span.end, at + std::string("country('USA').Alberta").size());
    EXPECT_EQ(d.message,
              "no mapping of pattern 'country' matches (\"USA\").[\"Alberta\"]; it maps "
              "(\"USA\").[\"Washington\"], (\"Canada\").[\"Alberta\"]");
    EXPECT_EQ(s.message().substr(0, 15), "line 5, col 34:");
  }
}

}  // namespace
}  // namespace quarry::kql
