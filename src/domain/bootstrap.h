#pragma once
// `lineport init`: the root organization, the built-in roles and the first super administrator.

#include <optional>
#include <string>

#include "storage/database.h"
#include "util/clock.h"

namespace lineport::bootstrap {

inline constexpr std::string_view super_admin_role = "Enterprise Super Administrator";
inline constexpr std::string_view api_user_role = "API User";

struct InitRequest {
  std::string root_org_name;
  std::string admin_email;
  std::optional<std::string> admin_password;  // generated when absent; then it must be changed
  std::string timezone = "UTC";
  std::string language = "en";
};

struct InitResult {
  std::string root_org_id;
  std::string admin_id;
  std::optional<std::string> generated_password;
};

// Fails (conflict) when the database already has a root organization.
InitResult initialize(storage::Database& db, const Clock& clock, const InitRequest& request);

// Creates an administrator directly (init, demo, tests): password hashed here.
std::string insert_admin(storage::Connection& conn, const Clock& clock, const std::string& org_id,
                         const std::string& role_id, const std::string& email, const std::string& first_name,
                         const std::string& last_name, const std::string& password, bool must_change);

std::string built_in_role_id(storage::Connection& conn, std::string_view name);

}  // namespace lineport::bootstrap
