#include "domain/subscriptions/charging.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "domain/error.h"
#include "domain/orgs/org_service.h"
#include "domain/orgs/settings.h"
#include "domain/usage/usage_record.h"
#include "storage/queries/charging.h"
#include "storage/queries/subscriptions.h"

namespace lineport::subscriptions {
namespace {

namespace sql = storage::sql::charging;

constexpr UnixSeconds slot_seconds = 900;
constexpr std::int64_t bytes_per_mb = 1'000'000;

UnixSeconds slot_floor(UnixSeconds t) {
  return t - (((t % slot_seconds) + slot_seconds) % slot_seconds);
}
UnixSeconds slot_ceil(UnixSeconds t) {
  const auto floor = slot_floor(t);
  return floor == t ? t : floor + slot_seconds;
}

std::int64_t times(std::int64_t quantity, std::int64_t price) {
  std::int64_t out = 0;
  if (__builtin_mul_overflow(quantity, price, &out))
    throw DomainError(ErrorCode::conflict, "An amount of this cycle is too large to compute.");
  return out;
}

std::int64_t plus(std::int64_t a, std::int64_t b) {
  std::int64_t out = 0;
  if (__builtin_add_overflow(a, b, &out))
    throw DomainError(ErrorCode::conflict, "An amount of this cycle is too large to compute.");
  return out;
}

// The cycle a request names, in the organization's time zone.
TimeRange cycle_range(const std::string& cycle, const std::string& tz, UnixSeconds now) {
  const TimeRange current = month_containing(tz, now);
  if (cycle == "current") return current;
  if (cycle == "last") return month_before(tz, now);
  const bool shaped = cycle.size() == 7 && cycle[4] == '-' && std::all_of(cycle.begin(), cycle.end(), [](char c) {
                        return c == '-' || (c >= '0' && c <= '9');
                      });
  const auto start = shaped ? local_midnight(tz, cycle + "-01") : std::nullopt;
  if (!start || *start > current.from)
    throw DomainError(ErrorCode::validation_failed, "Unknown cycle.",
                      {{"cycle", "Must be current, last, or a month YYYY-MM up to the current one."}});
  return month_containing(tz, *start);
}

// Who had which plan of their own, from when: the history of each organization, oldest first.
class PlanTimeline {
 public:
  void add(const std::string& org_id, UnixSeconds from, std::optional<std::string> plan_id) {
    auto& entries = history_[org_id];
    const auto at = std::upper_bound(entries.begin(), entries.end(), from,
                                     [](UnixSeconds t, const auto& entry) { return t < entry.first; });
    entries.emplace(at, from, std::move(plan_id));
  }

  // The plan in force at `t` for an organization whose chain (itself, then its ancestors up to the
  // root) is `chain`: the nearest own plan at that time.
  std::optional<std::string> plan_at(const std::vector<std::string>& chain, UnixSeconds t) const {
    for (const auto& org_id : chain) {
      const auto it = history_.find(org_id);
      if (it == history_.end()) continue;
      const std::optional<std::string>* own = nullptr;
      for (const auto& [from, plan] : it->second)
        if (from <= t) own = &plan;
      if (own && *own) return **own;
    }
    return std::nullopt;
  }

  // Every moment in (from, to) at which some organization's own plan changed.
  void changes_within(TimeRange range, std::set<UnixSeconds>& out) const {
    for (const auto& [org, entries] : history_)
      for (const auto& [from, plan] : entries)
        if (from > range.from && from < range.to) out.insert(from);
  }

  std::set<std::string> plans() const {
    std::set<std::string> out;
    for (const auto& [org, entries] : history_)
      for (const auto& [from, plan] : entries)
        if (plan) out.insert(*plan);
    return out;
  }

 private:
  std::unordered_map<std::string, std::vector<std::pair<UnixSeconds, std::optional<std::string>>>> history_;
};

struct PricedPlan {
  std::string name;
  std::vector<PriceVersion> versions;  // newest first

