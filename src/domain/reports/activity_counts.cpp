#include "domain/reports/activity_counts.h"

namespace lineport::reports {
namespace {

struct Split {
  std::optional<TimeRange> whole;  // the whole spans inside the range
  std::vector<TimeRange> rest;     // what lies before and after them
};

Split split(TimeRange range, UnixSeconds span) {
  const UnixSeconds first = span_start(range.from + span - 1, span);
  const UnixSeconds last = span_start(range.to, span);
  if (first >= last) return {std::nullopt, {range}};
  Split out{TimeRange{first, last}, {}};
  if (range.from < first) out.rest.push_back({range.from, first});
  if (last < range.to) out.rest.push_back({last, range.to});
  return out;
}

}  // namespace

UnixSeconds span_start(UnixSeconds t, UnixSeconds span) {
  const UnixSeconds remainder = t % span;
  return remainder < 0 ? t - remainder - span : t - remainder;
}

CountedRange split_for_counters(TimeRange range) {
  CountedRange out;
  if (range.from >= range.to) return out;
  auto by_day = split(range, counted_day);
  out.days = by_day.whole;
  for (const auto& part : by_day.rest) {
    auto by_hour = split(part, counted_hour);
    if (by_hour.whole) out.hours.push_back(*by_hour.whole);
    out.entries.insert(out.entries.end(), by_hour.rest.begin(), by_hour.rest.end());
  }
  return out;
}

std::int64_t total_over_counters(TimeRange range, const std::function<std::int64_t(UnixSeconds, TimeRange)>& counted,
                                 const std::function<std::int64_t(TimeRange)>& count) {
  const auto parts = split_for_counters(range);
  std::int64_t total = parts.days ? counted(counted_day, *parts.days) : 0;
  for (const auto& hours : parts.hours) total += counted(counted_hour, hours);
  for (const auto& minutes : parts.entries) total += count(minutes);
  return total;
}

}  // namespace lineport::reports
