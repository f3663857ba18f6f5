#pragma once
#include "storage/database.h"

namespace lineport::storage::sql::numbers {

#define LINEPORT_NUMBER_COLUMNS "number, org_id, status, tag, account_id, series, updated_at, quarantined_until"

inline constexpr Query select_one{"numbers.select_one",
                                  "SELECT " LINEPORT_NUMBER_COLUMNS " FROM numbers WHERE number = $1"};
inline constexpr Query select_of_account{
    "numbers.select_of_account", "SELECT " LINEPORT_NUMBER_COLUMNS " FROM numbers WHERE account_id = $1"};

// A pool's page in number order after the cursor $5 (a number), filtered by tag $2, series $3
// and text $4 (a LIKE pattern on the number); '' means any. The status, when filtered, is an
// equality of its own query so the (org_id, status, number) index gives the order.
#define LINEPORT_NUMBER_FILTER \
  "($2 = '' OR tag = $2) AND ($3 = '' OR series = $3) AND ($4 = '' OR number LIKE $4) AND number > $5 "
inline constexpr Query select_page{
    "numbers.select_page",
    "SELECT " LINEPORT_NUMBER_COLUMNS " FROM numbers WHERE org_id = $1 AND " LINEPORT_NUMBER_FILTER
    "ORDER BY number LIMIT $6"};
inline constexpr Query select_page_in_status{
    "numbers.select_page_in_status",
    "SELECT " LINEPORT_NUMBER_COLUMNS " FROM numbers WHERE org_id = $1 AND status = $7 AND " LINEPORT_NUMBER_FILTER
    "ORDER BY number LIMIT $6"};
inline constexpr Query count_filtered{
    "numbers.count_filtered",
    "SELECT COUNT(*) FROM numbers WHERE org_id = $1 AND ($6 = '' OR status = $6) AND " LINEPORT_NUMBER_FILTER};
#undef LINEPORT_NUMBER_FILTER

inline constexpr Query insert{
    "numbers.insert",
    "INSERT INTO numbers (number, org_id, status, tag, account_id, series, updated_at) "
    "VALUES ($1, $2, 'available', $3, NULL, $4, $5) ON CONFLICT (number) DO NOTHING"};

// Compare-and-set: changes the status only if the number is still in pool $2 with status $3, so
// of two concurrent requests for one number exactly one changes a row.
inline constexpr Query set_status{
    "numbers.set_status",
    "UPDATE numbers SET status = $4, account_id = $5, tag = $6, quarantined_until = $7, updated_at = $8 "
    "WHERE number = $1 AND org_id = $2 AND status = $3"};
inline constexpr Query set_org{
    "numbers.set_org",
    "UPDATE numbers SET org_id = $3, updated_at = $4 WHERE number = $1 AND org_id = $2 AND status = $5"};

// The first numbers of a pool in a status, in number order (the index holds that order).
inline constexpr Query first_in_status{
    "numbers.first_in_status",
    "SELECT number FROM numbers WHERE org_id = $1 AND status = $2 ORDER BY number LIMIT $3"};
inline constexpr Query first_in_series{
    "numbers.first_in_series",
    "SELECT number FROM numbers WHERE org_id = $1 AND series = $2 AND status = $3 ORDER BY number LIMIT $4"};
inline constexpr Query first_with_tag{
    "numbers.first_with_tag",
    "SELECT number, status FROM numbers WHERE org_id = $1 AND tag = $2 AND status IN ('available', 'reserved') "
    "ORDER BY status, number LIMIT 1"};

// Moves up to $4 available numbers (optionally of series $3) from pool $1 to pool $2. The outer
// conditions repeat the inner ones: on PostgreSQL a row changed by a concurrent transaction is
// re-checked against them, not against the subquery's snapshot.
inline constexpr Query move_first_available{
    "numbers.move_first_available",
    "UPDATE numbers SET org_id = $2, updated_at = $5 WHERE org_id = $1 AND status = 'available' AND number IN ("
    "SELECT number FROM numbers WHERE org_id = $1 AND status = 'available' AND ($3 = '' OR series = $3) "
    "ORDER BY number LIMIT $4)"};

inline constexpr Query expired_quarantine{
    "numbers.expired_quarantine",
    "SELECT number FROM numbers WHERE org_id = $1 AND status = 'quarantined' AND quarantined_until <= $2"};

inline constexpr Query pools_with_expired_quarantine{
    "numbers.pools_with_expired_quarantine",
    "SELECT DISTINCT org_id FROM numbers WHERE status = 'quarantined' AND quarantined_until <= $1"};

inline constexpr Query series_of_pool{
    "numbers.series_of_pool",
    "SELECT series, SUM(CASE WHEN status = 'available' THEN 1 ELSE 0 END), COUNT(*) FROM numbers "
    "WHERE org_id = $1 GROUP BY series ORDER BY series LIMIT 1000"};
inline constexpr Query tags_of_pool{
    "numbers.tags_of_pool",
    "SELECT tag, SUM(CASE WHEN status IN ('available', 'reserved') THEN 1 ELSE 0 END), COUNT(*) FROM numbers "
    "WHERE org_id = $1 AND tag IS NOT NULL GROUP BY tag ORDER BY tag LIMIT 1000"};

// ---- number_counts: per pool and status, kept in step with every change ----
inline constexpr Query add_count{
    "numbers.add_count",
    "INSERT INTO number_counts (org_id, status, count) VALUES ($1, $2, $3) "
    "ON CONFLICT (org_id, status) DO UPDATE SET count = number_counts.count + excluded.count"};
inline constexpr Query counts_of_pool{"numbers.counts_of_pool",
                                      "SELECT status, count FROM number_counts WHERE org_id = $1"};
inline constexpr Query count_below{
    "numbers.count_below",
    "SELECT COALESCE(SUM(n.count), 0) FROM org_closure c JOIN number_counts n ON n.org_id = c.descendant_id "
    "WHERE c.ancestor_id = $1 AND c.depth > 0"};
// Used after an organization's pool is merged into its parent's (organization deleted).
inline constexpr Query delete_counts_of_pool{"numbers.delete_counts_of_pool",
                                             "DELETE FROM number_counts WHERE org_id = $1"};
inline constexpr Query recount_pool{
    "numbers.recount_pool",
    "INSERT INTO number_counts (org_id, status, count) "
    "SELECT org_id, status, COUNT(*) FROM numbers WHERE org_id = $1 GROUP BY org_id, status"};

// The direct children of an organization with what their subtree holds.
inline constexpr Query children_totals{
    "numbers.children_totals",
    "SELECT o.id, o.name, "
    "(SELECT COALESCE(SUM(n.count), 0) FROM org_closure c JOIN number_counts n ON n.org_id = c.descendant_id "
    " WHERE c.ancestor_id = o.id), "
    "(SELECT COALESCE(SUM(n.count), 0) FROM number_counts n WHERE n.org_id = o.id AND n.status = 'available') "
    "FROM orgs o WHERE o.parent_id = $1 ORDER BY o.name LIMIT 1000"};

// ---- the account side of a number ----
inline constexpr Query link_account{"numbers.link_account",
                                    "UPDATE accounts SET multiline_number = $2, updated_at = $3 WHERE id = $1"};

inline constexpr Query count_invited_without_number{
    "numbers.count_invited_without_number",
    "SELECT COUNT(*) FROM accounts WHERE org_id = $1 AND status = 'invited' AND multiline_number IS NULL"};

#undef LINEPORT_NUMBER_COLUMNS

}  // namespace lineport::storage::sql::numbers
