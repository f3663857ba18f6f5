#pragma once
// Counters kept with the user accounts, in the same transaction as every change they count, so
// reading them never counts the accounts table. Tests compare them with the accounts after every
// HTTP test (tests/support/test_server.cpp).

#include <cstdint>
#include <string>

#include "storage/database.h"

namespace lineport::accounts {

// Active accounts per organization (migration 0012): the dashboard's "Total Active Users". Called
// by every code path that makes an account active, makes it stop being active, or moves or
// deletes an active one.
void count_active(storage::Connection& conn, const std::string& org_id, std::int64_t delta);

// Accounts per permission group and organization (migration 0014): the groups' account counts,
// without an index on accounts.permission_group_id that a CSV import would add 100,000 entries
// to. Called by every code path that adds, deletes or moves an account or changes its group.
void count_in_group(storage::Connection& conn, const std::string& group_id, const std::string& org_id,
                    std::int64_t delta);

}  // namespace lineport::accounts
