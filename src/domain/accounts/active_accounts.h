#pragma once
// The per-organization count of active user accounts (migration 0012). Every code path that
// makes an account active, makes it stop being active, or moves or deletes an active one calls
// count_active in the same transaction; tests compare the counts with the accounts after every
// test (tests/support/test_server.cpp).

#include <cstdint>
#include <string>

#include "storage/database.h"

namespace lineport::accounts {

void count_active(storage::Connection& conn, const std::string& org_id, std::int64_t delta);

}  // namespace lineport::accounts
