// The date range every report is asked for: each named range and custom dates, read in the
// organization's time zone, and the 422 naming the field for what cannot be a range.

#include "domain/reports/report_query.h"

#include <gtest/gtest.h>

#include "domain/error.h"

namespace lineport::reports {
namespace {

const UnixSeconds fixed_now = parse_rfc3339("2026-03-10T02:30:00Z").value();  // 9 March, 22:30 in New York

ReportQuery custom(std::string from, std::string to) {
  ReportQuery q;
  q.from = std::move(from);
  q.to = std::move(to);
  return q;
}

std::string refused_field(const ReportQuery& q) {
  try {
    resolve_range(q, "America/New_York", fixed_now);
  } catch (const DomainError& e) {
    EXPECT_EQ(e.code(), ErrorCode::validation_failed);
    return e.field_errors().empty() ? "" : e.field_errors()[0].field;
  }
  return "(accepted)";
}

TEST(ReportRange, NamedRangesAreLocalDaysAndMonths) {
  ReportQuery q;
  q.range = "today";
  auto r = resolve_range(q, "America/New_York", fixed_now);
  EXPECT_EQ(r.from, parse_rfc3339("2026-03-09T00:00:00-04:00"));  // the day after the change to summer time
  EXPECT_EQ(r.to, parse_rfc3339("2026-03-10T00:00:00-04:00"));
  r = resolve_range(q, "UTC", fixed_now);
  EXPECT_EQ(r.from, parse_rfc3339("2026-03-10T00:00:00Z"));

  q.range = "current_cycle";
  r = resolve_range(q, "America/New_York", fixed_now);
  EXPECT_EQ(r.from, parse_rfc3339("2026-03-01T00:00:00-05:00"));
  EXPECT_EQ(r.to, parse_rfc3339("2026-04-01T00:00:00-04:00"));
  q.range = "last_cycle";
  r = resolve_range(q, "America/New_York", fixed_now);
  EXPECT_EQ(r.from, parse_rfc3339("2026-02-01T00:00:00-05:00"));
  EXPECT_EQ(r.to, parse_rfc3339("2026-03-01T00:00:00-05:00"));
}

TEST(ReportRange, TheDefaultIsTheLastSevenLocalDays) {
  const auto r = resolve_range(ReportQuery{}, "America/New_York", fixed_now);
  EXPECT_EQ(r.from, parse_rfc3339("2026-03-03T00:00:00-05:00"));
  EXPECT_EQ(r.to, parse_rfc3339("2026-03-10T00:00:00-04:00"));
  EXPECT_EQ(r.to - r.from, 7 * 24 * 3600 - 3600);  // one of the days had 23 hours
}

TEST(ReportRange, CustomDatesAreInclusiveLocalDays) {
  const auto r = resolve_range(custom("2026-03-08", "2026-03-08"), "America/New_York", fixed_now);
  EXPECT_EQ(r.from, parse_rfc3339("2026-03-08T00:00:00-05:00"));
  EXPECT_EQ(r.to, parse_rfc3339("2026-03-09T00:00:00-04:00"));
  EXPECT_EQ(r.to - r.from, 23 * 3600);
  const auto tokyo = resolve_range(custom("2026-01-01", "2026-01-31"), "Asia/Tokyo", fixed_now);
  EXPECT_EQ(tokyo.from, parse_rfc3339("2025-12-31T15:00:00Z"));
  EXPECT_EQ(tokyo.to, parse_rfc3339("2026-01-31T15:00:00Z"));
  // Up to a year.
  EXPECT_EQ(refused_field(custom("2025-01-01", "2025-12-31")), "(accepted)");
}

TEST(ReportRange, WhatCannotBeARangeIsRefusedNamingTheField) {
  ReportQuery unknown;
  unknown.range = "last_month";
  EXPECT_EQ(refused_field(unknown), "range");
  EXPECT_EQ(refused_field(custom("2026-02-30", "2026-03-01")), "from");
  EXPECT_EQ(refused_field(custom("2026-03-01", "1 March")), "to");
  EXPECT_EQ(refused_field(custom("2026-03-02", "2026-03-01")), "to");  // to before from
  EXPECT_EQ(refused_field(custom("2025-01-01", "2026-01-05")), "to");  // over a year
  ReportQuery only_from;
  only_from.from = "2026-03-01";
  EXPECT_EQ(refused_field(only_from), "to");
}

}  // namespace
}  // namespace lineport::reports
