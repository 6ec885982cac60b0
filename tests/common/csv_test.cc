#include "common/csv.h"

#include <gtest/gtest.h>

namespace quarry {
namespace {

TEST(CsvFieldTest, PlainValuesAreWrittenAsTheyAre) {
  EXPECT_EQ(CsvField("jdoe@contoso.com"), "jdoe@contoso.com");
  EXPECT_EQ(CsvField(""), "");
  EXPECT_EQ(CsvField("-5"), "-5");
}

TEST(CsvFieldTest, SeparatorsQuotesAndLineBreaksAreQuoted) {
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("line1\nline2"), "\"line1\nline2\"");
  EXPECT_EQ(CsvField("cr\rhere"), "\"cr\rhere\"");
}

TEST(CsvFieldTest, SpreadsheetFieldsNeutraliseFormulas) {
  EXPECT_EQ(SpreadsheetCsvField("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(SpreadsheetCsvField("+1"), "'+1");
  EXPECT_EQ(SpreadsheetCsvField("-cmd"), "'-cmd");
  EXPECT_EQ(SpreadsheetCsvField("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(SpreadsheetCsvField("T1110"), "T1110");
  EXPECT_EQ(SpreadsheetCsvField("a,b"), "\"a,b\"");
}

}  // namespace
}  // namespace quarry
