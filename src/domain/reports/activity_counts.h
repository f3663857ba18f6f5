#pragma once
// How the administrators activity report counts the entries of a time range exactly without
// reading them all (docs/performance.md#lists, migration 0027): the whole UTC days inside it from
// the day counters, the whole UTC hours of what is left from the hour counters, and the entries of
// the minutes left over, which only time zones a half or a quarter hour off UTC leave. The
// dashboard counts the accounts created in a cycle the same way (migration 0047).

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "util/clock.h"

namespace lineport::reports {

inline constexpr UnixSeconds counted_day = 86'400;  // audit_counts.span of a UTC day
inline constexpr UnixSeconds counted_hour = 3'600;  // and of a UTC hour

struct CountedRange {
  std::optional<TimeRange> days;   // whole UTC days
  std::vector<TimeRange> hours;    // whole UTC hours outside them, at most two ranges
  std::vector<TimeRange> entries;  // the rest, at most two ranges of less than an hour
};

// `range` in those parts, none empty; nothing for an empty range.
CountedRange split_for_counters(TimeRange range);

// The exact total of `range`: `counted(span, whole)` over its whole days and hours (span
// counted_day or counted_hour, `whole` a range of such spans), `count(part)` over each part of
// minutes left.
std::int64_t total_over_counters(TimeRange range, const std::function<std::int64_t(UnixSeconds, TimeRange)>& counted,
                                 const std::function<std::int64_t(TimeRange)>& count);

// The first second of the `span` that holds `t` (`span` a day or an hour; `t` may be negative).
UnixSeconds span_start(UnixSeconds t, UnixSeconds span);

}  // namespace lineport::reports
