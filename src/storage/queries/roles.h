#pragma once
#include <cstdint>
#include <string>

#include "storage/database.h"
#include "storage/statement.h"

namespace lineport::storage::sql::roles {

inline constexpr Query insert{
    "roles.insert",
    "INSERT INTO roles (id, org_id, name, name_key, privileges, built_in, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $7)"};
struct Insert {
  std::string id;
  std::string org_id;
  std::string name;
  std::string name_key;
  std::string privileges;  // JSON
  bool built_in = false;
  std::int64_t created_at = 0;  // and updated
  Params params() const { return bind<insert>(id, org_id, name, name_key, privileges, built_in, created_at); }
};
inline constexpr Query select_built_in{"roles.select_built_in",
                                       "SELECT id FROM roles WHERE built_in = 1 AND name = $1"};

// The last column counts the role's holders in the subtree of `within`: a role inherited from
// above is held in other tenants too, and their administrators are none of the caller's business.
#define LINEPORT_ROLE_COLUMNS(within)                                                                  \
  "r.id, r.org_id, o.name AS org_name, r.name, r.privileges, r.built_in, r.created_at, r.updated_at, " \
  "(SELECT COUNT(*) FROM admins a JOIN org_closure h ON h.descendant_id = a.org_id "                   \
  "WHERE a.role_id = r.id AND h.ancestor_id = " within ") AS admin_count"

// Roles usable at an organization: its own and those of its ancestors, nearest last.
inline constexpr Query select_usable_at{
    "roles.select_usable_at",
    "SELECT " LINEPORT_ROLE_COLUMNS("$1") " FROM org_closure c JOIN roles r ON r.org_id = c.ancestor_id "
    "JOIN orgs o ON o.id = r.org_id WHERE c.descendant_id = $1 ORDER BY c.depth DESC, r.name_key"};
// Every holder counts: they are all in the subtree of the organization defining the role.
inline constexpr Query select_by_id{
    "roles.select_by_id",
    "SELECT " LINEPORT_ROLE_COLUMNS("r.org_id") " FROM roles r JOIN orgs o ON o.id = r.org_id WHERE r.id = $1"};
// The role, if it is defined on $2 or one of its ancestors.
inline constexpr Query select_usable_by_id{
    "roles.select_usable_by_id",
    "SELECT " LINEPORT_ROLE_COLUMNS("$2") " FROM roles r JOIN orgs o ON o.id = r.org_id "
    "JOIN org_closure c ON c.ancestor_id = r.org_id AND c.descendant_id = $2 WHERE r.id = $1"};

#undef LINEPORT_ROLE_COLUMNS
// The columns of a role (roles::role_from_row), the same in the three statements above.
inline constexpr Columns role_columns{select_by_id};
static_assert(Columns{select_usable_at} == role_columns && Columns{select_usable_by_id} == role_columns);

inline constexpr Query name_taken{"roles.name_taken",
                                  "SELECT 1 FROM roles WHERE org_id = $1 AND name_key = $2 AND id <> $3"};
inline constexpr Query update{
    "roles.update", "UPDATE roles SET name = $2, name_key = $3, privileges = $4, updated_at = $5 WHERE id = $1"};
struct Update {
  std::string id;
  std::string name;
  std::string name_key;
  std::string privileges;  // JSON
  std::int64_t updated_at = 0;
  Params params() const { return bind<update>(id, name, name_key, privileges, updated_at); }
};
inline constexpr Query delete_one{"roles.delete_one", "DELETE FROM roles WHERE id = $1"};
inline constexpr Query select_holders{"roles.select_holders",
                                      "SELECT id, email, org_id, language FROM admins WHERE role_id = $1"};
inline constexpr Columns holder_columns{select_holders};

}  // namespace lineport::storage::sql::roles
