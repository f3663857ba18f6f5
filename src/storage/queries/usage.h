#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.h"
#include "storage/statement.h"

namespace lineport::storage::sql::usage {

// ---- ingest ----------------------------------------------------------------------------------

inline constexpr Query account_by_id{"usage.account_by_id", "SELECT id, org_id FROM accounts WHERE id = $1"};
inline constexpr Query account_by_number{"usage.account_by_number",
                                         "SELECT id, org_id FROM accounts WHERE multiline_number = $1"};
inline constexpr Columns account_columns{account_by_id};
static_assert(Columns{account_by_number} == account_columns);
// Changes no row when (account, id) is stored already: that is what makes ingest idempotent.
inline constexpr Query insert_record{
    "usage.insert_record",
    "INSERT INTO usage_records (account_id, id, org_id, usage_type, direction, started_at, quantity, billable, "
    "ingested_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (account_id, id) DO NOTHING"};
struct InsertRecord {
  std::string account_id;
  std::string id;
  std::string org_id;
  std::string usage_type;
  std::string direction;
  std::int64_t started_at = 0;
  std::int64_t quantity = 0;
  bool billable = false;
  std::int64_t ingested_at = 0;
  Params params() const {
    return bind<insert_record>(account_id, id, org_id, usage_type, direction, started_at, quantity, billable,
                               ingested_at);
  }
};
inline constexpr Query add_to_bucket{
    "usage.add_to_bucket",
    "INSERT INTO usage_buckets (org_id, slot, usage_type, direction, quantity, billable_quantity, records, "
    "billable_minutes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
    "ON CONFLICT (org_id, slot, usage_type, direction) DO UPDATE SET "
    "quantity = usage_buckets.quantity + excluded.quantity, "
    "billable_quantity = usage_buckets.billable_quantity + excluded.billable_quantity, "
    "records = usage_buckets.records + excluded.records, "
    "billable_minutes = usage_buckets.billable_minutes + excluded.billable_minutes"};
struct AddToBucket {
  std::string org_id;
  std::int64_t slot = 0;
  std::string usage_type;
  std::string direction;
  std::int64_t quantity = 0;
  std::int64_t billable_quantity = 0;
  std::int64_t records = 0;
  std::int64_t billable_minutes = 0;  // voice: each billable record rounded up to the started minute
  Params params() const {
    return bind<add_to_bucket>(org_id, slot, usage_type, direction, quantity, billable_quantity, records,
                               billable_minutes);
  }
};
inline constexpr Query add_to_total{
    "usage.add_to_total",
    "INSERT INTO usage_totals (org_id, usage_type, direction, quantity, billable_quantity, records) "
    "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (org_id, usage_type, direction) DO UPDATE SET "
    "quantity = usage_totals.quantity + excluded.quantity, "
    "billable_quantity = usage_totals.billable_quantity + excluded.billable_quantity, "
    "records = usage_totals.records + excluded.records"};
struct AddToTotal {
  std::string org_id;
  std::string usage_type;
  std::string direction;
  std::int64_t quantity = 0;
  std::int64_t billable_quantity = 0;
  std::int64_t records = 0;
  Params params() const {
    return bind<add_to_total>(org_id, usage_type, direction, quantity, billable_quantity, records);
  }
};

// Subtree rollups: the organization itself and every ancestor ($1 = the organization).
inline constexpr Query ancestors_and_self{"usage.ancestors_and_self",
                                          "SELECT ancestor_id FROM org_closure WHERE descendant_id = $1"};
inline constexpr Query add_to_subtree_slot{
    "usage.add_to_subtree_slot",
    "INSERT INTO usage_subtree_slots (org_id, usage_type, slot, billable_quantity) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (org_id, usage_type, slot) DO UPDATE SET "
    "billable_quantity = usage_subtree_slots.billable_quantity + excluded.billable_quantity"};
inline constexpr Query add_to_subtree_day{
    "usage.add_to_subtree_day",
    "INSERT INTO usage_subtree_days (org_id, usage_type, day, billable_quantity) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (org_id, usage_type, day) DO UPDATE SET "
    "billable_quantity = usage_subtree_days.billable_quantity + excluded.billable_quantity"};
inline constexpr Query add_to_subtree_total{
    "usage.add_to_subtree_total",
    "INSERT INTO usage_subtree_totals (org_id, usage_type, billable_quantity) VALUES ($1, $2, $3) "
    "ON CONFLICT (org_id, usage_type) DO UPDATE SET "
    "billable_quantity = usage_subtree_totals.billable_quantity + excluded.billable_quantity"};

// ---- an organization deleted: its usage goes to the parent $2 (like its numbers) -------------

inline constexpr Query move_records_to_parent{"usage.move_records_to_parent",
                                              "UPDATE usage_records SET org_id = $2 WHERE org_id = $1"};
inline constexpr Query merge_buckets_into_parent{
    "usage.merge_buckets_into_parent",
    "INSERT INTO usage_buckets (org_id, slot, usage_type, direction, quantity, billable_quantity, records, "
    "billable_minutes) SELECT $2, slot, usage_type, direction, quantity, billable_quantity, records, "
    "billable_minutes FROM usage_buckets WHERE org_id = $1 ON CONFLICT (org_id, slot, usage_type, direction) "
    "DO UPDATE SET quantity = usage_buckets.quantity + excluded.quantity, "
    "billable_quantity = usage_buckets.billable_quantity + excluded.billable_quantity, "
    "records = usage_buckets.records + excluded.records, "
    "billable_minutes = usage_buckets.billable_minutes + excluded.billable_minutes"};
// Its active-user history goes with its usage: its past cycles are charged to the parent.
inline constexpr Query move_active_user_changes_to_parent{
    "usage.move_active_user_changes_to_parent", "UPDATE active_user_changes SET org_id = $2 WHERE org_id = $1"};
inline constexpr Query merge_totals_into_parent{
    "usage.merge_totals_into_parent",
    "INSERT INTO usage_totals (org_id, usage_type, direction, quantity, billable_quantity, records) "
    "SELECT $2, usage_type, direction, quantity, billable_quantity, records FROM usage_totals "
    "WHERE org_id = $1 ON CONFLICT (org_id, usage_type, direction) DO UPDATE SET "
    "quantity = usage_totals.quantity + excluded.quantity, "
    "billable_quantity = usage_totals.billable_quantity + excluded.billable_quantity, "
    "records = usage_totals.records + excluded.records"};
inline constexpr Query delete_buckets_of{"usage.delete_buckets_of", "DELETE FROM usage_buckets WHERE org_id = $1"};
inline constexpr Query delete_totals_of{"usage.delete_totals_of", "DELETE FROM usage_totals WHERE org_id = $1"};
// Its subtree rollups go: its ancestors' rollups hold its usage already.
inline constexpr Query delete_subtree_slots_of{"usage.delete_subtree_slots_of",
                                               "DELETE FROM usage_subtree_slots WHERE org_id = $1"};
inline constexpr Query delete_subtree_days_of{"usage.delete_subtree_days_of",
                                              "DELETE FROM usage_subtree_days WHERE org_id = $1"};
inline constexpr Query delete_subtree_totals_of{"usage.delete_subtree_totals_of",
                                                "DELETE FROM usage_subtree_totals WHERE org_id = $1"};

// ---- dashboard: always the whole subtree of $1, from its subtree rollups ---------------------

// The billable quantity of type $2 per slot in [$3, $4) (the per-day series).
inline constexpr Query subtree_slots_of_type{"usage.subtree_slots_of_type",
                                             "SELECT slot, billable_quantity FROM usage_subtree_slots "
                                             "WHERE org_id = $1 AND usage_type = $2 AND slot >= $3 AND slot < $4"};
inline constexpr Columns slot_columns{subtree_slots_of_type};
// Billable sums per type: of the slots in [$2, $3), and of the whole UTC days in [$2, $3).
inline constexpr Query subtree_slot_sums{
    "usage.subtree_slot_sums",
    "SELECT usage_type, SUM(billable_quantity) AS billable_quantity FROM usage_subtree_slots "
    "WHERE org_id = $1 AND usage_type IN ('voice', 'message', 'data') AND slot >= $2 AND slot < $3 "
    "GROUP BY usage_type"};
inline constexpr Query subtree_day_sums{
    "usage.subtree_day_sums",
    "SELECT usage_type, SUM(billable_quantity) AS billable_quantity FROM usage_subtree_days "
    "WHERE org_id = $1 AND usage_type IN ('voice', 'message', 'data') AND day >= $2 AND day < $3 "
    "GROUP BY usage_type"};
inline constexpr Query subtree_billable_all_time{
    "usage.subtree_billable_all_time",
    "SELECT usage_type, billable_quantity FROM usage_subtree_totals WHERE org_id = $1"};
// The billable sums per type of the three statements above (usage::Dashboard).
inline constexpr Columns type_sum_columns{subtree_billable_all_time};
static_assert(Columns{subtree_slot_sums} == type_sum_columns && Columns{subtree_day_sums} == type_sum_columns);
// The accounts created in [$2, $3) in the subtree under $1, counted one by one: only for the
// minutes that whole hours leave (subtree_accounts_created_counted).
inline constexpr Query subtree_accounts_created{
    "usage.subtree_accounts_created",
    "SELECT COUNT(*) FROM org_closure c JOIN accounts a ON a.org_id = c.descendant_id "
    "WHERE c.ancestor_id = $1 AND a.created_at >= $2 AND a.created_at < $3"};
// The same from the counters of span $2 (migration 0047), for a range [$3, $4) of whole spans.
inline constexpr Query subtree_accounts_created_counted{
    "usage.subtree_accounts_created_counted",
    "SELECT COALESCE(SUM(n.count), 0) FROM org_closure c JOIN account_created_counts n ON n.org_id = c.descendant_id "
    "WHERE c.ancestor_id = $1 AND n.span = $2 AND n.start >= $3 AND n.start < $4"};
inline constexpr Query subtree_active_accounts{
    "usage.subtree_active_accounts",
    "SELECT COALESCE(SUM(n.count), 0) FROM org_closure c JOIN account_counts n ON n.org_id = c.descendant_id "
    "WHERE c.ancestor_id = $1 AND n.status = 'active'"};

// ---- reports: org $1, or its subtree when $2 = 1, in [$3, $4) --------------------------------

#define LINEPORT_USAGE_ORGS(alias)               \
  "(" alias ".org_id = $1 OR ($2 = 1 AND " alias \
  ".org_id IN "                                  \
  "(SELECT descendant_id FROM org_closure WHERE ancestor_id = $1))) "

// Consumption metrics read slots (in slot order per organization); the report adds them up by
// local day.
inline constexpr Query report_slots{
    "usage.report_slots",
    "SELECT b.org_id, o.name AS org_name, b.slot, b.usage_type, b.direction, b.quantity, b.billable_quantity "
    "FROM usage_buckets b JOIN orgs o ON o.id = b.org_id WHERE " LINEPORT_USAGE_ORGS(
        "b") "AND b.slot >= $3 AND b.slot < $4 ORDER BY o.name, b.org_id, b.slot"};
inline constexpr Columns report_slot_columns{report_slots};

// User metrics: sums per account, ordered by name, after the cursor ($5 last name, $6 first name,
// $7 account id), at most $8.
#define LINEPORT_USAGE_SUMS                                                                                          \
  "SUM(CASE WHEN r.usage_type = 'voice' AND r.direction = 'in' THEN r.quantity ELSE 0 END) AS voice_in_seconds, "    \
  "SUM(CASE WHEN r.usage_type = 'voice' AND r.direction = 'out' THEN r.quantity ELSE 0 END) AS voice_out_seconds, "  \
  "SUM(CASE WHEN r.usage_type = 'message' AND r.direction = 'in' THEN r.quantity ELSE 0 END) AS messages_received, " \
  "SUM(CASE WHEN r.usage_type = 'message' AND r.direction = 'out' THEN r.quantity ELSE 0 END) AS messages_sent, "    \
  "SUM(CASE WHEN r.usage_type = 'data' THEN r.quantity ELSE 0 END) AS data_bytes, "                                  \
  "SUM(CASE WHEN r.usage_type = 'voice' AND r.billable = 1 THEN r.quantity ELSE 0 END) AS billable_voice_seconds, "  \
  "SUM(CASE WHEN r.usage_type = 'message' AND r.billable = 1 THEN r.quantity ELSE 0 END) AS billable_messages, "     \
  "SUM(CASE WHEN r.usage_type = 'data' AND r.billable = 1 THEN r.quantity ELSE 0 END) AS billable_data_bytes "
inline constexpr Query report_user_metrics_page{
    "usage.report_user_metrics_page",
    "SELECT r.account_id, COALESCE(a.first_name, '') AS first_name, COALESCE(a.last_name, '') AS last_name, "
    "COALESCE(a.login, '') AS login, a.multiline_number, COALESCE(a.org_id, MAX(r.org_id)) AS org_id, "
    "COALESCE(o.name, '') AS org_name, " LINEPORT_USAGE_SUMS
    "FROM usage_records r LEFT JOIN accounts a ON a.id = r.account_id "
    "LEFT JOIN orgs o ON o.id = COALESCE(a.org_id, r.org_id) WHERE " LINEPORT_USAGE_ORGS("r")
    "AND r.started_at >= $3 AND r.started_at < $4 "
    "GROUP BY r.account_id, a.first_name, a.last_name, a.login, a.multiline_number, a.org_id, o.name "
    "HAVING (COALESCE(a.last_name, ''), COALESCE(a.first_name, ''), r.account_id) > ($5, $6, $7) "
    "ORDER BY COALESCE(a.last_name, ''), COALESCE(a.first_name, ''), r.account_id LIMIT $8"};
inline constexpr Columns user_metric_page_columns{report_user_metrics_page};
inline constexpr Query report_user_metrics_count{
    "usage.report_user_metrics_count",
    "SELECT COUNT(DISTINCT r.account_id) FROM usage_records r WHERE " LINEPORT_USAGE_ORGS(
        "r") "AND r.started_at >= $3 AND r.started_at < $4"};

// Activities: the records, newest first, before the cursor ($5 started_at, $6 account id, $7 id),
// at most $8.
inline constexpr Query report_activities_page{
    "usage.report_activities_page",
    "SELECT r.id, r.started_at, r.account_id, COALESCE(a.first_name, '') AS first_name, "
    "COALESCE(a.last_name, '') AS last_name, a.multiline_number, r.org_id, COALESCE(o.name, '') AS org_name, "
    "r.usage_type, r.direction, r.quantity, r.billable "
    "FROM usage_records r LEFT JOIN accounts a ON a.id = r.account_id LEFT JOIN orgs o ON o.id = r.org_id "
    "WHERE " LINEPORT_USAGE_ORGS("r") "AND r.started_at >= $3 AND r.started_at < $4 "
    "AND (r.started_at, r.account_id, r.id) < ($5, $6, $7) "
    "ORDER BY r.started_at DESC, r.account_id DESC, r.id DESC LIMIT $8"};
inline constexpr Columns activity_page_columns{report_activities_page};
inline constexpr Query report_activities_count{"usage.report_activities_count",
                                               "SELECT COUNT(*) FROM usage_records r WHERE " LINEPORT_USAGE_ORGS(
                                                   "r") "AND r.started_at >= $3 AND r.started_at < $4"};

#undef LINEPORT_USAGE_SUMS
#undef LINEPORT_USAGE_ORGS

}  // namespace lineport::storage::sql::usage
