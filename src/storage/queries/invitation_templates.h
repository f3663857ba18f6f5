#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.h"
#include "storage/statement.h"

namespace lineport::storage::sql::invitation_templates {

#define LINEPORT_INVITATION_TEMPLATE_COLUMNS                                                   \
  "t.channel, t.language, t.subject, t.body_text, t.body_html, t.org_id, o.name AS org_name, " \
  "t.updated_at, t.updated_by"

// The nearest template for ($2 channel, $3 language) on org $1 or one of its ancestors: one
// primary-key probe per ancestor, however many organizations exist.
inline constexpr Query select_nearest{
    "invitation_templates.select_nearest",
    "SELECT " LINEPORT_INVITATION_TEMPLATE_COLUMNS
    " FROM org_closure c "
    "JOIN invitation_templates t ON t.org_id = c.ancestor_id AND t.channel = $2 AND t.language = "
    "$3 "
    "JOIN orgs o ON o.id = t.org_id WHERE c.descendant_id = $1 ORDER BY c.depth LIMIT 1"};

// Every template on org $1 and its ancestors, nearest first.
inline constexpr Query select_inherited{"invitation_templates.select_inherited",
                                        "SELECT " LINEPORT_INVITATION_TEMPLATE_COLUMNS
                                        " FROM org_closure c "
                                        "JOIN invitation_templates t ON t.org_id = c.ancestor_id "
                                        "JOIN orgs o ON o.id = t.org_id WHERE c.descendant_id = $1 ORDER BY c.depth"};

#undef LINEPORT_INVITATION_TEMPLATE_COLUMNS
// The columns of a stored template (invitations' template_from_row), the same in both statements.
inline constexpr Columns template_columns{select_nearest};
static_assert(Columns{select_inherited} == template_columns);

inline constexpr Query upsert{
    "invitation_templates.upsert",
    "INSERT INTO invitation_templates "
    "(org_id, channel, language, subject, body_text, body_html, updated_at, updated_by) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (org_id, channel, language) DO UPDATE SET "
    "subject = excluded.subject, body_text = excluded.body_text, body_html = excluded.body_html, "
    "updated_at = excluded.updated_at, updated_by = excluded.updated_by"};
struct Upsert {
  std::string org_id;
  std::string channel;
  std::string language;
  std::optional<std::string> subject;  // email only
  std::string body_text;
  std::optional<std::string> body_html;
  std::int64_t updated_at = 0;
  std::string updated_by;
  Params params() const {
    return bind<upsert>(org_id, channel, language, subject, body_text, body_html, updated_at, updated_by);
  }
};

inline constexpr Query delete_one{
    "invitation_templates.delete_one",
    "DELETE FROM invitation_templates WHERE org_id = $1 AND channel = $2 AND language = $3"};

}  // namespace lineport::storage::sql::invitation_templates
