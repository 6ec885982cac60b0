#include "common/time.h"

#include <gtest/gtest.h>

namespace quarry {
namespace {

TEST(TimeTest, ParsesIsoForms) {
  EXPECT_EQ(FormatDatetime(*ParseDatetime("2021-01-02")), "2021-01-02T00:00:00.0000000Z");
  EXPECT_EQ(FormatDatetime(*ParseDatetime("2021-01-02T03:04:05.123Z")),
            "2021-01-02T03:04:05.1230000Z");
  EXPECT_EQ(FormatDatetime(*ParseDatetime("2007-01-02 13:45:30.123456")),
            "2007-01-02T13:45:30.1234560Z");
  EXPECT_EQ(FormatDatetime(*ParseDatetime("2021-01-02T03:04:05+02:00")),
            "2021-01-02T01:04:05.0000000Z");
  EXPECT_EQ(FormatDatetime(*ParseDatetime("2014/11/08 15:05")), "2014-11-08T15:05:00.0000000Z");
}

TEST(TimeTest, ParsesRfc1123) {
  EXPECT_EQ(FormatDatetime(*ParseDatetime("Sat, 08 Nov 2014 15:05:02 GMT")),
            "2014-11-08T15:05:02.0000000Z");
}

TEST(TimeTest, ParsesUsMonthFirstDatesAndTimesOfDay) {
  EXPECT_EQ(FormatDatetime(*ParseDatetime("01/16/2022 00:00:00")), "2022-01-16T00:00:00.0000000Z");
  EXPECT_EQ(FormatDatetime(*ParseDatetime("12-02-2022")), "2022-12-02T00:00:00.0000000Z");
  EXPECT_EQ(FormatDatetime(*ParseDatetime("1/2/2022 5:30 PM")), "2022-01-02T17:30:00.0000000Z");
  EXPECT_EQ(FormatDatetime(*ParseDatetime("1/2/2022 12:00:00 AM")), "2022-01-02T00:00:00.0000000Z");
  EXPECT_FALSE(ParseDatetime("13/01/2022").has_value());
  EXPECT_FALSE(ParseDatetime("01/16-2022").has_value());
  EXPECT_FALSE(ParseDatetime("1/2/2022 13:00 PM").has_value());
  EXPECT_EQ(*ParseTimeOfDay("8:00:00 AM"), 8 * kTicksPerHour);
  EXPECT_EQ(*ParseTimeOfDay("5:00:00 PM"), 17 * kTicksPerHour);
  EXPECT_EQ(*ParseTimeOfDay("23:59"), 23 * kTicksPerHour + 59 * kTicksPerMinute);
  EXPECT_FALSE(ParseTimeOfDay("25:00").has_value());
  EXPECT_FALSE(ParseTimeOfDay("2022-01-01").has_value());
}

TEST(TimeTest, ParsesLooseYearMonthDay) {
  EXPECT_EQ(FormatDatetime(*ParseDatetime("2017 - 08 - 01")), "2017-08-01T00:00:00.0000000Z");
  EXPECT_EQ(FormatDatetime(*ParseDatetime("2025, 6, 14")), "2025-06-14T00:00:00.0000000Z");
  EXPECT_EQ(FormatDatetime(*ParseDatetime("2025 /12/ 3")), "2025-12-03T00:00:00.0000000Z");
  EXPECT_FALSE(ParseDatetime("2025, 2, 30").has_value());
  EXPECT_FALSE(ParseDatetime("2025, 6").has_value());
  EXPECT_FALSE(ParseDatetime("2025; 6; 14").has_value());
}

TEST(TimeTest, RejectsMalformedDates) {
  EXPECT_FALSE(ParseDatetime("2021-02-30").has_value());
  EXPECT_FALSE(ParseDatetime("2021-13-01").has_value());
  EXPECT_FALSE(ParseDatetime("hello").has_value());
  EXPECT_FALSE(ParseDatetime("2021-01-01T25:00").has_value());
}

TEST(TimeTest, EpochAndExtremes) {
  EXPECT_EQ(*ParseDatetime("1970-01-01"), 0);
  EXPECT_EQ(*ParseDatetime("0001-01-01"), kMinDatetimeTicks);
  EXPECT_EQ(FormatDatetime(kMaxDatetimeTicks), "9999-12-31T23:59:59.9999999Z");
  EXPECT_EQ(FormatDatetime(-1), "1969-12-31T23:59:59.9999999Z");
}

TEST(TimeTest, TimespanLiterals) {
  EXPECT_EQ(*ParseTimespan("1d"), kTicksPerDay);
  EXPECT_EQ(*ParseTimespan("2h"), 2 * kTicksPerHour);
  EXPECT_EQ(*ParseTimespan("30m"), 30 * kTicksPerMinute);
  EXPECT_EQ(*ParseTimespan("10s"), 10 * kTicksPerSecond);
  EXPECT_EQ(*ParseTimespan("100ms"), 100 * kTicksPerMillisecond);
  EXPECT_EQ(*ParseTimespan("1.5h"), 90 * kTicksPerMinute);
  EXPECT_EQ(*ParseTimespan("3tick"), 3);
  EXPECT_EQ(*ParseTimespan("-1d"), -kTicksPerDay);
  EXPECT_FALSE(ParseTimespan("1fortnight").has_value());
}

TEST(TimeTest, TimespanClockForms) {
  EXPECT_EQ(*ParseTimespan("01:02:03"), kTicksPerHour + 2 * kTicksPerMinute + 3 * kTicksPerSecond);
  EXPECT_EQ(*ParseTimespan("2.01:00:00"), 2 * kTicksPerDay + kTicksPerHour);
  EXPECT_EQ(*ParseTimespan("00:00:00.5"), kTicksPerSecond / 2);
}

TEST(TimeTest, FormatsTimespanAsKusto) {
  EXPECT_EQ(FormatTimespan(kTicksPerDay + 2 * kTicksPerHour), "1.02:00:00");
  EXPECT_EQ(FormatTimespan(90 * kTicksPerSecond), "00:01:30");
  EXPECT_EQ(FormatTimespan(-kTicksPerHour), "-01:00:00");
  EXPECT_EQ(FormatTimespan(kTicksPerSecond / 2), "00:00:00.5000000");
  EXPECT_EQ(FormatTimespan(0), "00:00:00");
}

TEST(TimeTest, FloorDivRoundsDown) {
  EXPECT_EQ(FloorDiv(7, 2), 3);
  EXPECT_EQ(FloorDiv(-7, 2), -4);
  EXPECT_EQ(FloorDiv(-8, 2), -4);
}

}  // namespace
}  // namespace quarry
