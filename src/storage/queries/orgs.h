#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.h"
#include "storage/statement.h"

namespace lineport::storage::sql::orgs {

inline constexpr Query insert{
    "orgs.insert",
    "INSERT INTO orgs (id, parent_id, name, name_key, description, depth, profile, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, '{}', $7, $7)"};
struct Insert {
  std::string id;
  std::optional<std::string> parent_id;  // none for the root
  std::string name;
  std::string name_key;
  std::string description;
  std::int64_t depth = 0;
  std::int64_t created_at = 0;  // and updated
  Params params() const { return bind<insert>(id, parent_id, name, name_key, description, depth, created_at); }
};
inline constexpr Query insert_self_link{
    "orgs.insert_self_link", "INSERT INTO org_closure (ancestor_id, descendant_id, depth) VALUES ($1, $1, 0)"};
inline constexpr Query insert_ancestor_links{
    "orgs.insert_ancestor_links",
    "INSERT INTO org_closure (ancestor_id, descendant_id, depth) "
    "SELECT ancestor_id, $1, depth + 1 FROM org_closure WHERE descendant_id = $2"};

inline constexpr Query select_by_id{
    "orgs.select_by_id",
    "SELECT o.id, o.parent_id, o.name, o.description, o.depth, o.profile, o.created_at, o.updated_at, "
    "(SELECT COUNT(*) FROM orgs k WHERE k.parent_id = o.id) AS child_count "
    "FROM orgs o WHERE o.id = $1"};
// The columns of an organization (orgs::org_from_row), first in select_children_page too.
inline constexpr Columns org_columns{select_by_id};
inline constexpr Query select_parent{"orgs.select_parent", "SELECT parent_id FROM orgs WHERE id = $1"};
// The organizations a picker offers: the subtree of $1, shallowest first.
inline constexpr Query select_subtree_for_picker{
    "orgs.select_subtree_for_picker",
    "SELECT o.id, o.name, o.depth FROM org_closure c JOIN orgs o ON o.id = c.descendant_id "
    "WHERE c.ancestor_id = $1 ORDER BY o.depth, o.name_key LIMIT 500"};
inline constexpr Columns picker_columns{select_subtree_for_picker};
inline constexpr Query select_name{"orgs.select_name", "SELECT name FROM orgs WHERE id = $1"};
inline constexpr Query select_root{"orgs.select_root", "SELECT id, name FROM orgs WHERE parent_id IS NULL"};
inline constexpr Columns root_columns{select_root};

// The accounts of the subtree under `org`, from the counters of migration 0024 (kept in the same
// transaction as the accounts): counting the rows read every account of a customer's tree, 90 ms
// an organization at 500,000 (docs/performance.md#lists).
#define LINEPORT_SUBTREE_ACCOUNTS(org)                                                                      \
  "COALESCE(SUM(n.count), 0) FROM org_closure c JOIN account_counts n ON n.org_id = c.descendant_id WHERE " \
  "c.ancestor_id = " org

// Children one page at a time, ordered by (name_key, id); $2/$3 is the cursor position.
inline constexpr Query select_children_page{
    "orgs.select_children_page",
    "SELECT o.id, o.parent_id, o.name, o.description, o.depth, o.profile, o.created_at, o.updated_at, "
    "(SELECT COUNT(*) FROM orgs k WHERE k.parent_id = o.id) AS child_count, o.name_key, "
    "(SELECT COUNT(*) FROM org_closure c JOIN admins a ON a.org_id = c.descendant_id WHERE c.ancestor_id = o.id) "
    "AS subtree_admin_count, "
    "(SELECT " LINEPORT_SUBTREE_ACCOUNTS("o.id") ") AS subtree_account_count "
    "FROM orgs o WHERE o.parent_id = $1 AND (o.name_key > $2 OR (o.name_key = $2 AND o.id > $3)) "
    "ORDER BY o.name_key, o.id LIMIT $4"};
inline constexpr Columns children_page_columns{select_children_page};
static_assert(children_page_columns.starts_with(org_columns));
inline constexpr Query count_children{"orgs.count_children", "SELECT COUNT(*) FROM orgs WHERE parent_id = $1"};

inline constexpr Query is_in_subtree{"orgs.is_in_subtree",
                                     "SELECT 1 FROM org_closure WHERE ancestor_id = $1 AND descendant_id = $2"};
// The chain from the ancestor at depth >= $2 down to the org itself.
inline constexpr Query select_path{"orgs.select_path",
                                   "SELECT o.id, o.name FROM org_closure c JOIN orgs o ON o.id = c.ancestor_id "
                                   "WHERE c.descendant_id = $1 AND o.depth >= $2 ORDER BY o.depth"};
inline constexpr Columns path_columns{select_path};

// The organization and its ancestors, nearest first, with their company profiles.
inline constexpr Query select_ancestors_with_profile{
    "orgs.select_ancestors_with_profile",
    "SELECT o.name, o.profile, o.depth FROM org_closure c JOIN orgs o ON o.id = c.ancestor_id "
    "WHERE c.descendant_id = $1 ORDER BY o.depth DESC"};
inline constexpr Columns ancestor_columns{select_ancestors_with_profile};

inline constexpr Query sibling_name_taken{"orgs.sibling_name_taken",
                                          "SELECT 1 FROM orgs WHERE parent_id = $1 AND name_key = $2 AND id <> $3"};

// The company profile (JSON) alone (Setup > Company Profile).
inline constexpr Query select_profile{"orgs.select_profile", "SELECT profile FROM orgs WHERE id = $1"};
inline constexpr Query update_profile{"orgs.update_profile",
                                      "UPDATE orgs SET profile = $2, updated_at = $3 WHERE id = $1"};
inline constexpr Query update_fields{
    "orgs.update_fields",
    "UPDATE orgs SET name = $2, name_key = $3, description = $4, profile = $5, updated_at = $6 WHERE id = $1"};
struct UpdateFields {
  std::string id;
  std::string name;
  std::string name_key;
  std::string description;
  std::string profile;  // JSON
  std::int64_t updated_at = 0;
  Params params() const { return bind<update_fields>(id, name, name_key, description, profile, updated_at); }
};

inline constexpr Query count_subtree_admins{
    "orgs.count_subtree_admins",
    "SELECT COUNT(*) FROM org_closure c JOIN admins a ON a.org_id = c.descendant_id WHERE c.ancestor_id = $1"};
inline constexpr Query count_subtree_accounts{"orgs.count_subtree_accounts", "SELECT " LINEPORT_SUBTREE_ACCOUNTS("$1")};
#undef LINEPORT_SUBTREE_ACCOUNTS
// Deepest first, so no organization is deleted before its children.
inline constexpr Query select_subtree_deepest_first{
    "orgs.select_subtree_deepest_first",
    "SELECT c.descendant_id FROM org_closure c WHERE c.ancestor_id = $1 ORDER BY c.depth DESC"};
// The numbers in the pools of the organization and its descendants (from number_counts).
inline constexpr Query count_subtree_numbers{
    "orgs.count_subtree_numbers",
    "SELECT COALESCE(SUM(n.count), 0) FROM org_closure c JOIN number_counts n ON n.org_id = c.descendant_id "
    "WHERE c.ancestor_id = $1"};
inline constexpr Query count_descendants{"orgs.count_descendants",
                                         "SELECT COUNT(*) FROM org_closure WHERE ancestor_id = $1 AND depth > 0"};
inline constexpr Query move_subtree_numbers_to{
    "orgs.move_subtree_numbers_to",
    "UPDATE numbers SET org_id = $2, updated_at = $3 "
    "WHERE org_id IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = $1)"};
inline constexpr Query delete_links_of{"orgs.delete_links_of",
                                       "DELETE FROM org_closure WHERE descendant_id = $1 OR ancestor_id = $1"};
inline constexpr Query delete_one{"orgs.delete_one", "DELETE FROM orgs WHERE id = $1"};
// Rows that belong to an organization being deleted (it holds no accounts by then).
inline constexpr Query delete_org_owned_rows_permission_groups{"orgs.delete_permission_groups_of",
                                                               "DELETE FROM permission_groups WHERE org_id = $1"};
inline constexpr Query delete_org_owned_rows_account_batches{"orgs.delete_account_batches_of",
                                                             "DELETE FROM account_batches WHERE org_id = $1"};
// The account counts of the organization and of its groups (zero once it has no accounts).
inline constexpr Query delete_org_owned_rows_account_counts{
    "orgs.delete_account_counts_of",
    "DELETE FROM account_counts WHERE org_id = $1 "
    "OR permission_group_id IN (SELECT id FROM permission_groups WHERE org_id = $1)"};

inline constexpr Query delete_org_owned_rows_account_created_counts{
    "orgs.delete_account_created_counts_of", "DELETE FROM account_created_counts WHERE org_id = $1"};

// Settings of the org and all its ancestors, nearest first.
inline constexpr Query select_inherited_settings{
    "orgs.select_inherited_settings",
    "SELECT s.key, s.value, s.org_id, o.name AS org_name, c.depth FROM org_closure c "
    "JOIN org_settings s ON s.org_id = c.ancestor_id JOIN orgs o ON o.id = s.org_id "
    "WHERE c.descendant_id = $1 ORDER BY c.depth"};
inline constexpr Columns inherited_setting_columns{select_inherited_settings};
inline constexpr Query upsert_setting{"orgs.upsert_setting",
                                      "INSERT INTO org_settings (org_id, key, value) VALUES ($1, $2, $3) "
                                      "ON CONFLICT (org_id, key) DO UPDATE SET value = excluded.value"};
inline constexpr Query delete_setting{"orgs.delete_setting", "DELETE FROM org_settings WHERE org_id = $1 AND key = $2"};

}  // namespace lineport::storage::sql::orgs
