#include "domain/accounts/account_counts.h"

#include "storage/queries/accounts.h"

namespace lineport::accounts {

void count_active(storage::Connection& conn, const std::string& org_id, std::int64_t delta) {
  conn.execute(storage::sql::accounts::add_to_active_count, {org_id, delta});
}

void count_in_group(storage::Connection& conn, const std::string& group_id, const std::string& org_id,
                    std::int64_t delta) {
  conn.execute(storage::sql::accounts::add_to_group_count, {group_id, org_id, delta});
}

}  // namespace lineport::accounts
