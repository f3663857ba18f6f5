#pragma once
// What the charges of a cycle are read from (migration 0033; docs/subscriptions.md#charging).
#include "storage/database.h"
#include "storage/statement.h"

namespace lineport::storage::sql::charging {

// The organizations of the subtree of $1, itself included.
inline constexpr Query select_subtree{"charging.select_subtree",
                                      "SELECT o.id, o.name, o.parent_id FROM org_closure c "
                                      "JOIN orgs o ON o.id = c.descendant_id WHERE c.ancestor_id = $1"};
inline constexpr Columns org_columns{select_subtree};
// The ancestors of $1, nearest first.
inline constexpr Query select_ancestors{
    "charging.select_ancestors",
    "SELECT ancestor_id FROM org_closure WHERE descendant_id = $1 AND depth > 0 ORDER BY depth"};

// Own-plan history of the subtree of $1, and of its ancestors.
inline constexpr Query select_subtree_plan_history{
    "charging.select_subtree_plan_history",
    "SELECT h.org_id, h.effective_from, h.plan_id FROM org_closure c "
    "JOIN org_plan_history h ON h.org_id = c.descendant_id WHERE c.ancestor_id = $1"};
inline constexpr Query select_ancestor_plan_history{
    "charging.select_ancestor_plan_history",
    "SELECT h.org_id, h.effective_from, h.plan_id FROM org_closure c "
    "JOIN org_plan_history h ON h.org_id = c.ancestor_id WHERE c.descendant_id = $1 AND c.depth > 0"};
inline constexpr Columns history_columns{select_subtree_plan_history};
static_assert(Columns{select_ancestor_plan_history} == history_columns);

// Billable usage of each organization of the subtree of $1 over [$2, $3), by type: from the
// 15-minute slots for whole slots, from the records for the parts of a slot.
inline constexpr Query slot_sums{
    "charging.slot_sums",
    "SELECT b.org_id, b.usage_type, SUM(b.billable_quantity) AS billable_quantity, "
    "SUM(b.billable_minutes) AS billable_minutes FROM org_closure c "
    "JOIN usage_buckets b ON b.org_id = c.descendant_id "
    "WHERE c.ancestor_id = $1 AND b.slot >= $2 AND b.slot < $3 GROUP BY b.org_id, b.usage_type"};
inline constexpr Query record_sums{
    "charging.record_sums",
    "SELECT r.org_id, r.usage_type, SUM(r.quantity) AS billable_quantity, "
    "SUM((r.quantity + 59) / 60) AS billable_minutes FROM org_closure c "
    "JOIN usage_records r ON r.org_id = c.descendant_id "
    "WHERE c.ancestor_id = $1 AND r.billable = 1 AND r.started_at >= $2 AND r.started_at < $3 "
    "GROUP BY r.org_id, r.usage_type"};
inline constexpr Columns sum_columns{slot_sums};
static_assert(Columns{record_sums} == sum_columns);

// Active users of each organization of the subtree of $1 just before $2.
inline constexpr Query active_users_before{
    "charging.active_users_before",
    "SELECT a.org_id, SUM(a.delta) AS active FROM org_closure c "
    "JOIN active_user_changes a ON a.org_id = c.descendant_id WHERE c.ancestor_id = $1 AND a.at < $2 "
    "GROUP BY a.org_id"};
inline constexpr Columns active_columns{active_users_before};

// Whether plan $1 was ever an organization's plan (its prices then priced usage).
inline constexpr Query plan_has_history{"charging.plan_has_history",
                                        "SELECT 1 FROM org_plan_history WHERE plan_id = $1 LIMIT 1"};

}  // namespace lineport::storage::sql::charging
