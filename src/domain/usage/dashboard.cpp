#include "domain/usage/dashboard.h"

#include <algorithm>

#include "domain/orgs/org_service.h"
#include "domain/orgs/settings.h"
#include "storage/queries/usage.h"

namespace lineport::usage {
namespace {

namespace sql = storage::sql::usage;

// The last local day of a range whose end is the next day's midnight.
std::string last_day(const std::string& tz, TimeRange range) { return local_date(tz, range.to - 1); }

}  // namespace

void BillableTotals::add(UsageType type, std::int64_t quantity) {
  switch (type) {
    case UsageType::voice: voice_seconds += quantity; break;
    case UsageType::message: messages += quantity; break;
    case UsageType::data: data_bytes += quantity; break;
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

    // The current cycle, slot by slot: its totals, and the chosen type by local day.
    const auto days = local_days(v.timezone, current);
    v.series.reserve(days.size());
    for (const auto& d : days) v.series.push_back({d.date, 0});
    for (const auto& row : conn.query(sql::subtree_billable_by_slot, {org_id, current.from, current.to}).rows) {
      const auto slot_type = parse_usage_type(row.text(1));
      if (!slot_type) continue;
      const UnixSeconds slot = row.integer(0);
      const std::int64_t quantity = row.integer(2);
      v.current.billable.add(*slot_type, quantity);
      if (*slot_type != type) continue;
      // The day whose start is the last one at or before the slot.
      const auto after = std::upper_bound(days.begin(), days.end(), slot,
                                          [](UnixSeconds t, const LocalDay& d) { return t < d.start; });
      if (after != days.begin()) v.series[static_cast<std::size_t>(after - days.begin() - 1)].quantity += quantity;
    }
    v.current.from = days.front().date;
    v.current.to = last_day(v.timezone, current);

    for (const auto& row : conn.query(sql::subtree_billable_by_type, {org_id, past.from, past.to}).rows)
      if (const auto t = parse_usage_type(row.text(0))) v.past.billable.add(*t, row.integer(1));
    v.past.from = local_date(v.timezone, past.from);
    v.past.to = last_day(v.timezone, past);

    for (const auto& row : conn.query(sql::subtree_billable_all_time, {org_id}).rows)
      if (const auto t = parse_usage_type(row.text(0))) v.all_time.add(*t, row.integer(1));

    v.new_users = conn.query(sql::subtree_accounts_created, {org_id, current.from, current.to}).one().integer(0);
    v.active_users = conn.query(sql::subtree_active_accounts, {org_id}).one().integer(0);
    v.utilization = numbers::NumberPool(conn, clock_).utilization(org_id);
    return v;
  });
}

}  // namespace lineport::usage
