#pragma once
// Organization templates (migration 0032; docs/subscriptions.md#organization-templates).
#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.h"
#include "storage/statement.h"

namespace lineport::storage::sql::org_templates {

#define LINEPORT_TEMPLATE_COLUMNS                                                           \
  "t.id, t.org_id, o.name AS org_name, t.name, t.subscription_id, t.settings, t.role_ids, " \
  "t.permission_groups, t.numbers, t.created_at, t.updated_at"

// Templates usable at an organization: its own and those of its ancestors, nearest last.
inline constexpr Query select_usable_at{
    "org_templates.select_usable_at",
    "SELECT " LINEPORT_TEMPLATE_COLUMNS
    " FROM org_closure c JOIN org_templates t ON t.org_id = c.ancestor_id "
    "JOIN orgs o ON o.id = t.org_id WHERE c.descendant_id = $1 ORDER BY c.depth DESC, t.name_key"};
inline constexpr Query select_by_id{"org_templates.select_by_id",
                                    "SELECT " LINEPORT_TEMPLATE_COLUMNS
                                    " FROM org_templates t JOIN orgs o ON o.id = t.org_id WHERE t.id = $1"};
// The template, if it is defined on $2 or one of its ancestors.
inline constexpr Query select_usable_by_id{
    "org_templates.select_usable_by_id",
    "SELECT " LINEPORT_TEMPLATE_COLUMNS
    " FROM org_templates t JOIN orgs o ON o.id = t.org_id "
    "JOIN org_closure c ON c.ancestor_id = t.org_id AND c.descendant_id = $2 WHERE t.id = $1"};
#undef LINEPORT_TEMPLATE_COLUMNS
// The columns of a template (orgs::template_from_row), the same in the three statements above.
inline constexpr Columns template_columns{select_by_id};
static_assert(Columns{select_usable_at} == template_columns && Columns{select_usable_by_id} == template_columns);

inline constexpr Query name_taken{"org_templates.name_taken",
                                  "SELECT 1 FROM org_templates WHERE org_id = $1 AND name_key = $2 AND id <> $3"};
// Creates the template, or replaces every field of it but where it is defined and when created.
inline constexpr Query save{
    "org_templates.save",
    "INSERT INTO org_templates (id, org_id, name, name_key, subscription_id, settings, role_ids, permission_groups, "
    "numbers, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) "
    "ON CONFLICT (id) DO UPDATE SET name = $3, name_key = $4, subscription_id = $5, settings = $6, role_ids = $7, "
    "permission_groups = $8, numbers = $9, updated_at = $10"};
struct Save {
  std::string id;
  std::string org_id;
  std::string name;
  std::string name_key;
  std::optional<std::string> subscription_id;
  std::string settings;           // JSON
  std::string role_ids;           // JSON
  std::string permission_groups;  // JSON
  std::optional<std::int64_t> numbers;
  std::int64_t now = 0;  // created (a new one) and updated
  Params params() const {
    return bind<save>(id, org_id, name, name_key, subscription_id, settings, role_ids, permission_groups, numbers, now);
  }
};
inline constexpr Query delete_one{"org_templates.delete_one", "DELETE FROM org_templates WHERE id = $1"};

}  // namespace lineport::storage::sql::org_templates
