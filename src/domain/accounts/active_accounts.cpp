#include "domain/accounts/active_accounts.h"

#include "storage/queries/accounts.h"

namespace lineport::accounts {

void count_active(storage::Connection& conn, const std::string& org_id, std::int64_t delta) {
  conn.execute(storage::sql::accounts::add_to_active_count, {org_id, delta});
}

}  // namespace lineport::accounts
