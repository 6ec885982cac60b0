// Engine::Check binds types without doing the query's work: generators produce no rows, so a
// check of a query that would run for minutes (or hit a row cap) answers at once with its schema.
#include <gtest/gtest.h>

#include "kql/engine.h"

namespace quarry::kql {
namespace {

TEST(EngineCheck, SchemaOnlyRunsGenerateNoRows) {
  MemoryCatalog catalog;
  Engine engine(catalog);
  const char* query = "range x from 1 to 90000000 step 1 | extend y = strcat(x, 'a')";
  QueryOptions options;
  options.schema_only = true;
  auto run = engine.Run(query, options);
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_EQ(run->table->num_rows(), 0u);

  auto schema = engine.Check(query);
  ASSERT_TRUE(schema.ok()) << schema.status().message();
  ASSERT_EQ(schema->size(), 2u);
  EXPECT_EQ(schema->field(0).name, "x");
  EXPECT_EQ(schema->field(0).type, Type::kLong);
  EXPECT_EQ(schema->field(1).name, "y");
  EXPECT_EQ(schema->field(1).type, Type::kString);
}

TEST(EngineCheck, RangeOverTheRowCapFailsBeforeGeneratingInRunAndCheck) {
  MemoryCatalog catalog;
  Engine engine(catalog);
  const char* query = "range x from 1 to 50000000000 step 1";
  for (bool check : {false, true}) {
    Status status = check ? engine.Check(query).status() : engine.Run(query).status();
    ASSERT_FALSE(status.ok());
    EXPECT_NE(status.message().find("more than 100,000,000 rows"), std::string::npos);
  }
}

TEST(EngineCheck, RangeArgumentsAreStillValidated) {
  MemoryCatalog catalog;
  Engine engine(catalog);
  auto schema = engine.Check("range x from 1 to 10 step 0");
  ASSERT_FALSE(schema.ok());
  EXPECT_NE(schema.status().message().find("step must not be 0"), std::string::npos);
}

}  // namespace
}  // namespace quarry::kql
