#include "domain/numbers/number_pool.h"

#include <cmath>

#include "domain/error.h"
#include "domain/orgs/org_service.h"
#include "domain/orgs/settings.h"
#include "storage/queries/numbers.h"

namespace lineport::numbers {
namespace {

namespace sql = storage::sql::numbers;

bool holds_account(NumberStatus s) {
  return s == NumberStatus::pending_invitation || s == NumberStatus::assigned || s == NumberStatus::activated;
}

[[noreturn]] void throw_unavailable(const std::string& number) {
  throw DomainError(ErrorCode::number_unavailable, "The number " + number + " is not available.",
                    {{"multiline_number", "Not available in this organization's pool."}});
}

}  // namespace

Number number_from_row(const storage::Row& r) {
  constexpr auto c = sql::number_columns;
  Number n;
  n.number = r.text(c["number"]);
  n.org_id = r.text(c["org_id"]);
  n.status = parse_number_status(r.text(c["status"])).value_or(NumberStatus::available);
  n.tag = r.opt_text(c["tag"]);
  n.account_id = r.opt_text(c["account_id"]);
  n.series = r.text(c["series"]);
  n.updated_at = r.integer(c["updated_at"]);
  n.quarantined_until = r.opt_integer(c["quarantined_until"]);
  return n;
}

std::optional<Number> NumberPool::find(const std::string& number) {
  const auto rows = conn_.query(sql::select_one, {number});
  if (rows.empty()) return std::nullopt;
  return number_from_row(rows.one());
}

std::optional<Number> NumberPool::of_account(const std::string& account_id) {
  const auto rows = conn_.query(sql::select_of_account, {account_id});
  if (rows.empty()) return std::nullopt;
  return number_from_row(rows.one());
}

Number NumberPool::apply(NumberEvent event, const Number& number, const std::optional<std::string>& account_id,
                         const std::optional<std::string>& tag) {
  if (auto after = apply_unless_changed(event, number, account_id, tag)) return *after;
  throw_unavailable(number.number);
}

std::optional<Number> NumberPool::apply_unless_changed(NumberEvent event, const Number& number,
                                                       const std::optional<std::string>& account_id,
                                                       const std::optional<std::string>& tag) {
  if (!can_apply(event, number.status)) return std::nullopt;
  const auto& rule = transition_for(event);
  const UnixSeconds now = clock_.now();

  Number after = number;
  after.status = rule.to;
  after.account_id = holds_account(rule.to) ? account_id : std::nullopt;
  after.tag = tag;
  after.quarantined_until = std::nullopt;
  after.updated_at = now;
  if (rule.to == NumberStatus::quarantined) {
    const auto days = orgs::effective_value(conn_, number.org_id, "number_quarantine_days").get<std::int64_t>();
    after.quarantined_until = now + days * 86400;
  }

  const auto changed =
      conn_.execute(sql::set_status, sql::SetStatus{.number = number.number,
                                                    .org_id = number.org_id,
                                                    .from_status = std::string(to_string(number.status)),
                                                    .status = std::string(to_string(after.status)),
                                                    .account_id = after.account_id,
                                                    .tag = after.tag,
                                                    .quarantined_until = after.quarantined_until,
                                                    .updated_at = now}
                                         .params());
  if (changed != 1) return std::nullopt;

  add_count(number.org_id, number.status, -1);
  add_count(number.org_id, after.status, +1);
  if (number.account_id && number.account_id != after.account_id)
    conn_.execute(sql::link_account, {*number.account_id, nullptr, now});
  if (after.account_id && after.account_id != number.account_id)
    conn_.execute(sql::link_account, {*after.account_id, after.number, now});
  return after;
}

Number NumberPool::take(NumberEvent event, const std::string& org_id, const NumberChoice& choice,
                        const std::string& account_id) {
  std::optional<Number> number;
  if (choice.number) {
    number = find(*choice.number);
    if (!number || number->org_id != org_id) throw_unavailable(*choice.number);
  } else if (choice.tag) {
    end_expired_quarantine(org_id);
    const auto rows = conn_.query(sql::first_with_tag, {org_id, *choice.tag});
    if (rows.empty())
      throw DomainError(ErrorCode::no_numbers_available, "No available number has the tag \"" + *choice.tag + "\".",
                        {{"tag", "No available number with this tag."}});
    number = find(rows.one().text(sql::first_with_tag_columns["number"]));
  } else {
    throw std::logic_error("NumberPool::take without a choice");
  }
  // A number held by another account is never taken from it: only free numbers are.
  if (number->status != NumberStatus::available && number->status != NumberStatus::reserved)
    throw_unavailable(number->number);
  return apply(event, *number, account_id, number->tag);
}

std::optional<Number> NumberPool::advance(NumberEvent event, const std::string& account_id) {
  auto number = of_account(account_id);
  if (!number || number->status == transition_for(event).to) return number;
  return apply(event, *number, account_id, number->tag);
}

void NumberPool::give_back(const std::string& account_id) {
  const auto number = of_account(account_id);
  if (!number) return;
  const auto days = orgs::effective_value(conn_, number->org_id, "number_quarantine_days").get<std::int64_t>();
  apply(days > 0 ? NumberEvent::quarantine : NumberEvent::give_back, *number, std::nullopt, number->tag);
}

void NumberPool::move_with_account(const std::string& account_id, const std::string& to_org_id) {
  const auto number = of_account(account_id);
  if (number && number->org_id != to_org_id) move(*number, to_org_id);
}

void NumberPool::move(const Number& number, const std::string& to_org_id) {
  const auto status = std::string(to_string(number.status));
  if (conn_.execute(sql::set_org, sql::SetOrg{.number = number.number,
                                              .from_org_id = number.org_id,
                                              .org_id = to_org_id,
                                              .updated_at = clock_.now(),
                                              .status = status}
                                      .params()) != 1)
    throw_unavailable(number.number);
  add_count(number.org_id, number.status, -1);
  add_count(to_org_id, number.status, +1);
}

std::int64_t NumberPool::move_available(const std::string& from_org_id, const std::string& to_org_id,
                                        const std::string& series, std::int64_t count) {
  const auto moved = conn_.execute(sql::move_first_available, sql::MoveFirstAvailable{.from_org_id = from_org_id,
                                                                                      .to_org_id = to_org_id,
                                                                                      .series = series,
                                                                                      .count = count,
                                                                                      .updated_at = clock_.now()}
                                                                  .params());
  add_count(from_org_id, NumberStatus::available, -moved);
  add_count(to_org_id, NumberStatus::available, moved);
  return moved;
}

std::vector<std::string> NumberPool::first_available(const std::string& org_id, int limit) {
  std::vector<std::string> out;
  for (const auto& row : conn_.query(sql::first_in_status, {org_id, "available", limit}).rows)
    out.push_back(row.text(0));
  return out;
}

void NumberPool::end_expired_quarantine(const std::string& org_id) {
  const auto now = clock_.now();
  for (const auto& row : conn_.query(sql::expired_quarantine, {org_id, now}).rows) {
    // Another server's sweep may have ended it meanwhile, a request taken it back, or both and the
    // number been quarantined again since, until later: skipped.
    const auto number = find(row.text(0));
    if (number && number->quarantined_until && *number->quarantined_until <= now)
      apply_unless_changed(NumberEvent::end_quarantine, *number, std::nullopt, number->tag);
  }
}

void NumberPool::add_count(const std::string& org_id, NumberStatus status, std::int64_t delta) {
  if (delta != 0) conn_.execute(sql::add_count, {org_id, std::string(to_string(status)), delta});
}

std::array<std::int64_t, 6> NumberPool::own_counts(const std::string& org_id) {
  std::array<std::int64_t, 6> counts{};
  constexpr auto c = sql::pool_count_columns;
  for (const auto& row : conn_.query(sql::counts_of_pool, {org_id}).rows)
    if (const auto status = parse_number_status(row.text(c["status"])))
      counts.at(static_cast<std::size_t>(*status)) = row.integer(c["count"]);
  return counts;
}

std::int64_t NumberPool::count(const std::string& org_id, NumberStatus status) {
  return own_counts(org_id).at(static_cast<std::size_t>(status));
}

Utilization NumberPool::utilization(const std::string& org_id) {
  Utilization u;
  u.org_id = org_id;
  u.own = own_counts(org_id);
  constexpr auto c = sql::pool_count_columns;  // counts_of_subtree has the same
  for (const auto& row : conn_.query(sql::counts_of_subtree, {org_id}).rows)
    if (const auto status = parse_number_status(row.text(c["status"])))
      u.subtree.at(static_cast<std::size_t>(*status)) = row.integer(c["count"]);
  for (const auto n : u.subtree) u.total += n;
  std::int64_t own_total = 0;
  for (const auto n : u.own) own_total += n;
  u.allocated_to_suborgs = u.total - own_total;
  u.in_use = u.total - u.count(NumberStatus::available);
  u.utilization_pct =
      u.total == 0 ? 0.0 : std::round(1000.0 * static_cast<double>(u.in_use) / static_cast<double>(u.total)) / 10.0;
  u.threshold_pct = orgs::effective_value(conn_, org_id, "utilization_threshold_pct").get<int>();
  return u;
}

void NumberPool::check_utilization_threshold(const events::EventBus& events, const std::string& org_id) {
  const auto u = utilization(org_id);
  if (u.total == 0 || u.utilization_pct < u.threshold_pct) return;
  events.publish(conn_, {"number_utilization_threshold_exceeded",
                         org_id,
                         {{"org_name", orgs::org_name(conn_, org_id)},
                          {"utilization_pct", u.utilization_pct},
                          {"threshold_pct", u.threshold_pct},
                          {"total", u.total},
                          {"available", u.count(NumberStatus::available)}}});
}

void NumberPool::check_invitation_threshold(const events::EventBus& events, const std::string& org_id) {
  const auto waiting = conn_.query(sql::count_invited_without_number, {org_id}).one().integer(0);
  const auto available = count(org_id, NumberStatus::available);
  if (waiting <= available) return;
  events.publish(conn_, {"invitation_threshold_exceeded",
                         org_id,
                         {{"org_name", orgs::org_name(conn_, org_id)},
                          {"invitations_without_number", waiting},
                          {"available", available}}});
}

}  // namespace lineport::numbers
