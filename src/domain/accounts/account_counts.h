#pragma once
// How many user accounts each organization holds, by status, invitation status and permission
// group (migration 0024): the exact totals of the Accounts page for every filter, the dashboard's
// active users and the groups' account counts, read without counting the accounts table; and by
// the hour of their creation (migration 0047), for the dashboard's new users.
// Database triggers follow every change and deletion of an account in the same transaction; the
// two code paths that insert accounts add them here, so a CSV import adds its 100,000 rows in one
// step instead of one trigger run per row (docs/performance.md#lists). Tests compare the counts
// with the accounts after every HTTP test (tests/support/test_server.cpp).

#include <cstdint>
#include <string>

#include "storage/database.h"
#include "util/clock.h"

namespace lineport::accounts {

// What the counts are kept by: the account's organization, status, invitation status and
// permission group ('' for none).
struct CountKey {
  std::string org_id;
  std::string status;
  std::string invitation_status;
  std::string permission_group_id;
};

// `added` new accounts of that key, created at `created_at` and just inserted in this
// transaction; also counted by the hour and day of their creation (account_created_counts,
// migration 0047: the dashboard's new users).
void count_new_accounts(storage::Connection& conn, const CountKey& key, UnixSeconds created_at, std::int64_t added);

}  // namespace lineport::accounts