  const PriceVersion* at(UnixSeconds t) const {
    for (const auto& v : versions)
      if (v.effective_from <= t) return &v;
    return versions.empty() ? nullptr : &versions.back();  // usage before the plan existed: its first prices
  }
};

// Billable usage of one organization in one stretch of time.
struct Usage {
  std::int64_t voice_minutes = 0;
  std::int64_t messages = 0;
  std::int64_t data_bytes = 0;
};

// Everything the computation reads, loaded once per request.
class ChargeBook {
 public:
  ChargeBook(storage::Connection& conn, const std::string& org_id) : conn_(conn), org_id_(org_id) {
    constexpr auto o = sql::org_columns;
    std::unordered_map<std::string, std::optional<std::string>> parents;
    for (const auto& r : conn.query(sql::select_subtree, {org_id}).rows) {
      names_[r.text(o["id"])] = r.text(o["name"]);
      parents[r.text(o["id"])] = r.opt_text(o["parent_id"]);
    }
    std::vector<std::string> above;
    for (const auto& r : conn.query(sql::select_ancestors, {org_id}).rows) above.push_back(r.text(0));
    for (const auto& [id, name] : names_) {
      auto& chain = chains_[id];
      for (std::string at = id; at != org_id; at = *parents.at(at)) chain.push_back(at);
      chain.push_back(org_id);
      chain.insert(chain.end(), above.begin(), above.end());
    }
    constexpr auto h = sql::history_columns;
    for (const auto* q : {&sql::select_subtree_plan_history, &sql::select_ancestor_plan_history})
      for (const auto& r : conn.query(*q, {org_id}).rows)
        timeline_.add(r.text(h["org_id"]), r.integer(h["effective_from"]), r.opt_text(h["plan_id"]));
    for (const auto& plan_id : timeline_.plans()) {
      const auto rows = conn.query(storage::sql::subscriptions::select_by_id, {plan_id});
      // A plan is kept while any history names it (plan_service.cpp); an unknown id stays unpriced.
      if (rows.empty()) continue;
      plans_[plan_id] = {plan_from_row(rows.one()).name, load_prices(conn, plan_id)};
    }
  }

  const std::map<std::string, std::string>& orgs() const { return names_; }

  // The moments inside `range` at which a price or a plan changes.
  std::vector<UnixSeconds> boundaries(TimeRange range) const {
    std::set<UnixSeconds> points{range.from, range.to};
    timeline_.changes_within(range, points);
    for (const auto& [id, plan] : plans_)
      for (const auto& v : plan.versions)
        if (v.effective_from > range.from && v.effective_from < range.to) points.insert(v.effective_from);
    return {points.begin(), points.end()};
  }

  // The plan and price version in force for `org_id` at `t`; none when no plan is.
  std::pair<const std::string*, const PriceVersion*> price_at(const std::string& org_id, UnixSeconds t) const {
    const auto plan_id = timeline_.plan_at(chains_.at(org_id), t);
    if (!plan_id) return {nullptr, nullptr};
    const auto it = plans_.find(*plan_id);
    if (it == plans_.end()) return {nullptr, nullptr};
    return {&it->first, it->second.at(t)};
  }

  const std::string& plan_name(const std::string& plan_id) const { return plans_.at(plan_id).name; }

  // Billable usage of every organization of the subtree over [from, to).
  std::map<std::string, Usage> usage(UnixSeconds from, UnixSeconds to) const {
    std::map<std::string, Usage> out;
    const auto add = [&](const storage::Query& q, UnixSeconds a, UnixSeconds b) {
      if (a >= b) return;
      constexpr auto c = sql::sum_columns;
      for (const auto& r : conn_.query(q, {org_id_, a, b}).rows) {
        auto& u = out[r.text(c["org_id"])];
        switch (usage::parse_usage_type(r.text(c["usage_type"])).value_or(usage::UsageType::voice)) {
          case usage::UsageType::voice:
            u.voice_minutes += r.integer(c["billable_minutes"]);
            break;
          case usage::UsageType::message:
            u.messages += r.integer(c["billable_quantity"]);
            break;
          case usage::UsageType::data:
            u.data_bytes += r.integer(c["billable_quantity"]);
            break;
        }
      }
    };
    const UnixSeconds whole_from = slot_ceil(from);
    const UnixSeconds whole_to = slot_floor(to);
    if (whole_from >= whole_to) {
      add(sql::record_sums, from, to);
    } else {
      add(sql::record_sums, from, whole_from);
      add(sql::slot_sums, whole_from, whole_to);
      add(sql::record_sums, whole_to, to);
    }
    return out;
  }

  std::map<std::string, std::int64_t> active_users_before(UnixSeconds t) const {
    std::map<std::string, std::int64_t> out;
    constexpr auto c = sql::active_columns;
    for (const auto& r : conn_.query(sql::active_users_before, {org_id_, t}).rows)
      out[r.text(c["org_id"])] = r.integer(c["active"]);
    return out;
  }

