#pragma once
#include "storage/database.h"

namespace lineport::storage::sql::roles {

inline constexpr Query insert{
    "roles.insert",
    "INSERT INTO roles (id, org_id, name, name_key, privileges, built_in, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $7)"};
inline constexpr Query select_built_in{
    "roles.select_built_in", "SELECT id FROM roles WHERE built_in = 1 AND name = $1"};

#define LINEPORT_ROLE_COLUMNS                                                                \
  "r.id, r.org_id, o.name, r.name, r.privileges, r.built_in, r.created_at, r.updated_at, " \
  "(SELECT COUNT(*) FROM admins a WHERE a.role_id = r.id)"

// Roles usable at an organization: its own and those of its ancestors, nearest last.
inline constexpr Query select_usable_at{
    "roles.select_usable_at",
    "SELECT " LINEPORT_ROLE_COLUMNS " FROM org_closure c JOIN roles r ON r.org_id = c.ancestor_id "
    "JOIN orgs o ON o.id = r.org_id WHERE c.descendant_id = $1 ORDER BY c.depth DESC, r.name_key"};
inline constexpr Query select_by_id{
    "roles.select_by_id",
    "SELECT " LINEPORT_ROLE_COLUMNS " FROM roles r JOIN orgs o ON o.id = r.org_id WHERE r.id = $1"};
// The role, if it is defined on $2 or one of its ancestors.
inline constexpr Query select_usable_by_id{
    "roles.select_usable_by_id",
    "SELECT " LINEPORT_ROLE_COLUMNS " FROM roles r JOIN orgs o ON o.id = r.org_id "
    "JOIN org_closure c ON c.ancestor_id = r.org_id AND c.descendant_id = $2 WHERE r.id = $1"};

#undef LINEPORT_ROLE_COLUMNS

inline constexpr Query name_taken{
    "roles.name_taken", "SELECT 1 FROM roles WHERE org_id = $1 AND name_key = $2 AND id <> $3"};
inline constexpr Query update{
    "roles.update",
    "UPDATE roles SET name = $2, name_key = $3, privileges = $4, updated_at = $5 WHERE id = $1"};
inline constexpr Query delete_one{"roles.delete_one", "DELETE FROM roles WHERE id = $1"};
inline constexpr Query select_holders{
    "roles.select_holders", "SELECT id, email, org_id, language FROM admins WHERE role_id = $1"};

}  // namespace lineport::storage::sql::roles
