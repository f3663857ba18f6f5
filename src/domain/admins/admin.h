#pragma once
// An administrator (or API user) as stored, and the profile rules they share.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "domain/auth/privileges.h"
#include "domain/error.h"
#include "storage/database.h"
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
  int failed_sign_ins = 0;
  std::optional<UnixSeconds> failed_window_start;
  std::optional<UnixSeconds> locked_until;
  std::optional<UnixSeconds> last_sign_in_at;
  UnixSeconds created_at = 0;
  UnixSeconds updated_at = 0;
  auth::PrivilegeSet privileges;  // of the admin's role
  // Filled where the query joins them (lists, single reads).
  std::string role_name;
  std::string org_name;
  std::vector<std::string> external_applications;  // API users only
};

// Reads the columns of storage/queries/admins.h's LINEPORT_ADMIN_COLUMNS starting at `first`.
Admin admin_from_row(const storage::Row& row, std::size_t first = 0);

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

bool is_language(std::string_view value);

}  // namespace lineport::admins
