#pragma once
// Who is making a request, once authenticated, and where the request came from.

#include <string>

#include "domain/auth/privileges.h"

namespace lineport::auth {

struct Principal {
  std::string admin_id;
  std::string email;
  std::string kind;         // admin | api_user
  std::string home_org_id;  // the top of everything this principal may see
  std::string role_id;
  PrivilegeSet privileges;
  bool password_change_required = false;
  bool via_cookie = false;  // a portal session (CSRF applies) rather than a bearer token
  std::string session_hash;
  std::string csrf_token;
};

}  // namespace lineport::auth

namespace lineport {

// Facts about the request that the audit log records.
struct RequestMeta {
  std::string client_ip;
  std::string request_id;
};

}  // namespace lineport
