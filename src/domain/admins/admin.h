#pragma once
// An administrator (or API user) as stored, and the profile rules they share.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "domain/audit/audit_log.h"
#include "domain/auth/privileges.h"
#include "domain/error.h"
#include "storage/database.h"
#include "storage/queries/admins.h"
#include "util/clock.h"

namespace lineport::admins {

struct Admin {
  std::string id;
  std::string org_id;
  std::string role_id;
  std::string kind;  // admin | api_user
  std::string first_name;
  std::string last_name;
  std::string email;
  std::optional<std::string> device_number;
  std::string timezone;
  std::string language;
  nlohmann::json address;
  std::string password_hash;
  bool password_change_required = false;
  bool login_suspended = false;
  bool account_suspended = false;
  std::optional<UnixSeconds> last_sign_in_at;
  UnixSeconds created_at = 0;
  UnixSeconds updated_at = 0;
  auth::PrivilegeSet privileges;  // of the admin's role
  // Filled where the query joins them (lists, single reads).
  std::string role_name;
  std::string org_name;
  std::vector<std::string> external_applications;  // API users only
  std::optional<std::string> photo_version;        // the photo's SHA-256, when there is one
};

// Reads a row of a statement that begins with storage::sql::admins::admin_columns.
Admin admin_from_row(const storage::Row& row);

struct ProfilePatch {
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  std::optional<std::optional<std::string>> device_number;  // set to nullopt to clear
  std::optional<std::string> timezone;
  std::optional<std::string> language;
  std::optional<nlohmann::json> address;
};

// Validates and applies a profile patch to `admin` (no database access).
void apply_profile_patch(Admin& admin, const ProfilePatch& patch, Validator& v);

// The profile as admins.update and admins.update_profile write it.
storage::sql::admins::ProfileFields profile_fields(const Admin& admin);

// Adds the profile fields that differ between `before` and `after` to an audit entry's changes.
void compare_profiles(audit::Changes& changes, const Admin& before, const Admin& after);

bool is_language(std::string_view value);

}  // namespace lineport::admins
