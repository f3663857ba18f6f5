// A range split for the activity counters: every second of it in exactly one part, whole days and
// hours where the counters answer, the entries counted only for the minutes no counter holds.

#include "domain/reports/activity_counts.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace lineport::reports {
namespace {

UnixSeconds at(const char* rfc3339) {
  return parse_rfc3339(rfc3339).value();
}

bool operator==(const TimeRange& a, const TimeRange& b) {
  return a.from == b.from && a.to == b.to;
}

// Every second of `range` is in one part exactly, and the parts are whole where they say so.
void expect_partition(TimeRange range, const CountedRange& parts) {
  std::vector<TimeRange> all(parts.hours);
  all.insert(all.end(), parts.entries.begin(), parts.entries.end());
  if (parts.days) all.push_back(*parts.days);
  std::sort(all.begin(), all.end(), [](const TimeRange& a, const TimeRange& b) { return a.from < b.from; });
  UnixSeconds next = range.from;
  for (const auto& part : all) {
    EXPECT_EQ(part.from, next);
    EXPECT_LT(part.from, part.to);
    next = part.to;
  }
  EXPECT_EQ(next, range.to);
  if (parts.days) {
    EXPECT_EQ(parts.days->from % counted_day, 0);
    EXPECT_EQ(parts.days->to % counted_day, 0);
  }
  for (const auto& h : parts.hours) EXPECT_TRUE(h.from % counted_hour == 0 && h.to % counted_hour == 0);
  for (const auto& e : parts.entries) EXPECT_LT(e.to - e.from, counted_hour);
}

TEST(ActivityCounts, UtcDaysAreCountedByDayAlone) {
  const TimeRange week{at("2026-03-03T00:00:00Z"), at("2026-03-10T00:00:00Z")};
  const auto parts = split_for_counters(week);
  ASSERT_TRUE(parts.days);
  EXPECT_TRUE(*parts.days == week);
  EXPECT_TRUE(parts.hours.empty());
  EXPECT_TRUE(parts.entries.empty());
}

TEST(ActivityCounts, LocalDaysOfAWholeHourZoneEndInWholeHours) {
  // 3 to 9 March in Tokyo (UTC+9): from 15:00 UTC on the 2nd to 15:00 UTC on the 9th.
  const TimeRange week{at("2026-03-03T00:00:00+09:00"), at("2026-03-10T00:00:00+09:00")};
  const auto parts = split_for_counters(week);
  expect_partition(week, parts);
  ASSERT_TRUE(parts.days);
  EXPECT_TRUE(*parts.days == (TimeRange{at("2026-03-03T00:00:00Z"), at("2026-03-09T00:00:00Z")}));
  ASSERT_EQ(parts.hours.size(), 2u);
  EXPECT_TRUE(parts.hours[0] == (TimeRange{at("2026-03-02T15:00:00Z"), at("2026-03-03T00:00:00Z")}));
  EXPECT_TRUE(parts.hours[1] == (TimeRange{at("2026-03-09T00:00:00Z"), at("2026-03-09T15:00:00Z")}));
  EXPECT_TRUE(parts.entries.empty());
}

TEST(ActivityCounts, HalfHourZonesLeaveMinutesToCount) {
  // One day in India (UTC+5:30): 18:30 UTC to 18:30 UTC.
  const TimeRange day{at("2026-03-09T00:00:00+05:30"), at("2026-03-10T00:00:00+05:30")};
  const auto parts = split_for_counters(day);
  expect_partition(day, parts);
  EXPECT_FALSE(parts.days);  // no whole UTC day inside
  ASSERT_EQ(parts.hours.size(), 1u);
  EXPECT_TRUE(parts.hours[0] == (TimeRange{at("2026-03-08T19:00:00Z"), at("2026-03-09T18:00:00Z")}));
  ASSERT_EQ(parts.entries.size(), 2u);
  EXPECT_TRUE(parts.entries[0] == (TimeRange{at("2026-03-08T18:30:00Z"), at("2026-03-08T19:00:00Z")}));
  EXPECT_TRUE(parts.entries[1] == (TimeRange{at("2026-03-09T18:00:00Z"), at("2026-03-09T18:30:00Z")}));
}

TEST(ActivityCounts, ShortAndEmptyRanges) {
  const TimeRange minutes{at("2026-03-09T10:05:00Z"), at("2026-03-09T10:50:00Z")};
  auto parts = split_for_counters(minutes);
  expect_partition(minutes, parts);
  ASSERT_EQ(parts.entries.size(), 1u);
  EXPECT_TRUE(parts.hours.empty());
  parts = split_for_counters({minutes.to, minutes.from});
  EXPECT_FALSE(parts.days);
  EXPECT_TRUE(parts.hours.empty() && parts.entries.empty());
}

TEST(ActivityCounts, SpansStartBeforeTheEpochToo) {
  EXPECT_EQ(span_start(-1, counted_day), -counted_day);
  EXPECT_EQ(span_start(-counted_day, counted_day), -counted_day);
  EXPECT_EQ(span_start(counted_hour + 5, counted_hour), counted_hour);
  const TimeRange around{-counted_day - 30, counted_day + 30};
  expect_partition(around, split_for_counters(around));
}

// A total adds each part once, read from the counters of its span or counted: with one "entry" a
// second, a month of Kathmandu (+05:45) totals its seconds, and the counters answer whole days.
TEST(ActivityCounts, TotalsAddEveryPartOnce) {
  const TimeRange november{at("2026-10-31T18:15:00Z"), at("2026-11-30T18:15:00Z")};
  std::int64_t from_days = 0;
  const auto total = total_over_counters(
      november,
      [&](UnixSeconds span, TimeRange whole) {
        EXPECT_EQ(span_start(whole.from, span), whole.from);
        EXPECT_EQ(span_start(whole.to, span), whole.to);
        if (span == counted_day) from_days += whole.to - whole.from;
        return whole.to - whole.from;
      },
      [](TimeRange minutes) { return minutes.to - minutes.from; });
  EXPECT_EQ(total, november.to - november.from);
  EXPECT_EQ(from_days, 29 * counted_day);
}

}  // namespace
}  // namespace lineport::reports
