#pragma once
#include "storage/database.h"

// Check values of the server's secret keys, which never enter the database (docs/security.md).
namespace lineport::storage::sql::key_checks {

inline constexpr Query select_one{"key_checks.select_one", "SELECT check_value FROM key_checks WHERE purpose = $1"};
inline constexpr Query insert{"key_checks.insert",
                              "INSERT INTO key_checks (purpose, check_value, created_at) VALUES ($1, $2, $3)"};

}  // namespace lineport::storage::sql::key_checks
