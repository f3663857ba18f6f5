#pragma once
#include "storage/database.h"
#include "storage/statement.h"

namespace lineport::storage::sql::reports {

// Audit entries of org $1 (or its subtree when $2 = 1) in [$3, $4), optionally of one activity
// type ($5), one administrator ($6) and one event type ($7, e.g. account.create) ('' = any),
// newest first, before sequence $8.
#define LINEPORT_ACTIVITY_FILTER                                                                                      \
  "FROM audit_log l LEFT JOIN orgs o ON o.id = l.org_id "                                                             \
  "WHERE (l.org_id = $1 OR ($2 = 1 AND l.org_id IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = $1))) " \
  "AND l.at >= $3 AND l.at < $4 AND ($5 = '' OR l.activity_type = $5) AND ($6 = '' OR l.actor_id = $6) "              \
  "AND ($7 = '' OR l.action = $7) "

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

inline constexpr Query admin_activity_page{
    "reports.admin_activity_page",
    "SELECT l.seq, l.at, l.actor_email, l.client_ip, l.org_id, o.name AS org_name, l.action, l.activity_type, "
    "l.target_type, l.target_id, l.changes, " LINEPORT_ACTIVITY_TARGET_NAME " AS target_name " LINEPORT_ACTIVITY_FILTER
    "AND l.seq < $8 ORDER BY l.seq DESC LIMIT $9"};
inline constexpr Columns admin_activity_columns{admin_activity_page};
inline constexpr Query admin_activity_count{"reports.admin_activity_count",
                                            "SELECT COUNT(*) " LINEPORT_ACTIVITY_FILTER "AND l.seq < $8"};

#undef LINEPORT_ACTIVITY_FILTER
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
