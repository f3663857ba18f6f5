#pragma once
#include <cstdint>
#include <string>

#include "storage/database.h"
#include "storage/statement.h"

namespace lineport::storage::sql::permission_groups {

inline constexpr Query insert{
    "permission_groups.insert",
    "INSERT INTO permission_groups (id, org_id, name, name_key, features, is_default, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $7)"};
struct Insert {
  std::string id;
  std::string org_id;
  std::string name;
  std::string name_key;
  std::string features;  // JSON
  bool is_default = false;
  std::int64_t created_at = 0;  // and updated
  Params params() const { return bind<insert>(id, org_id, name, name_key, features, is_default, created_at); }
};

// The account count is kept in account_counts (migration 0024).
#define LINEPORT_GROUP_COLUMNS                                                                         \
  "g.id, g.org_id, o.name AS org_name, g.name, g.features, g.is_default, g.created_at, g.updated_at, " \
  "(SELECT COALESCE(SUM(n.count), 0) FROM account_counts n WHERE n.permission_group_id = g.id) AS account_count"

// Groups usable at an organization: its own and its ancestors', nearest last. The account count
// covers the organization's subtree only: accounts elsewhere are not the caller's to see.
inline constexpr Query select_usable_at{
    "permission_groups.select_usable_at",
    "SELECT g.id, g.org_id, o.name AS org_name, g.name, g.features, g.is_default, g.created_at, g.updated_at, "
    "(SELECT COALESCE(SUM(n.count), 0) FROM account_counts n "
    " JOIN org_closure s ON s.descendant_id = n.org_id AND s.ancestor_id = $1 WHERE n.permission_group_id = g.id) "
    "AS account_count "
    "FROM org_closure c JOIN permission_groups g ON g.org_id = c.ancestor_id "
    "JOIN orgs o ON o.id = g.org_id WHERE c.descendant_id = $1 ORDER BY c.depth DESC, g.name_key"};
inline constexpr Query select_by_id{"permission_groups.select_by_id",
                                    "SELECT " LINEPORT_GROUP_COLUMNS
                                    " FROM permission_groups g JOIN orgs o ON o.id = g.org_id WHERE g.id = $1"};
// The group, if it is defined on $2 or one of its ancestors.
inline constexpr Query select_usable_by_id{
    "permission_groups.select_usable_by_id",
    "SELECT " LINEPORT_GROUP_COLUMNS
    " FROM permission_groups g JOIN orgs o ON o.id = g.org_id "
    "JOIN org_closure c ON c.ancestor_id = g.org_id AND c.descendant_id = $2 WHERE g.id = $1"};

#undef LINEPORT_GROUP_COLUMNS
// The columns of a group (accounts::group_from_row), the same in the three statements above.
inline constexpr Columns group_columns{select_by_id};
static_assert(Columns{select_usable_at} == group_columns && Columns{select_usable_by_id} == group_columns);

// The default group in effect at $1: the nearest default up the tree (its own, when it has one).
inline constexpr Query effective_default_of{
    "permission_groups.effective_default_of",
    "SELECT g.id, g.name FROM org_closure c JOIN permission_groups g ON g.org_id = c.ancestor_id "
    "WHERE c.descendant_id = $1 AND g.is_default = 1 ORDER BY c.depth LIMIT 1"};
inline constexpr Columns effective_default_columns{effective_default_of};
inline constexpr Query name_taken{"permission_groups.name_taken",
                                  "SELECT 1 FROM permission_groups WHERE org_id = $1 AND name_key = $2 AND id <> $3"};
inline constexpr Query update{
    "permission_groups.update",
    "UPDATE permission_groups SET name = $2, name_key = $3, features = $4, is_default = $5, updated_at = $6 "
    "WHERE id = $1"};
struct Update {
  std::string id;
  std::string name;
  std::string name_key;
  std::string features;  // JSON
  bool is_default = false;
  std::int64_t updated_at = 0;
  Params params() const { return bind<update>(id, name, name_key, features, is_default, updated_at); }
};
inline constexpr Query clear_default{
    "permission_groups.clear_default",
    "UPDATE permission_groups SET is_default = 0 WHERE org_id = $1 AND is_default = 1"};
inline constexpr Query delete_one{"permission_groups.delete_one", "DELETE FROM permission_groups WHERE id = $1"};
// The counts of a group that no account uses any more (all zero), before the group goes.
inline constexpr Query delete_counts_of{"permission_groups.delete_counts_of",
                                        "DELETE FROM account_counts WHERE permission_group_id = $1"};

}  // namespace lineport::storage::sql::permission_groups
