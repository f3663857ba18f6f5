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

// An account leaves one (group, organization) for another: -1 and +1, in the order of their keys,
// so two transactions moving accounts in opposite directions on PostgreSQL take the two counter
// rows in the same order and never deadlock. Nothing when the two are the same.
void move_in_group_counts(storage::Connection& conn, const std::string& from_group, const std::string& from_org,
                          const std::string& to_group, const std::string& to_org);

// An active account moves from one organization to another: the same, for the active counts.
void move_in_active_counts(storage::Connection& conn, const std::string& from_org, const std::string& to_org);

}  // namespace lineport::accounts
