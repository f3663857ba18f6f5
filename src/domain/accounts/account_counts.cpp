#include "domain/accounts/account_counts.h"

#include "storage/queries/accounts.h"

namespace lineport::accounts {

void count_new_accounts(storage::Connection& conn, const CountKey& key, UnixSeconds created_at, std::int64_t added) {
  if (added == 0) return;
  conn.execute(storage::sql::accounts::add_to_counts,
               {key.org_id, key.status, key.invitation_status, key.permission_group_id, added});
  // Times are never before 1970: the remainder is the time since the hour or day began.
  conn.execute(storage::sql::accounts::add_to_created_counts,
               {key.org_id, created_at - created_at % 3600, created_at - created_at % 86400, added});
}

}  // namespace lineport::accounts
