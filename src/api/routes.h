#pragma once
// Every route of the API, built from the domain services (one function per resource file).

#include "api/router.h"
#include "domain/admins/admin_service.h"
#include "domain/alerts/alerts.h"
#include "domain/auth/auth_service.h"
#include "domain/orgs/org_service.h"
#include "domain/reports/admin_activity.h"
#include "domain/roles/role_service.h"
#include "storage/database.h"

namespace lineport::api {

struct Services {
  storage::Database& db;
  auth::AuthService& auth;
  orgs::OrgService& orgs;
  roles::RoleService& roles;
  admins::AdminService& admins;
  alerts::AlertService& alerts;
  reports::AdminActivityReport& admin_activity;
  bool secure_cookies = false;
};

void add_system_routes(Router& router, Services& services);
void add_auth_routes(Router& router, Services& services);
void add_org_routes(Router& router, Services& services);
void add_role_routes(Router& router, Services& services);
void add_admin_routes(Router& router, Services& services);
void add_alert_routes(Router& router, Services& services);
void add_report_routes(Router& router, Services& services);

inline Router build_router(Services& services) {
  Router router;
  add_system_routes(router, services);
  add_auth_routes(router, services);
  add_org_routes(router, services);
  add_role_routes(router, services);
  add_admin_routes(router, services);
  add_alert_routes(router, services);
  add_report_routes(router, services);
  return router;
}

}  // namespace lineport::api
