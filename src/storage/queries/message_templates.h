#pragma once
// Organizations' own texts of the messages the portal sends (domain/templates).
#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.h"
#include "storage/statement.h"

namespace lineport::storage::sql::message_templates {

#define LINEPORT_MESSAGE_TEMPLATE_COLUMNS                                                      \
  "t.message, t.language, t.subject, t.body_text, t.body_html, t.org_id, o.name AS org_name, " \
  "t.updated_at, t.updated_by"

// The nearest template for ($2 message, $3 language) on org $1 or one of its ancestors: one
// primary-key probe per ancestor, however many organizations exist.
inline constexpr Query select_nearest{
    "message_templates.select_nearest",
    "SELECT " LINEPORT_MESSAGE_TEMPLATE_COLUMNS
    " FROM org_closure c "
    "JOIN message_templates t ON t.org_id = c.ancestor_id AND t.message = $2 AND t.language = $3 "
    "JOIN orgs o ON o.id = t.org_id WHERE c.descendant_id = $1 ORDER BY c.depth LIMIT 1"};

// Every template on org $1 and its ancestors, nearest first.
inline constexpr Query select_inherited{"message_templates.select_inherited",
                                        "SELECT " LINEPORT_MESSAGE_TEMPLATE_COLUMNS
                                        " FROM org_closure c "
                                        "JOIN message_templates t ON t.org_id = c.ancestor_id "
                                        "JOIN orgs o ON o.id = t.org_id WHERE c.descendant_id = $1 ORDER BY c.depth"};

#undef LINEPORT_MESSAGE_TEMPLATE_COLUMNS
// The columns of a stored template (templates' template_from_row), the same in both statements.
inline constexpr Columns template_columns{select_nearest};
static_assert(Columns{select_inherited} == template_columns);

inline constexpr Query upsert{
    "message_templates.upsert",
    "INSERT INTO message_templates "
    "(org_id, message, language, subject, body_text, body_html, updated_at, updated_by) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (org_id, message, language) DO UPDATE SET "
    "subject = excluded.subject, body_text = excluded.body_text, body_html = excluded.body_html, "
    "updated_at = excluded.updated_at, updated_by = excluded.updated_by"};
struct Upsert {
  std::string org_id;
  std::string message;
  std::string language;
  std::optional<std::string> subject;  // email only
  std::string body_text;
  std::optional<std::string> body_html;
  std::int64_t updated_at = 0;
  std::string updated_by;
  Params params() const {
    return bind<upsert>(org_id, message, language, subject, body_text, body_html, updated_at, updated_by);
  }
};

inline constexpr Query delete_one{"message_templates.delete_one",
                                  "DELETE FROM message_templates WHERE org_id = $1 AND message = $2 AND language = $3"};

}  // namespace lineport::storage::sql::message_templates
