#include "domain/accounts/account_counts.h"

#include "storage/queries/accounts.h"

namespace lineport::accounts {

void count_new_accounts(storage::Connection& conn, const CountKey& key, std::int64_t added) {
  if (added == 0) return;
  conn.execute(storage::sql::accounts::add_to_counts,
               {key.org_id, key.status, key.invitation_status, key.permission_group_id, added});
}

}  // namespace lineport::accounts
