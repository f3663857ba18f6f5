#pragma once
// The API user a benchmark's HTTP run signs in as: made through the real role and administrator
// services, its generated password read back from the welcome mail in the outbox (as the person
// receiving it would), so a script can exchange the two for a bearer token at
// POST /api/v1/auth/token.

#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench_carrier.h"
#include "domain/admins/admin_service.h"
#include "domain/events/event_bus.h"
#include "domain/roles/role_service.h"

namespace lineport::bench {

struct ApiUser {
  std::string email;
  std::string password;
};

// An API user at `org_id` (e.g. "api@bench.example") with a new role named `role_name` holding
// `privileges`.
inline ApiUser add_api_user(storage::Database& db, const Clock& clock, const auth::Principal& root,
                            const std::string& org_id, const std::string& email, const std::string& role_name,
                            const std::vector<std::string>& privileges) {
  const events::EventBus events;
  roles::RoleService roles(db, clock, events);
  const auto role = roles.create(root, org_id, {role_name, privileges}, meta);
  admins::AdminService admins(db, clock, events, "http://127.0.0.1:8080");
  admins::NewAdmin api_user;
  api_user.first_name = "Bench";
  api_user.last_name = "Client";
  api_user.email = email;
  api_user.role_id = role.id;
  api_user.external_applications = {"HttpApi"};
  admins.create_api_user(root, org_id, api_user, meta);
  const auto body = db.read([&](storage::Connection& c) {
    return c.query({"bench.mail", "SELECT body_text FROM outbox WHERE recipient = $1"}, {email}).one().text(0);
  });
  std::smatch m;
  if (!std::regex_search(body, m, std::regex("(^|\n)Password: ([^\r\n]+)")))
    throw std::runtime_error("no password in the API user's welcome mail");
  return {email, m[2].str()};
}

}  // namespace lineport::bench