 private:
  storage::Connection& conn_;
  std::string org_id_;
  std::map<std::string, std::string> names_;  // by id
  std::unordered_map<std::string, std::vector<std::string>> chains_;
  PlanTimeline timeline_;
  std::map<std::string, PricedPlan> plans_;
};

using LineKey = std::tuple<std::string, std::string, std::int64_t>;  // organization, plan ("" none), version

ChargeLine& line_for(std::map<LineKey, ChargeLine>& lines, const ChargeBook& book, const std::string& org_id,
                     UnixSeconds from, UnixSeconds to) {
  const auto [plan_id, version] = book.price_at(org_id, from);
  const LineKey key{org_id, plan_id ? *plan_id : "", version ? version->version : 0};
  auto [it, created] = lines.try_emplace(key);
  ChargeLine& line = it->second;
  if (created) {
    line.org_id = org_id;
    line.org_name = book.orgs().at(org_id);
    line.from = from;
    if (plan_id) {
      line.plan_id = *plan_id;
      line.plan_name = book.plan_name(*plan_id);
    }
    if (version) {
      line.price_version = version->version;
      line.prices = version->prices;
    }
  }
  line.from = std::min(line.from, from);
  line.to = std::max(line.to, to);
  return line;
}

void price(ChargeLine& line) {
  if (!line.prices) return;
  const auto& p = *line.prices;
  line.voice_amount = times(line.voice_minutes, p.voice_per_minute);
  line.messages_amount = times(line.messages, p.per_message);
  line.data_amount = times(line.data_mb, p.data_per_mb);
  line.active_users_amount = times(line.active_users, p.monthly_per_active_user);
  line.amount = plus(plus(line.voice_amount, line.messages_amount), plus(line.data_amount, line.active_users_amount));
}

}  // namespace

Charges ChargeService::charges(const auth::Principal& who, const std::string& org_id, const std::string& cycle) {
  return db_.read([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    Charges out;
    out.org_id = org_id;
    out.timezone = orgs::effective_value(conn, org_id, "timezone").get<std::string>();
    const UnixSeconds now = clock_.now();
    out.range = cycle_range(cycle, out.timezone, now);
    out.current = out.range.from <= now && now < out.range.to;
    out.cycle = local_date(out.timezone, out.range.from).substr(0, 7);
    out.as_of = now;
    // The current cycle ends now: its active users are those active now, at today's prices.
    const UnixSeconds end = out.current ? now + 1 : out.range.to;

    const ChargeBook book(conn, org_id);
    std::map<LineKey, ChargeLine> lines;
    std::map<std::string, std::int64_t> bytes_so_far;  // per organization, for rounding the cycle's data up
    const auto points = book.boundaries({out.range.from, end});
    for (std::size_t i = 0; i + 1 < points.size(); ++i) {
      for (const auto& [id, used] : book.usage(points[i], points[i + 1])) {
        if (used.voice_minutes == 0 && used.messages == 0 && used.data_bytes == 0) continue;
        ChargeLine& line = line_for(lines, book, id, points[i], points[i + 1]);
        line.voice_minutes += used.voice_minutes;
        line.messages += used.messages;
        // The MB started in this stretch: the cycle's sum, rounded up, is split where the prices change.
        auto& sum = bytes_so_far[id];
        const auto before = (sum + bytes_per_mb - 1) / bytes_per_mb;
        sum += used.data_bytes;
        line.data_mb += (sum + bytes_per_mb - 1) / bytes_per_mb - before;
      }
    }
    // Active users pay the monthly fee in force at the end of the cycle, on that stretch's line.
    const UnixSeconds last_from = points[points.size() - 2];
    for (const auto& [id, active] : book.active_users_before(end)) {
      if (active > 0) line_for(lines, book, id, last_from, end).active_users = active;
    }

    // A line covers the whole stretch in which its plan and version were in force for its
    // organization, not only the parts with usage.
    for (auto& [key, line] : lines) {
      bool first = true;
      for (std::size_t i = 0; i + 1 < points.size(); ++i) {
        const auto [plan_id, version] = book.price_at(line.org_id, points[i]);
        const LineKey at{line.org_id, plan_id ? *plan_id : "", version ? version->version : 0};
        if (at != key) continue;
        if (first) line.from = points[i];
        line.to = points[i + 1];
        first = false;
      }
      if (out.current && line.to == end) line.to = now;  // as_of
    }
    std::map<std::string, std::int64_t> totals;
    for (auto& [key, line] : lines) {
      price(line);
      if (line.prices) totals[line.prices->currency] = plus(totals[line.prices->currency], line.amount);
      out.lines.push_back(std::move(line));
    }
    std::stable_sort(out.lines.begin(), out.lines.end(), [](const ChargeLine& a, const ChargeLine& b) {
      return std::tie(a.org_name, a.org_id, a.from) < std::tie(b.org_name, b.org_id, b.from);
    });
    for (const auto& [currency, amount] : totals) out.totals.push_back({currency, amount});
    return out;
  });
}

}  // namespace lineport::subscriptions
