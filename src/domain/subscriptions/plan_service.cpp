#include "domain/subscriptions/plan_service.h"

#include "domain/accounts/permission_groups.h"
#include "domain/audit/audit_log.h"
#include "domain/error.h"
#include "domain/names.h"
#include "domain/orgs/defined_in_org.h"
#include "domain/orgs/org_service.h"
#include "domain/subscriptions/plan_rules.h"
#include "storage/queries/charging.h"
#include "storage/queries/subscriptions.h"
#include "util/crypto.h"
#include "util/money.h"
#include "util/text.h"

namespace lineport::subscriptions {
namespace {

namespace sql = storage::sql::subscriptions;

void insert_prices(storage::Connection& conn, const std::string& plan_id, std::int64_t version, UnixSeconds from,
                   const Prices& p) {
  conn.execute(sql::insert_price, sql::InsertPrice{.plan_id = plan_id,
                                                   .version = version,
                                                   .effective_from = from,
                                                   .currency = p.currency,
                                                   .voice_per_minute = p.voice_per_minute,
                                                   .per_message = p.per_message,
                                                   .data_per_mb = p.data_per_mb,
                                                   .monthly_per_active_user = p.monthly_per_active_user}
                                      .params());
}

void require_name_free(storage::Connection& conn, const std::string& org_id, const std::string& name,
                       const std::string& self_id) {
  orgs::require_name_free(conn, sql::name_taken, org_id, name, self_id, "plan");
}

}  // namespace

Plan PlanService::load(storage::Connection& conn, const std::string& plan_id) {
  const auto rows = conn.query(sql::select_by_id, {plan_id});
  if (rows.empty()) throw_not_found("The plan does not exist.");
  Plan plan = plan_from_row(rows.one());
  plan.prices = load_prices(conn, plan.id);
  return plan;
}

Plan PlanService::load_editable(storage::Connection& conn, const auth::Principal& who, const std::string& plan_id) {
  Plan plan = orgs::load_defined_in_scope(conn, who, sql::select_by_id, plan_id, plan_from_row, "plan");
  plan.prices = load_prices(conn, plan.id);
  return plan;
}

void PlanService::require_within_own(storage::Connection& conn, const auth::Principal& who, const Plan& plan) {
  require_within(plan, callers_ceiling(conn, who));
}

std::vector<UsablePlan> PlanService::list_usable(const auth::Principal& who, const std::string& org_id) {
  return db_.read([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    const auto ceiling = callers_ceiling(conn, who);
    std::vector<UsablePlan> out;
    for (const auto& r : conn.query(sql::select_usable_at, {org_id}).rows) {
      Plan plan = plan_from_row(r);
      plan.prices = load_prices(conn, plan.id);
      const bool can_choose = selectable(plan, ceiling);
      out.push_back({std::move(plan), can_choose});
    }
    return out;
  });
}

UsablePlan PlanService::get(const auth::Principal& who, const std::string& plan_id) {
  return db_.read([&](storage::Connection& conn) {
    Plan plan = load(conn, plan_id);
    // Visible where it is usable by the caller's organization (defined above it) or where the
    // caller's scope holds the organization that defines it.
    if (!orgs::in_scope(conn, who.home_org_id, plan.org_id) && !orgs::in_scope(conn, plan.org_id, who.home_org_id))
      throw_not_found("The plan does not exist.");
    const bool can_choose = selectable(plan, callers_ceiling(conn, who));
    return UsablePlan{std::move(plan), can_choose};
  });
}

Plan PlanService::create(const auth::Principal& who, const std::string& org_id, const PlanInput& input,
                         const RequestMeta& meta) {
  Validator v;
  Plan plan;
  plan.name = clean_name(input.name.value_or(""), "name", 100, v);
  if (!input.features) v.fail("features", "Is required: a list of app features (may be empty).");
  plan.features = accounts::clean_features(input.features.value_or(std::vector<std::string>{}), v);
  const auto required = [&](const std::optional<nlohmann::json>& field, const char* name, const char* what) {
    if (!field) v.fail(name, std::string("Is required: ") + what + ".");
    return field.has_value();
  };
  if (required(input.limits, "limits", "max_accounts, max_numbers and max_suborgs"))
    plan.limits = parse_limits(*input.limits, v);
  Prices prices;
  if (required(input.charging, "charging",
               "currency, voice_per_minute, per_message, data_per_mb and monthly_per_active_user"))
    prices = parse_prices(*input.charging, v);
  if (required(input.call_filtering, "call_filtering", "mode, allowed_prefixes and blocked_prefixes"))
    plan.call_filtering = parse_call_filtering(*input.call_filtering, v);
  v.throw_if_failed();

  plan.id = crypto::new_id();
  db_.write([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    require_name_free(conn, org_id, plan.name, "");
    require_within_own(conn, who, plan);
    const auto now = clock_.now();
    conn.execute(sql::insert, sql::Insert{.id = plan.id,
                                          .org_id = org_id,
                                          .name = plan.name,
                                          .name_key = text::fold_case(plan.name),
                                          .features = nlohmann::json(plan.features).dump(),
                                          .max_accounts = plan.limits.max_accounts,
                                          .max_numbers = plan.limits.max_numbers,
                                          .max_suborgs = plan.limits.max_suborgs,
                                          .call_filtering = call_filtering_json(plan.call_filtering).dump(),
                                          .created_at = now}
                                  .params());
    insert_prices(conn, plan.id, 1, now, prices);
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {org_id,
                   "subscription.create",
                   audit::Activity::write,
                   "subscription",
                   plan.id,
                   {{"name", plan.name},
                    {"features", plan.features},
                    {"limits", limits_json(plan.limits)},
                    {"charging", prices_json(prices)},
                    {"call_filtering", call_filtering_json(plan.call_filtering)}}});
  });
  return db_.read([&](storage::Connection& conn) { return load(conn, plan.id); });
}

