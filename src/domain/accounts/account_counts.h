#pragma once
// How many user accounts each organization holds, by status, invitation status and permission
// group (migration 0024): the exact totals of the Accounts page for every filter, the dashboard's
// active users and the groups' account counts, read without counting the accounts table.
// Database triggers follow every change and deletion of an account in the same transaction; the
// two code paths that insert accounts add them here, so a CSV import adds its 100,000 rows in one
// step instead of one trigger run per row (docs/performance.md#lists). Tests compare the counts
// with the accounts after every HTTP test (tests/support/test_server.cpp).

#include <cstdint>
#include <string>

#include "storage/database.h"

namespace lineport::accounts {

// What the counts are kept by: the account's organization, status, invitation status and
// permission group ('' for none).
struct CountKey {
  std::string org_id;
  std::string status;
  std::string invitation_status;
  std::string permission_group_id;
};

// `added` new accounts of that key, just inserted in this transaction.
void count_new_accounts(storage::Connection& conn, const CountKey& key, std::int64_t added);

}  // namespace lineport::accounts
