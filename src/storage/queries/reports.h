#pragma once
#include <cstdint>
#include <string>

#include "storage/database.h"
#include "storage/statement.h"

namespace lineport::storage::sql::reports {

// The administrators activity report (docs/performance.md#lists): audit entries of organization $1
// (or its subtree) in [$2, $3), of activity type $4, administrator $5 and event type $6 (an action
// such as account.create; '' = any). The statements come in two sets, one for an organization
// alone, whose entries are read newest first along one of the indexes of migration 0027 and stop
// at the page's end, and one for its subtree. Those whose filters are "'' OR =" conditions are
// planned for their values on PostgreSQL (Query::plan_for_values): its generic plan read every
// entry of the range along audit_log_at and sorted them.
#define LINEPORT_ACTIVITY_RANGE(orgs) "WHERE " orgs "AND l.at >= $2 AND l.at < $3 "
#define LINEPORT_ACTIVITY_FILTERS \
  "AND ($4 = '' OR l.activity_type = $4) AND ($5 = '' OR l.actor_id = $5) AND ($6 = '' OR l.action = $6) "
// No filter at all, a condition on the parameters alone: PostgreSQL checks it once and leaves it
// out of its estimates, so even the generic plan of a prepared statement reads a page along
// audit_log_org_at (a column's "'' OR =" made it read the whole range along audit_log_at).
#define LINEPORT_ACTIVITY_NO_FILTER "AND $4 = '' AND $5 = '' AND $6 = '' "
#define LINEPORT_ACTIVITY_FILTER(orgs) LINEPORT_ACTIVITY_RANGE(orgs) LINEPORT_ACTIVITY_FILTERS

// The target's name as it is now (NULL once it is deleted, or for targets without one): an
// organization, role or permission group by its name, an administrator or account by their
// name (an account without one by its login), a number by itself.
#define LINEPORT_ACTIVITY_TARGET_NAME                                                                           \
  "CASE l.target_type "                                                                                         \
  "WHEN 'org' THEN (SELECT t.name FROM orgs t WHERE t.id = l.target_id) "                                       \
  "WHEN 'role' THEN (SELECT t.name FROM roles t WHERE t.id = l.target_id) "                                     \
  "WHEN 'permission_group' THEN (SELECT t.name FROM permission_groups t WHERE t.id = l.target_id) "             \
  "WHEN 'admin' THEN (SELECT TRIM(t.first_name || ' ' || t.last_name) FROM admins t WHERE t.id = l.target_id) " \
  "WHEN 'account' THEN (SELECT COALESCE(NULLIF(TRIM(t.first_name || ' ' || t.last_name), ''), t.login) "        \
  "FROM accounts t WHERE t.id = l.target_id) "                                                                  \
  "WHEN 'number' THEN l.target_id "                                                                             \
  "END"

// A page newest first, (at, seq) before the cursor ($7, $8), at most $9 entries. `filters` is
// LINEPORT_ACTIVITY_NO_FILTER or LINEPORT_ACTIVITY_FILTERS and one filter again as a plain
// equality, so the page is read along that filter's index.
#define LINEPORT_ACTIVITY_PAGE(orgs, filters)                                                                   \
  "SELECT l.seq, l.at, l.actor_email, l.client_ip, l.org_id, o.name AS org_name, l.action, l.activity_type, "   \
  "l.target_type, l.target_id, l.changes, " LINEPORT_ACTIVITY_TARGET_NAME                                       \
  " AS target_name FROM audit_log l LEFT JOIN orgs o ON o.id = l.org_id " LINEPORT_ACTIVITY_RANGE(orgs) filters \
      "AND (l.at, l.seq) < ($7, $8) ORDER BY l.at DESC, l.seq DESC LIMIT $9"
#define LINEPORT_IN_ORG(column) column " = $1 "
#define LINEPORT_IN_SUBTREE(column) column " IN (SELECT c.descendant_id FROM org_closure c WHERE c.ancestor_id = $1) "
#define LINEPORT_ACTIVITY_FILTERED_BY(lead) LINEPORT_ACTIVITY_FILTERS "AND " lead " "
#define LINEPORT_ACTIVITY_STATEMENTS(set, in_orgs)                                                                       \
  {                                                                                                                      \
    .page = {"reports.admin_activity_page_" set,                                                                       \
             LINEPORT_ACTIVITY_PAGE(in_orgs("l.org_id"), LINEPORT_ACTIVITY_NO_FILTER)},                                \
    .page_of_event = {"reports.admin_activity_page_of_event_" set,                                                     \
                      LINEPORT_ACTIVITY_PAGE(in_orgs("l.org_id"), LINEPORT_ACTIVITY_FILTERED_BY("l.action = $6")),     \
                      true},                                                                                           \
    .page_of_activity = {"reports.admin_activity_page_of_activity_" set,                                               \
                         LINEPORT_ACTIVITY_PAGE(in_orgs("l.org_id"),                                                   \
                                                LINEPORT_ACTIVITY_FILTERED_BY("l.activity_type = $4")),                \
                         true},                                                                                        \
    .page_of_admin = {"reports.admin_activity_page_of_admin_" set,                                                     \
                      LINEPORT_ACTIVITY_PAGE(in_orgs("l.org_id"), LINEPORT_ACTIVITY_FILTERED_BY("l.actor_id = $5")),   \
                      true},                                                                                           \
    .count = {"reports.admin_activity_count_" set,                                                                     \
              "SELECT COUNT(*) FROM audit_log l " LINEPORT_ACTIVITY_FILTER(in_orgs("l.org_id")), true},                \
    .count_of_admin = {"reports.admin_activity_count_of_admin_" set,                                                   \
                       "SELECT COUNT(*) FROM audit_log l " LINEPORT_ACTIVITY_FILTER(in_orgs("l.org_id"))               \
                       "AND l.actor_id = $5",                                                                          \
                       true},                                                                                          \
    .counted = {"reports.admin_activity_counted_" set,                                                                 \
                "SELECT COALESCE(SUM(n.count), 0) FROM audit_counts n WHERE " in_orgs(                                 \
                    "n.org_id") "AND n.span = $2 AND n.start >= $3 AND n.start < $4 "                                  \
                                "AND ($5 = '' OR n.activity_type = $5) AND ($6 = '' OR n.action = $6)"}, \
  }

struct ActivityStatements {
  Query page;              // filter, cursor and limit
  Query page_of_event;     // page along the index of the event type ($6 not '')
  Query page_of_activity;  // page along the index of the activity type ($4 not '')
  Query page_of_admin;     // page along the index of the administrator ($5 not '')
  Query count;             // the entries of the filter, counted (a few minutes of them)
  Query count_of_admin;    // count along the administrator's index ($5 not '')
  // The sum of audit_counts' span $2 from $3 to $4, of activity type $5 and event type $6 ('' = any).
  Query counted;
};
inline constexpr ActivityStatements activity_in_org LINEPORT_ACTIVITY_STATEMENTS("in_org", LINEPORT_IN_ORG);
inline constexpr ActivityStatements activity_in_subtree LINEPORT_ACTIVITY_STATEMENTS("in_subtree", LINEPORT_IN_SUBTREE);
inline constexpr Columns admin_activity_columns{activity_in_org.page};
static_assert(Columns{activity_in_org.page_of_event} == admin_activity_columns &&
              Columns{activity_in_subtree.page} == admin_activity_columns &&
              Columns{activity_in_subtree.page_of_admin} == admin_activity_columns);

// The organizations of subtree $1 whose counters hold entries from $2 to $3 of activity type $4 and
// event type $5 ('' = any): a page of at most 16 of them is merged from their own pages.
inline constexpr Query activity_orgs_in_subtree{
    "reports.admin_activity_orgs_in_subtree",
    "SELECT n.org_id FROM audit_counts n WHERE " LINEPORT_IN_SUBTREE("n.org_id")
    "AND n.span = 86400 AND n.start >= $2 AND n.start < $3 AND ($4 = '' OR n.activity_type = $4) "
    "AND ($5 = '' OR n.action = $5) GROUP BY n.org_id HAVING SUM(n.count) > 0 ORDER BY n.org_id LIMIT 17"};

// The values of the filter ($1 to $6), of a page and of a sum of the counters.
struct ActivityFilter {
  std::string org_id;
  std::int64_t from = 0;
  std::int64_t to = 0;
  std::string activity_type, admin_id, event;  // '' = any
  Params params() const {
    return bind_values<parameter_count(activity_in_org.count.sql)>(org_id, from, to, activity_type, admin_id, event);
  }
};
struct ActivityPage {
  ActivityFilter filter;
  std::int64_t before_at = 0;
  std::int64_t before_seq = 0;
  std::int64_t limit = 0;
  Params params() const {
    const auto& f = filter;
    return bind_values<parameter_count(activity_in_org.page.sql)>(f.org_id, f.from, f.to, f.activity_type, f.admin_id,
                                                                  f.event, before_at, before_seq, limit);
  }
};
struct ActivityCounted {
  std::string org_id;
  std::int64_t span = 0;
  std::int64_t from = 0;  // the first span's start
  std::int64_t to = 0;    // the start of the span after the last
  std::string activity_type, event;
  Params params() const {
    return bind_values<parameter_count(activity_in_org.counted.sql)>(org_id, span, from, to, activity_type, event);
  }
};
struct ActivityOrgsInSubtree {
  std::string org_id;
  std::int64_t from_day = 0;  // the start of the range's first UTC day
  std::int64_t to = 0;
  std::string activity_type, event;
  Params params() const { return bind<activity_orgs_in_subtree>(org_id, from_day, to, activity_type, event); }
};

#undef LINEPORT_ACTIVITY_STATEMENTS
#undef LINEPORT_IN_ORG
#undef LINEPORT_IN_SUBTREE
#undef LINEPORT_ACTIVITY_PAGE
#undef LINEPORT_ACTIVITY_FILTER
#undef LINEPORT_ACTIVITY_FILTERS
#undef LINEPORT_ACTIVITY_FILTERED_BY
#undef LINEPORT_ACTIVITY_NO_FILTER
#undef LINEPORT_ACTIVITY_RANGE
#undef LINEPORT_ACTIVITY_TARGET_NAME

// The administrators report: each administrator's status, derived in one place. A suspension
// wins over the rest; "invited" means not signed in since the latest invitation.
#define LINEPORT_ADMIN_STATUS                                                          \
  "CASE WHEN a.account_suspended = 1 THEN 'account_suspended' "                        \
  "WHEN a.login_suspended = 1 THEN 'login_suspended' "                                 \
  "WHEN a.last_sign_in_at IS NULL OR a.last_sign_in_at < a.invited_at THEN 'invited' " \
  "ELSE 'active' END"
// Administrators of org $1 (or its subtree when $2 = 1) with status $3 ('' = any).
#define LINEPORT_ADMINISTRATORS_FILTER                                             \
  "FROM admins a JOIN roles r ON r.id = a.role_id JOIN orgs o ON o.id = a.org_id " \
  "WHERE (a.org_id = $1 OR ($2 = 1 AND a.org_id IN "                               \
  "(SELECT descendant_id FROM org_closure WHERE ancestor_id = $1))) "              \
  "AND ($3 = '' OR " LINEPORT_ADMIN_STATUS " = $3) "

// One page ordered by (email_key, id) after the cursor ($4, $5), at most $6 rows.
inline constexpr Query administrators_page{
    "reports.administrators_page",
    "SELECT a.id, a.first_name, a.last_name, a.email, a.kind, a.org_id, o.name AS org_name, a.role_id, "
    "r.name AS role_name, " LINEPORT_ADMIN_STATUS
    " AS status, a.invited_at, a.last_sign_in_at, a.email_key " LINEPORT_ADMINISTRATORS_FILTER
    "AND (a.email_key > $4 OR (a.email_key = $4 AND a.id > $5)) "
    "ORDER BY a.email_key, a.id LIMIT $6"};
inline constexpr Columns administrator_columns{administrators_page};
inline constexpr Query administrators_count{"reports.administrators_count",
                                            "SELECT COUNT(*) " LINEPORT_ADMINISTRATORS_FILTER};

#undef LINEPORT_ADMINISTRATORS_FILTER
#undef LINEPORT_ADMIN_STATUS

}  // namespace lineport::storage::sql::reports