Plan PlanService::update(const auth::Principal& who, const std::string& plan_id, const PlanInput& input,
                         const RequestMeta& meta) {
  Validator v;
  std::optional<std::string> name;
  if (input.name) name = clean_name(*input.name, "name", 100, v);
  std::optional<std::vector<std::string>> features;
  if (input.features) features = accounts::clean_features(*input.features, v);
  std::optional<Limits> limits;
  if (input.limits) limits = parse_limits(*input.limits, v);
  std::optional<Prices> prices;
  if (input.charging) prices = parse_prices(*input.charging, v);
  std::optional<CallFiltering> call_filtering;
  if (input.call_filtering) call_filtering = parse_call_filtering(*input.call_filtering, v);
  v.throw_if_failed();

  db_.write([&](storage::Connection& conn) {
    Plan plan = load_editable(conn, who, plan_id);
    nlohmann::json changes = nlohmann::json::object();
    if (name && *name != plan.name) {
      require_name_free(conn, plan.org_id, *name, plan.id);
      changes["name"] = {{"from", plan.name}, {"to", *name}};
      plan.name = *name;
    }
    if (features && *features != plan.features) {
      changes["features"] = {{"from", plan.features}, {"to", *features}};
      plan.features = *features;
    }
    if (limits && *limits != plan.limits) {
      changes["limits"] = {{"from", limits_json(plan.limits)}, {"to", limits_json(*limits)}};
      plan.limits = *limits;
    }
    if (call_filtering && *call_filtering != plan.call_filtering) {
      changes["call_filtering"] = {{"from", call_filtering_json(plan.call_filtering)},
                                   {"to", call_filtering_json(*call_filtering)}};
      plan.call_filtering = *call_filtering;
    }
    const auto& current = plan.prices.front();
    const bool new_prices = prices && *prices != current.prices;
    if (new_prices)
      changes["charging"] = {
          {"from", prices_json(current.prices)}, {"to", prices_json(*prices)}, {"version", current.version + 1}};
    if (changes.empty()) return;
    require_within_own(conn, who, plan);
    // Every organization on the plan must still fit in it.
    if (limits)
      for (const auto& r : conn.query(sql::select_holders_of_plan, {plan.id}).rows)
        require_fits(conn, db_.backend(), r.text(sql::org_columns["id"]), plan);
    const auto now = clock_.now();
    conn.execute(sql::update, sql::Update{.id = plan.id,
                                          .name = plan.name,
                                          .name_key = text::fold_case(plan.name),
                                          .features = nlohmann::json(plan.features).dump(),
                                          .max_accounts = plan.limits.max_accounts,
                                          .max_numbers = plan.limits.max_numbers,
                                          .max_suborgs = plan.limits.max_suborgs,
                                          .call_filtering = call_filtering_json(plan.call_filtering).dump(),
                                          .updated_at = now}
                                  .params());
    if (new_prices) insert_prices(conn, plan.id, current.version + 1, now, *prices);
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {plan.org_id, "subscription.update", audit::Activity::write, "subscription", plan.id, changes});
  });
  return db_.read([&](storage::Connection& conn) { return load(conn, plan_id); });
}

void PlanService::remove(const auth::Principal& who, const std::string& plan_id, const RequestMeta& meta) {
  db_.write([&](storage::Connection& conn) {
    const Plan plan = load_editable(conn, who, plan_id);
    if (plan.in_use > 0) {
      nlohmann::json orgs = nlohmann::json::array();
      constexpr auto c = sql::org_columns;
      for (const auto& r : conn.query(sql::select_holders_of_plan, {plan.id}).rows)
        orgs.push_back({{"id", r.text(c["id"])}, {"name", r.text(c["name"])}});
      DomainError error(ErrorCode::subscription_in_use, "The plan is in use by " + std::to_string(plan.in_use) +
                                                            " organization(s). Give them another plan first.");
      error.extra = {{"orgs", std::move(orgs)}};
      throw error;
    }
    // Its prices priced usage: charges of past cycles read them (docs/subscriptions.md#charging).
    if (!conn.query(storage::sql::charging::plan_has_history, {plan.id}).empty())
      throw DomainError(ErrorCode::subscription_in_use,
                        "The plan has been in force for an organization: its prices are kept for its charges.");
    conn.execute(sql::delete_one, {plan.id});
    audit::append(
        conn, clock_, audit::actor_of(who), meta,
        {plan.org_id, "subscription.delete", audit::Activity::write, "subscription", plan.id, {{"name", plan.name}}});
  });
}

}  // namespace lineport::subscriptions
