#pragma once
// Subscription plans and their price versions (migration 0030; docs/subscriptions.md).
#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.h"
#include "storage/statement.h"

namespace lineport::storage::sql::subscriptions {

// An organization's own plan is the setting row `subscription_id`, whose value is the plan id as a
// JSON string: this is that value for plan `p`.
#define LINEPORT_PLAN_SETTING_VALUE "'\"' || p.id || '\"'"

// What the rules read of a plan (subscriptions::PlanTerms), first in every statement that reads
// plans, so that one decoder serves them all.
#define LINEPORT_PLAN_TERMS "p.id, p.name, p.features, p.max_accounts, p.max_numbers, p.max_suborgs"

#define LINEPORT_PLAN_COLUMNS                                                      \
  LINEPORT_PLAN_TERMS                                                              \
  ", p.org_id, o.name AS org_name, p.call_filtering, p.created_at, p.updated_at, " \
  "(SELECT COUNT(*) FROM org_settings s WHERE s.key = 'subscription_id' "          \
  "AND s.value = " LINEPORT_PLAN_SETTING_VALUE ") AS in_use"

// The organizations on the way from $1 up to the root that hold a plan of their own (`s`, `h`),
// each with that plan (`p`), nearest first.
#define LINEPORT_PLAN_HOLDERS_FROM                                                                     \
  " FROM org_closure c JOIN org_settings s ON s.org_id = c.ancestor_id AND s.key = 'subscription_id' " \
  "JOIN subscription_plans p ON s.value = " LINEPORT_PLAN_SETTING_VALUE                                \
  " JOIN orgs h ON h.id = s.org_id WHERE c.descendant_id = $1 ORDER BY c.depth"

// Plans usable at an organization: its own and those of its ancestors, nearest last.
inline constexpr Query select_usable_at{
    "subscriptions.select_usable_at",
    "SELECT " LINEPORT_PLAN_COLUMNS
    " FROM org_closure c JOIN subscription_plans p ON p.org_id = c.ancestor_id "
    "JOIN orgs o ON o.id = p.org_id WHERE c.descendant_id = $1 ORDER BY c.depth DESC, p.name_key"};
inline constexpr Query select_by_id{"subscriptions.select_by_id",
                                    "SELECT " LINEPORT_PLAN_COLUMNS
                                    " FROM subscription_plans p JOIN orgs o ON o.id = p.org_id WHERE p.id = $1"};
// The plan, if it is defined on $2 or one of its ancestors.
inline constexpr Query select_usable_by_id{
    "subscriptions.select_usable_by_id",
    "SELECT " LINEPORT_PLAN_COLUMNS
    " FROM subscription_plans p JOIN orgs o ON o.id = p.org_id "
    "JOIN org_closure c ON c.ancestor_id = p.org_id AND c.descendant_id = $2 WHERE p.id = $1"};
// The plan holders from $1 up with their plans' terms: each one's subtree counts against its
// plan's limits, and its plan's features bound the accounts below it.
inline constexpr Query select_plan_holders{"subscriptions.select_plan_holders",
                                           "SELECT " LINEPORT_PLAN_TERMS
                                           ", s.org_id AS holder_id, h.name AS holder_name" LINEPORT_PLAN_HOLDERS_FROM};
inline constexpr Columns holder_columns{select_plan_holders};
// The same holders with their plans' call filtering (call_filter.cpp).
inline constexpr Query select_holders_call_filtering{
    "subscriptions.select_holders_call_filtering",
    "SELECT p.id, p.name, s.org_id AS holder_id, p.call_filtering" LINEPORT_PLAN_HOLDERS_FROM};
inline constexpr Columns call_filtering_columns{select_holders_call_filtering};
// The organizations whose own setting names plan $1.
inline constexpr Query select_holders_of_plan{
    "subscriptions.select_holders_of_plan",
    "SELECT o.id, o.name FROM org_settings s JOIN orgs o ON o.id = s.org_id "
    "WHERE s.key = 'subscription_id' AND s.value = '\"' || CAST($1 AS TEXT) || '\"' ORDER BY o.name_key"};
inline constexpr Columns org_columns{select_holders_of_plan};

#undef LINEPORT_PLAN_HOLDERS_FROM
#undef LINEPORT_PLAN_COLUMNS
#undef LINEPORT_PLAN_TERMS
#undef LINEPORT_PLAN_SETTING_VALUE
// The columns of a plan (subscriptions::plan_from_row), the same in the statements above.
inline constexpr Columns plan_columns{select_by_id};
static_assert(Columns{select_usable_at} == plan_columns && Columns{select_usable_by_id} == plan_columns);
// A plan's terms lie where the holders' do (subscriptions::plan_terms_from_row reads both).
static_assert(plan_columns["id"] == holder_columns["id"] && plan_columns["name"] == holder_columns["name"] &&
              plan_columns["features"] == holder_columns["features"] &&
              plan_columns["max_accounts"] == holder_columns["max_accounts"] &&
              plan_columns["max_numbers"] == holder_columns["max_numbers"] &&
              plan_columns["max_suborgs"] == holder_columns["max_suborgs"]);

// PostgreSQL: the rows of the organizations holding a plan, taken before counting what their
// subtrees hold, so that two transactions adding to one subtree cannot both pass its limit.
// (SQLite runs one write transaction at a time.)
inline constexpr Query lock_org{"subscriptions.lock_org", "SELECT id FROM orgs WHERE id = $1 FOR UPDATE"};

// What a subtree holds, for the plan limits.
inline constexpr Query count_subtree_accounts{
    "subscriptions.count_subtree_accounts",
    "SELECT COALESCE(SUM(n.count), 0) FROM org_closure c JOIN account_counts n ON n.org_id = c.descendant_id "
    "WHERE c.ancestor_id = $1"};

// Call filtering (docs/subscriptions.md#call-filtering).
inline constexpr Query select_call_filter_version{"subscriptions.select_call_filter_version",
                                                  "SELECT version FROM call_filter_version WHERE id = 1"};
// The organization of the account holding multiline number $1, if it lies in the subtree of $2,
// with the rule sets' version (one statement for the check's two reads).
inline constexpr Query select_caller_org{
    "subscriptions.select_caller_org",
    "SELECT a.org_id, (SELECT version FROM call_filter_version WHERE id = 1) AS version FROM accounts a "
    "JOIN org_closure c ON c.descendant_id = a.org_id AND c.ancestor_id = $2 WHERE a.multiline_number = $1"};
inline constexpr Columns caller_columns{select_caller_org};
// The blocked prefixes that the organization $1 and its ancestors set.
inline constexpr Query select_blocked_prefix_settings{
    "subscriptions.select_blocked_prefix_settings",
    "SELECT s.value FROM org_closure c JOIN org_settings s ON s.org_id = c.ancestor_id "
    "AND s.key = 'call_filter_blocked_prefixes' WHERE c.descendant_id = $1"};

// An organization's own plan from $2 on ($3: the plan, or NULL to inherit); a second change in the
// same second replaces the first.
inline constexpr Query record_plan_history{
    "subscriptions.record_plan_history",
    "INSERT INTO org_plan_history (org_id, effective_from, plan_id) VALUES ($1, $2, $3) "
    "ON CONFLICT (org_id, effective_from) DO UPDATE SET plan_id = excluded.plan_id"};

inline constexpr Query name_taken{"subscriptions.name_taken",
                                  "SELECT 1 FROM subscription_plans WHERE org_id = $1 AND name_key = $2 AND id <> $3"};
inline constexpr Query insert{
    "subscriptions.insert",
    "INSERT INTO subscription_plans (id, org_id, name, name_key, features, max_accounts, max_numbers, max_suborgs, "
    "call_filtering, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)"};
struct Insert {
  std::string id;
  std::string org_id;
  std::string name;
  std::string name_key;
  std::string features;  // JSON
  std::optional<std::int64_t> max_accounts;
  std::optional<std::int64_t> max_numbers;
  std::optional<std::int64_t> max_suborgs;
  std::string call_filtering;   // JSON
  std::int64_t created_at = 0;  // and updated
  Params params() const {
    return bind<insert>(id, org_id, name, name_key, features, max_accounts, max_numbers, max_suborgs, call_filtering,
                        created_at);
  }
};
inline constexpr Query update{
    "subscriptions.update",
    "UPDATE subscription_plans SET name = $2, name_key = $3, features = $4, max_accounts = $5, max_numbers = $6, "
    "max_suborgs = $7, call_filtering = $8, updated_at = $9 WHERE id = $1"};
struct Update {
  std::string id;
  std::string name;
  std::string name_key;
  std::string features;  // JSON
  std::optional<std::int64_t> max_accounts;
  std::optional<std::int64_t> max_numbers;
  std::optional<std::int64_t> max_suborgs;
  std::string call_filtering;  // JSON
  std::int64_t updated_at = 0;
  Params params() const {
    return bind<update>(id, name, name_key, features, max_accounts, max_numbers, max_suborgs, call_filtering,
                        updated_at);
  }
};
inline constexpr Query delete_one{"subscriptions.delete_one", "DELETE FROM subscription_plans WHERE id = $1"};

// Price versions, newest first.
inline constexpr Query select_prices{
    "subscriptions.select_prices",
    "SELECT version, effective_from, currency, voice_per_minute_micros, per_message_micros, data_per_mb_micros, "
    "monthly_per_active_user_micros FROM subscription_prices WHERE plan_id = $1 ORDER BY version DESC"};
inline constexpr Columns price_columns{select_prices};
inline constexpr Query insert_price{
    "subscriptions.insert_price",
    "INSERT INTO subscription_prices (plan_id, version, effective_from, currency, voice_per_minute_micros, "
    "per_message_micros, data_per_mb_micros, monthly_per_active_user_micros) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"};
struct InsertPrice {
  std::string plan_id;
  std::int64_t version = 0;
  std::int64_t effective_from = 0;
  std::string currency;
  std::int64_t voice_per_minute = 0;  // micro-units, as every amount here
  std::int64_t per_message = 0;
  std::int64_t data_per_mb = 0;
  std::int64_t monthly_per_active_user = 0;
  Params params() const {
    return bind<insert_price>(plan_id, version, effective_from, currency, voice_per_minute, per_message, data_per_mb,
                              monthly_per_active_user);
  }
};

}  // namespace lineport::storage::sql::subscriptions
