#pragma once
// Roles (docs/product.md#administrators-roles-and-privileges): named sets of privileges, defined on an organization and
// usable there and in every descendant. Nobody can create or widen a role past the privileges they hold themselves.

#include <optional>
#include <string>
#include <vector>

#include "domain/auth/principal.h"
#include "domain/events/event_bus.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::roles {

struct Role {
  std::string id;
  std::string org_id;  // where it is defined
  std::string org_name;
  std::string name;
  std::vector<std::string> privileges;
  bool built_in = false;
  UnixSeconds created_at = 0;
  UnixSeconds updated_at = 0;
  std::int64_t admin_count = 0;  // administrators holding it
};

Role role_from_row(const storage::Row& row);

// The role `role_id` if it can be given to an administrator of `org_id` (defined there or above).
std::optional<Role> find_usable_role(storage::Connection& conn, const std::string& role_id, const std::string& org_id);

// Copies the role `role_id`, usable at `org_id`, into `org_id` as a role of its own (an organization
// template's roles) and returns the copy's id. The caller must be able to create it: the roles
// privilege and every privilege of the role (403). A role no longer there is 409 on `field`.
std::string copy_role(storage::Connection& conn, const Clock& clock, const auth::Principal& who,
                      const std::string& role_id, const std::string& org_id, const std::string& field);

struct RoleInput {
  std::optional<std::string> name;
  std::optional<std::vector<std::string>> privileges;
};

class RoleService {
 public:
  RoleService(storage::Database& db, const Clock& clock, const events::EventBus& events)
      : db_(db), clock_(clock), events_(events) {}

  // The roles usable at `org_id`: inherited ones (from ancestors) first, then its own.
  std::vector<Role> list_usable(const auth::Principal& who, const std::string& org_id);
  Role create(const auth::Principal& who, const std::string& org_id, const RoleInput& input, const RequestMeta& meta);
  Role update(const auth::Principal& who, const std::string& role_id, const RoleInput& input, const RequestMeta& meta);
  void remove(const auth::Principal& who, const std::string& role_id, const RequestMeta& meta);

 private:
  // The role, if it is defined inside the caller's subtree (others are 404).
  Role load_editable(storage::Connection& conn, const auth::Principal& who, const std::string& role_id);

  storage::Database& db_;
  const Clock& clock_;
  const events::EventBus& events_;
};

}  // namespace lineport::roles
