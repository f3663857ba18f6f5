#include "domain/accounts/account_counts.h"

#include "domain/reports/activity_counts.h"
#include "storage/queries/accounts.h"

namespace lineport::accounts {

void count_new_accounts(storage::Connection& conn, const CountKey& key, UnixSeconds created_at, std::int64_t added) {
  if (added == 0) return;
  conn.execute(storage::sql::accounts::add_to_counts,
               {key.org_id, key.status, key.invitation_status, key.permission_group_id, added});
  conn.execute(storage::sql::accounts::add_to_created_counts,
               {key.org_id, reports::span_start(created_at, reports::counted_hour),
                reports::span_start(created_at, reports::counted_day), added});
}

}  // namespace lineport::accounts
