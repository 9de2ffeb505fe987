// test_dates.cpp — core/dates.h: YYYY-MM-DD <-> days since 1970-01-01 (strict shape, real dates only,
// leap years) and the UTC timestamps of created_at fields, before 1970 and across year ends included.
#include <gtest/gtest.h>

#include "core/dates.h"

using namespace pinlab;

TEST(Dates, ParsesAndFormatsYmd) {
    EXPECT_EQ(parse_ymd_days("1970-01-01").value_or(-1), 0);
    EXPECT_EQ(parse_ymd_days("2024-03-01").value_or(0) - parse_ymd_days("2024-02-28").value_or(0), 2);  // leap
    EXPECT_FALSE(parse_ymd_days("2023-02-29"));
    EXPECT_FALSE(parse_ymd_days("2024-13-01"));
    EXPECT_FALSE(parse_ymd_days("2024-1-01"));
    EXPECT_EQ(days_to_ymd(*parse_ymd_days("2031-12-31")), "2031-12-31");
}

TEST(Dates, CenturyLeapRulesAndMonthLengths) {
    EXPECT_TRUE(parse_ymd_days("2000-02-29"));   // divisible by 400: leap
    EXPECT_FALSE(parse_ymd_days("1900-02-29"));  // divisible by 100 only: not
    EXPECT_FALSE(parse_ymd_days("2100-02-29"));
    EXPECT_FALSE(parse_ymd_days("2024-04-31"));
    EXPECT_TRUE(parse_ymd_days("2024-12-31"));
    EXPECT_FALSE(parse_ymd_days("2024-00-10"));
    EXPECT_FALSE(parse_ymd_days("2024-01-00"));
    EXPECT_EQ(parse_ymd_days("2000-03-01").value_or(0) - parse_ymd_days("2000-02-28").value_or(0), 2);
    EXPECT_EQ(parse_ymd_days("1900-03-01").value_or(0) - parse_ymd_days("1900-02-28").value_or(0), 1);
}

TEST(Dates, RejectsAnythingButTheExactShape) {
    for (const char* bad : {"", "2024-01-0", "2024-01-011", " 2024-01-01", "2024-01-01 ", "2024/01/01", "2024-01-0a",
                            "+024-01-01", "2024--1-01", "2024-01-01T00:00:00", "２０２４-01-01"})
        EXPECT_FALSE(parse_ymd_days(bad)) << bad;
    EXPECT_FALSE(parse_ymd_days(std::string_view("2024-01-01\0", 11)));
    EXPECT_FALSE(parse_ymd_days(std::string_view("2024\0001-01", 10)));
}

TEST(Dates, RoundTripsEveryDayOfA400YearCycle) {
    // 2000-03-01 .. 2400-03-01 covers every leap rule; each day formats and parses back to itself.
    const int64_t first = *parse_ymd_days("2000-03-01"), last = *parse_ymd_days("2400-03-01");
    EXPECT_EQ(last - first, 146097);  // the Gregorian cycle's length in days
    for (int64_t d = first; d <= last; ++d) {
        auto back = parse_ymd_days(days_to_ymd(d));
        ASSERT_TRUE(back) << d << " " << days_to_ymd(d);
        ASSERT_EQ(*back, d);
    }
    EXPECT_EQ(days_to_ymd(-1), "1969-12-31");
    EXPECT_EQ(parse_ymd_days("0000-03-01").value_or(0), -719468);  // the algorithm's own epoch
    EXPECT_EQ(days_to_ymd(*parse_ymd_days("9999-12-31")), "9999-12-31");
}

TEST(Dates, DatetimesAreUtcWithoutMilliseconds) {
    EXPECT_EQ(format_datetime(0), "1970-01-01T00:00:00");
    EXPECT_EQ(format_datetime(1750000000000LL), "2025-06-15T15:06:40");
    EXPECT_EQ(format_datetime(1750000000999LL), "2025-06-15T15:06:40");  // milliseconds dropped, not rounded
    EXPECT_EQ(format_datetime(kDayMs - 1000), "1970-01-01T23:59:59");
    EXPECT_EQ(format_datetime(-1000), "1969-12-31T23:59:59");  // before the epoch: still a valid clock time
    EXPECT_EQ(format_datetime(-kDayMs), "1969-12-31T00:00:00");
    EXPECT_EQ(format_datetime(*parse_ymd_days("2024-02-29") * kDayMs + 3600 * 1000), "2024-02-29T01:00:00");
}
