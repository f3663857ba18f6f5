#include "util/clock.h"

#include <date/date.h>
#include <gtest/gtest.h>

namespace lineport {

TEST(Clock, Rfc3339RoundTripsAndAcceptsOffsets) {
  EXPECT_EQ(to_rfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(parse_rfc3339("2026-11-22T17:28:13Z"), 1795368493);
  EXPECT_EQ(parse_rfc3339("2026-11-22T18:28:13+01:00"), 1795368493);
  EXPECT_EQ(parse_rfc3339("2026-11-22T17:28:13.999Z"), 1795368493);
  EXPECT_FALSE(parse_rfc3339("2026-11-22 17:28"));
  EXPECT_EQ(parse_rfc3339("2026-11-22T12:13:13-05:15"), 1795368493);
  EXPECT_EQ(parse_rfc3339("2024-02-29T00:00:00.5+00:00"), 1709164800);
  EXPECT_EQ(parse_rfc3339("1969-12-31T23:59:59Z"), -1);
  for (const char* bad : {"2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-22T24:00:00Z", "2026-11-22T17:28:13",
                          "2026-11-22T17:28:13+0100", "2026-11-22T17:28:13.Z", "2026-11-22T17:28:13+01:00x",
                          "2026-1l-22T17:28:13Z", "+2026-11-22T17:28:13Z"})
    EXPECT_FALSE(parse_rfc3339(bad)) << bad;
}

TEST(Clock, Rfc3339IsWhatTheDateLibraryWrites) {
  // Before 1970, leap days, the last second of a year, and years that are not four digits.
  for (const UnixSeconds t :
       {UnixSeconds{-1}, UnixSeconds{-62167219200}, UnixSeconds{-62167219201}, UnixSeconds{951782400},
        UnixSeconds{1709164799}, UnixSeconds{1798761599}, UnixSeconds{253402300799}, UnixSeconds{253402300800}}) {
    EXPECT_EQ(to_rfc3339(t), date::format("%FT%TZ", date::sys_seconds{std::chrono::seconds{t}})) << t;
  }
  for (UnixSeconds t = -5'000'000'000; t < 5'000'000'000; t += 7'777'777) {
    ASSERT_EQ(to_rfc3339(t), date::format("%FT%TZ", date::sys_seconds{std::chrono::seconds{t}})) << t;
  }
}

TEST(Clock, LocalDaysOfARangeFollowTheTimeZone) {
  const auto november = month_containing("Asia/Kathmandu", *parse_rfc3339("2026-11-10T00:00:00Z"));
  const auto days = local_days("Asia/Kathmandu", november);
  ASSERT_EQ(days.size(), 30u);
  EXPECT_EQ(days.front().date, "2026-11-01");
  EXPECT_EQ(days.front().start, *parse_rfc3339("2026-10-31T18:15:00Z"));  // +05:45
  EXPECT_EQ(days.back().date, "2026-11-30");
  // The day DST begins in New York is 23 hours long; the next one starts 23 hours later.
  const auto march =
      local_days("America/New_York", month_containing("America/New_York", *parse_rfc3339("2026-03-15T12:00:00Z")));
  EXPECT_EQ(march[8].date, "2026-03-09");
  EXPECT_EQ(march[8].start - march[7].start, 23 * 3600);
  EXPECT_EQ(local_date("Asia/Tokyo", *parse_rfc3339("2026-10-31T15:00:00Z")), "2026-11-01");
  EXPECT_EQ(local_date("Asia/Tokyo", *parse_rfc3339("2026-10-31T14:59:59Z")), "2026-10-31");
}

TEST(Clock, CyclesAreCalendarMonthsInTheOrganizationsTimeZone) {
  // Tokyo is 9 hours ahead of UTC: its November begins on 31 October at 15:00 UTC.
  const auto nov_first_tokyo = *parse_rfc3339("2026-10-31T15:00:00Z");
  const auto month = month_containing("Asia/Tokyo", nov_first_tokyo + 60);
  EXPECT_EQ(month.from, nov_first_tokyo);
  EXPECT_EQ(month.to, *parse_rfc3339("2026-11-30T15:00:00Z"));
  // One minute before local midnight on the 1st belongs to the past cycle.
  EXPECT_EQ(month_containing("Asia/Tokyo", nov_first_tokyo - 60).to, nov_first_tokyo);
  EXPECT_EQ(month_before("Asia/Tokyo", nov_first_tokyo + 60).to, nov_first_tokyo);
}

TEST(Clock, LocalDaysFollowDaylightSavingChanges) {
  // New York's 8 March 2026 has 23 hours.
  const auto day = day_containing("America/New_York", *parse_rfc3339("2026-03-08T12:00:00Z"));
  EXPECT_EQ(day.to - day.from, 23 * 3600);
  EXPECT_EQ(local_midnight("America/New_York", "2026-03-08"), day.from);
  EXPECT_FALSE(local_midnight("UTC", "2026-02-30"));
  EXPECT_FALSE(local_midnight("UTC", "yesterday"));
  EXPECT_EQ(last_7_days("UTC", *parse_rfc3339("2026-11-22T10:00:00Z")).from, *parse_rfc3339("2026-11-16T00:00:00Z"));
}

}  // namespace lineport
