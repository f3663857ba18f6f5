#include "domain/subscriptions/plan_rules.h"

#include <algorithm>

#include "domain/accounts/permission_groups.h"
#include "domain/alerts/alerts.h"
#include "domain/orgs/org_service.h"
#include "domain/templates/message_templates.h"
#include "mail/outbox.h"
#include "storage/queries/orgs.h"
#include "storage/queries/subscriptions.h"

namespace lineport::subscriptions {
namespace {

namespace sql = storage::sql::subscriptions;

struct Holder {
  std::string org_id;
  std::string org_name;
  PlanTerms plan;
};

// The organizations from `org_id` up that hold a plan of their own, nearest first.
std::vector<Holder> plan_holders(storage::Connection& conn, const std::string& org_id) {
  constexpr auto c = sql::holder_columns;
  std::vector<Holder> out;
  for (const auto& r : conn.query(sql::select_plan_holders, {org_id}).rows)
    out.push_back({r.text(c["holder_id"]), r.text(c["holder_name"]), plan_terms_from_row(r)});
  return out;
}

// What each Limit bounds, in the order of the enumeration.
struct LimitKind {
  const char* name;    // the field of Limits, as the API names it
  const char* counts;  // what it counts, for messages
  std::optional<std::int64_t> Limits::*max;
  const storage::Query* subtree_count;  // $1: the organization at the top of the subtree
};
constexpr LimitKind limit_kinds[] = {
    {"max_accounts", "user accounts", &Limits::max_accounts, &sql::count_subtree_accounts},
    {"max_numbers", "numbers", &Limits::max_numbers, &storage::sql::orgs::count_subtree_numbers},
    {"max_suborgs", "sub-organizations", &Limits::max_suborgs, &storage::sql::orgs::count_descendants},
};

const LimitKind& kind_of(Limit limit) {
  return limit_kinds[static_cast<std::size_t>(limit)];
}

const std::optional<std::int64_t>& limit_of(const Limits& limits, Limit limit) {
  return limits.*kind_of(limit).max;
}

std::int64_t subtree_count(storage::Connection& conn, const std::string& org_id, Limit limit) {
  return conn.query(*kind_of(limit).subtree_count, {org_id}).one().integer(0);
}

[[noreturn]] void throw_limit(const Holder& holder, Limit limit, std::int64_t max, std::int64_t current,
                              std::int64_t adding) {
  const LimitKind& kind = kind_of(limit);
  std::string detail = "The plan \"" + holder.plan.name + "\" of " + holder.org_name + " allows at most " +
                       std::to_string(max) + " " + kind.counts + "; it holds " + std::to_string(current);
  detail += adding > 0 ? " and this adds " + std::to_string(adding) + "." : ".";
  DomainError error(ErrorCode::subscription_limit, detail);
  error.extra = {{"limit", kind.name},      {"max", max},
                 {"current", current},      {"adding", adding},
                 {"org_id", holder.org_id}, {"plan_id", holder.plan.id}};
  throw error;
}

// The holders from `org_id` up whose plan limits `limit`, locked on PostgreSQL from the top down
// (the order every transaction takes them in).
std::vector<Holder> limiting_holders(storage::Connection& conn, storage::Backend backend, const std::string& org_id,
                                     Limit limit) {
  auto holders = plan_holders(conn, org_id);
  std::erase_if(holders, [&](const Holder& h) { return !limit_of(h.plan.limits, limit); });
  if (backend == storage::Backend::postgresql)
    for (auto it = holders.rbegin(); it != holders.rend(); ++it) conn.query(sql::lock_org, {it->org_id});
  return holders;
}

}  // namespace

void lock_holders(storage::Connection& conn, storage::Backend backend, const std::string& org_id, Limit limit) {
  limiting_holders(conn, backend, org_id, limit);
}

void require_room(storage::Connection& conn, storage::Backend backend, const std::string& org_id, Limit limit,
                  const Arrivals& arrivals) {
  const auto holders = limiting_holders(conn, backend, org_id, limit);
  for (const auto& holder : holders) {
    std::int64_t adding = arrivals.created;
    for (const auto& [from, count] : arrivals.moved_from)
      if (!orgs::in_scope(conn, holder.org_id, from)) adding += count;
    if (adding == 0) continue;
    const std::int64_t max = *limit_of(holder.plan.limits, limit);
    const std::int64_t current = subtree_count(conn, holder.org_id, limit) - (arrivals.counted ? adding : 0);
    if (current + adding > max) throw_limit(holder, limit, max, current, adding);
  }
}

std::optional<std::vector<std::string>> allowed_features(storage::Connection& conn, const std::string& org_id) {
  const auto holders = plan_holders(conn, org_id);
  if (holders.empty()) return std::nullopt;
  std::vector<std::string> out;
  for (const auto feature : accounts::app_features()) {
    const bool everywhere = std::all_of(holders.begin(), holders.end(), [&](const Holder& h) {
      return std::find(h.plan.features.begin(), h.plan.features.end(), feature) != h.plan.features.end();
    });
    if (everywhere) out.emplace_back(feature);
  }
  return out;
}

std::optional<PlanTerms> plan_in_force(storage::Connection& conn, const std::string& org_id) {
  auto holders = plan_holders(conn, org_id);
  if (holders.empty()) return std::nullopt;
  return std::move(holders.front().plan);
}

std::optional<PlanTerms> callers_ceiling(storage::Connection& conn, const auth::Principal& who) {
  const bool at_root = conn.query(storage::sql::orgs::select_parent, {who.home_org_id}).one().is_null(0);
  return at_root ? std::nullopt : plan_in_force(conn, who.home_org_id);
}

bool selectable(const PlanTerms& plan, const std::optional<PlanTerms>& ceiling) {
  return !ceiling || excesses(plan, *ceiling).empty();
}

void require_within(const PlanTerms& plan, const std::optional<PlanTerms>& ceiling) {
  if (!ceiling) return;
  const auto over = excesses(plan, *ceiling);
  if (over.empty()) return;
  std::string detail =
      "The plan \"" + plan.name + "\" goes past your own organization's plan \"" + ceiling->name + "\": ";
  for (std::size_t i = 0; i < over.size(); ++i) detail += (i ? ", " : "") + over[i];
  DomainError error(ErrorCode::subscription_above_own, detail + ".");
  error.extra = {{"plan_id", plan.id}, {"own_plan_id", ceiling->id}, {"excesses", over}};
  throw error;
}

void require_fits(storage::Connection& conn, storage::Backend backend, const std::string& org_id,
                  const PlanTerms& plan) {
  const Holder holder{org_id, orgs::org_name(conn, org_id), plan};
  if (backend == storage::Backend::postgresql) conn.query(sql::lock_org, {org_id});
  for (const Limit limit : {Limit::accounts, Limit::numbers, Limit::suborgs}) {
    const auto& max = limit_of(plan.limits, limit);
    if (!max) continue;
    const std::int64_t current = subtree_count(conn, org_id, limit);
    if (current > *max) throw_limit(holder, limit, *max, current, 0);
  }
}

void check_plan_choice(storage::Connection& conn, storage::Backend backend, const auth::Principal& who,
                       const std::string& org_id, const nlohmann::json& value, const std::string& field) {
  const bool is_root = conn.query(storage::sql::orgs::select_parent, {org_id}).one().is_null(0);
  if (org_id == who.home_org_id && !is_root)
    throw DomainError(ErrorCode::forbidden,
                      "Your organization's plan is chosen by the organization above it; you can choose the plans of "
                      "the organizations below yours.");
  if (value.is_null()) return;
  const auto rows = conn.query(sql::select_usable_by_id, {value.get<std::string>(), org_id});
  if (rows.empty())
    throw DomainError(ErrorCode::validation_failed, "The request has invalid fields.",
                      {{field, "No plan with this id is defined on this organization or above it."}});
  const Plan plan = plan_from_row(rows.one());
  require_within(plan, callers_ceiling(conn, who));
  // The subtree must already fit: a plan change never leaves an organization past its limits.
  require_fits(conn, backend, org_id, plan);
}

void announce_plan_change(storage::Connection& conn, const Clock& clock, const auth::Principal& who,
                          const std::string& org_id, const std::optional<PlanTerms>& before,
                          const std::optional<PlanTerms>& after) {
  if ((before ? before->id : "") == (after ? after->id : "")) return;
  const auto root = conn.query(storage::sql::orgs::select_root).one().text(storage::sql::orgs::root_columns["id"]);
  std::vector<std::pair<std::string, std::string>> to;  // address, language
  for (const auto& org : {org_id, root})
    for (const auto& recipient : alerts::alert_administrators(conn, org).recipients)
      if (std::find(to.begin(), to.end(), recipient) == to.end()) to.push_back(recipient);
  const nlohmann::json values = {{"org_name", orgs::org_name(conn, org_id)},
                                 {"plan_name", after ? after->name : "—"},
                                 {"previous_plan_name", before ? before->name : "—"},
                                 {"changed_by", who.email},
                                 {"changed_at", to_rfc3339(clock.now())}};
  for (const auto& [address, language] : to)
    mail::enqueue(conn, clock, templates::render_mail(conn, org_id, "subscription_changed", language, address, values));
}

void record_plan_history(storage::Connection& conn, const std::string& org_id, const nlohmann::json& value,
                         UnixSeconds at) {
  conn.execute(sql::record_plan_history,
               {org_id, at, value.is_string() ? storage::Value(value.get<std::string>()) : storage::Value()});
}

}  // namespace lineport::subscriptions
