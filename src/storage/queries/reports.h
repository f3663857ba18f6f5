#pragma once
#include "storage/database.h"

namespace lineport::storage::sql::reports {

// Audit entries of org $1 (or its subtree when $2 = 1) in [$3, $4), optionally of one activity
// type ($5), one administrator ($6) and one event type ($7, e.g. account.create) ('' = any),
// newest first, before sequence $8.
#define LINEPORT_ACTIVITY_FILTER                                                                              \
  "FROM audit_log l LEFT JOIN orgs o ON o.id = l.org_id "                                                     \
  "WHERE (l.org_id = $1 OR ($2 = 1 AND l.org_id IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = $1))) " \
  "AND l.at >= $3 AND l.at < $4 AND ($5 = '' OR l.activity_type = $5) AND ($6 = '' OR l.actor_id = $6) "   \
  "AND ($7 = '' OR l.action = $7) "

inline constexpr Query admin_activity_page{
    "reports.admin_activity_page",
    "SELECT l.seq, l.at, l.actor_email, l.client_ip, l.org_id, o.name, l.action, l.activity_type, l.target_type, "
    "l.target_id, l.changes " LINEPORT_ACTIVITY_FILTER "AND l.seq < $8 ORDER BY l.seq DESC LIMIT $9"};
inline constexpr Query admin_activity_count{
    "reports.admin_activity_count", "SELECT COUNT(*) " LINEPORT_ACTIVITY_FILTER "AND l.seq < $8"};

#undef LINEPORT_ACTIVITY_FILTER

}  // namespace lineport::storage::sql::reports
