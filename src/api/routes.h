#pragma once
// Every route of the API, built from the domain services (one function per resource file).

#include "api/router.h"
#include "domain/auth/auth_service.h"
#include "domain/orgs/org_service.h"
#include "storage/database.h"

namespace lineport::api {

struct Services {
  storage::Database& db;
  auth::AuthService& auth;
  orgs::OrgService& orgs;
  bool secure_cookies = false;
};

void add_system_routes(Router& router, Services& services);
void add_auth_routes(Router& router, Services& services);
void add_org_routes(Router& router, Services& services);

inline Router build_router(Services& services) {
  Router router;
  add_system_routes(router, services);
  add_auth_routes(router, services);
  add_org_routes(router, services);
  return router;
}

}  // namespace lineport::api
