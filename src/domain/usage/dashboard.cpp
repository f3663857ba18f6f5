#include "domain/usage/dashboard.h"

#include <algorithm>

#include "domain/orgs/org_service.h"
#include "domain/orgs/settings.h"
#include "domain/reports/activity_counts.h"
#include "storage/queries/usage.h"

namespace lineport::usage {
namespace {

namespace sql = storage::sql::usage;

// The last local day of a range whose end is the next day's midnight.
std::string last_day(const std::string& tz, TimeRange range) {
  return local_date(tz, range.to - 1);
}

// The accounts created in `range` in the subtree of `org_id`, exact without reading them: whole
// UTC days and hours from their counters (migration 0047), the minutes left one by one.
std::int64_t accounts_created(storage::Connection& conn, const std::string& org_id, TimeRange range) {
  return reports::total_over_counters(
      range,
      [&](UnixSeconds span, TimeRange whole) {
        return conn.query(sql::subtree_accounts_created_counted, {org_id, span, whole.from, whole.to}).one().integer(0);
      },
      [&](TimeRange minutes) {
        return conn.query(sql::subtree_accounts_created, {org_id, minutes.from, minutes.to}).one().integer(0);
      });
}

// The billable sums per type of the subtree of `org_id` over `range`: its whole UTC days from the
// day rollups, and the slots of the partial days at its edges (a month in a time zone other than
// UTC begins and ends inside a UTC day).
BillableTotals billable_in(storage::Connection& conn, const std::string& org_id, TimeRange range) {
  BillableTotals totals;
  const auto add = [&](const storage::Query& q, UnixSeconds from, UnixSeconds to) {
    if (from >= to) return;
    constexpr auto c = sql::type_sum_columns;  // of subtree_slot_sums and subtree_day_sums
    for (const auto& row : conn.query(q, {org_id, from, to}).rows)
      if (const auto t = parse_usage_type(row.text(c["usage_type"])))
        totals.add(*t, row.integer(c["billable_quantity"]));
  };
  using reports::counted_day, reports::span_start;
  const UnixSeconds first_whole = span_start(range.from + counted_day - 1, counted_day);
  const UnixSeconds end_whole = span_start(range.to, counted_day);
  if (first_whole >= end_whole) {
    add(sql::subtree_slot_sums, range.from, range.to);
    return totals;
  }
  add(sql::subtree_slot_sums, range.from, first_whole);
  add(sql::subtree_day_sums, first_whole, end_whole);
  add(sql::subtree_slot_sums, end_whole, range.to);
  return totals;
}

}  // namespace

void BillableTotals::add(UsageType type, std::int64_t quantity) {
  switch (type) {
    case UsageType::voice:
      voice_seconds += quantity;
      break;
    case UsageType::message:
      messages += quantity;
      break;
    case UsageType::data:
      data_bytes += quantity;
      break;
  }
}

DashboardView Dashboard::view(const auth::Principal& who, const std::string& org_id, UsageType type) {
  return db_.read([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    DashboardView v;
    v.org_id = org_id;
    v.type = type;
    v.timezone = orgs::effective_value(conn, org_id, "timezone").get<std::string>();
    const UnixSeconds now = clock_.now();
    const TimeRange current = month_containing(v.timezone, now);
    const TimeRange past = month_before(v.timezone, now);

    // The chosen type by local day of the current cycle, from its slots.
    const auto days = local_days(v.timezone, current);
    v.series.reserve(days.size());
    for (const auto& d : days) v.series.push_back({d.date, 0});
    const storage::Params series_params{org_id, std::string(to_string(type)), current.from, current.to};
    constexpr auto s = sql::slot_columns;
    for (const auto& row : conn.query(sql::subtree_slots_of_type, series_params).rows) {
      const UnixSeconds slot = row.integer(s["slot"]);
      // The day whose start is the last one at or before the slot.
      const auto after = std::upper_bound(days.begin(), days.end(), slot,
                                          [](UnixSeconds t, const LocalDay& d) { return t < d.start; });
      if (after != days.begin())
        v.series[static_cast<std::size_t>(after - days.begin() - 1)].quantity += row.integer(s["billable_quantity"]);
    }
    v.current = {days.front().date, last_day(v.timezone, current), billable_in(conn, org_id, current)};
    v.past = {local_date(v.timezone, past.from), last_day(v.timezone, past), billable_in(conn, org_id, past)};
    constexpr auto c = sql::type_sum_columns;
    for (const auto& row : conn.query(sql::subtree_billable_all_time, {org_id}).rows)
      if (const auto t = parse_usage_type(row.text(c["usage_type"])))
        v.all_time.add(*t, row.integer(c["billable_quantity"]));

    v.new_users = accounts_created(conn, org_id, current);
    v.active_users = conn.query(sql::subtree_active_accounts, {org_id}).one().integer(0);
    v.utilization = numbers::NumberPool(conn, clock_).utilization(org_id);
    return v;
  });
}

}  // namespace lineport::usage
