#include "schemas/builtin_schemas.h"

#include <gtest/gtest.h>

namespace quarry {
namespace {

TEST(BuiltinSchemasTest, LoadsTheTwelveSupportedTables) {
  auto reg = BuiltinSchemas();
  ASSERT_TRUE(reg.ok()) << reg.status().ToString();
  EXPECT_EQ((*reg)->TableNames().size(), 12u);
  auto s = (*reg)->Find("DeviceLogonEvents");
  ASSERT_TRUE(s.has_value());
  auto idx = s->IndexOf("AccountName");
  ASSERT_TRUE(idx.has_value());
  EXPECT_EQ(s->field(*idx).type, Type::kString);
  EXPECT_EQ((*reg)->TimeColumn("SigninLogs"), "TimeGenerated");
  EXPECT_EQ((*reg)->CanonicalName("signinlogs"), "SigninLogs");
}

TEST(BuiltinSchemasTest, ParseNamesTheBadLine) {
  auto r = SchemaRegistry::Parse("table\tcolumn\ttype\nT\tc\tlong\nT\td\tbogus\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "tables.tsv line 3, field 'type': unknown type 'bogus'");
}

}  // namespace
}  // namespace quarry
