#pragma once
// The carrier a storage test starts from: the root organization and its super administrator
// (every privilege), as `lineport init` makes them.

#include <string>

#include "domain/auth/principal.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::testing {

inline constexpr const char* carrier_admin_email = "root@carrier.example";

struct Carrier {
  auth::Principal root_admin;
  std::string root_org_id;
};
Carrier initialize_carrier(storage::Database& db, const Clock& clock);

}  // namespace lineport::testing
