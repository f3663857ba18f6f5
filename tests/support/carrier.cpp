#include "support/carrier.h"

#include "domain/bootstrap.h"

namespace lineport::testing {

Carrier initialize_carrier(storage::Database& db, const Clock& clock) {
  const auto init =
      bootstrap::initialize(db, clock, {"Carrier", carrier_admin_email, std::string("root-password-0001")});
  return {{init.admin_id, carrier_admin_email, "admin", init.root_org_id, "", auth::PrivilegeSet::all()},
          init.root_org_id};
}

}  // namespace lineport::testing
