#include "util/clock.h"

#include <gtest/gtest.h>

namespace lineport {

TEST(Clock, Rfc3339RoundTripsAndAcceptsOffsets) {
  EXPECT_EQ(to_rfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(parse_rfc3339("2026-11-22T17:28:13Z"), 1795368493);
  EXPECT_EQ(parse_rfc3339("2026-11-22T18:28:13+01:00"), 1795368493);
  EXPECT_EQ(parse_rfc3339("2026-11-22T17:28:13.999Z"), 1795368493);
  EXPECT_FALSE(parse_rfc3339("2026-11-22 17:28"));
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
