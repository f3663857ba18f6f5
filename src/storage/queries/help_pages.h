#pragma once
// Organizations' own help pages (domain/help).
#include <cstdint>
#include <string>

#include "storage/database.h"
#include "storage/statement.h"

namespace lineport::storage::sql::help_pages {

#define LINEPORT_HELP_PAGE_COLUMNS \
  "h.slug, h.language, h.title, h.org_id, o.name AS org_name, h.updated_at, h.updated_by"

// What the list shows of every page on org $1 and its ancestors, nearest first (without bodies).
inline constexpr Query select_inherited{"help_pages.select_inherited",
                                        "SELECT " LINEPORT_HELP_PAGE_COLUMNS
                                        " FROM org_closure c "
                                        "JOIN help_pages h ON h.org_id = c.ancestor_id "
                                        "JOIN orgs o ON o.id = h.org_id WHERE c.descendant_id = $1 "
                                        "ORDER BY c.depth, h.slug, h.language"};

// The nearest text of ($2 slug, $3 language) on org $1 or one of its ancestors, with its body.
inline constexpr Query select_nearest{"help_pages.select_nearest",
                                      "SELECT " LINEPORT_HELP_PAGE_COLUMNS
                                      ", h.body FROM org_closure c "
                                      "JOIN help_pages h ON h.org_id = c.ancestor_id AND h.slug = $2 "
                                      "AND h.language = $3 "
                                      "JOIN orgs o ON o.id = h.org_id WHERE c.descendant_id = $1 "
                                      "ORDER BY c.depth LIMIT 1"};

#undef LINEPORT_HELP_PAGE_COLUMNS
// The columns of a page (help's info_from_row); select_nearest adds the body after them.
inline constexpr Columns info_columns{select_inherited};
inline constexpr Columns page_columns{select_nearest};
static_assert(page_columns.starts_with(info_columns));

inline constexpr Query count_own{"help_pages.count_own", "SELECT COUNT(*) FROM help_pages WHERE org_id = $1"};
inline constexpr Query select_own_exists{"help_pages.select_own_exists",
                                         "SELECT 1 FROM help_pages WHERE org_id = $1 AND slug = $2 AND language = $3"};

inline constexpr Query upsert{"help_pages.upsert",
                              "INSERT INTO help_pages (org_id, slug, language, title, body, updated_at, updated_by) "
                              "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (org_id, slug, language) DO UPDATE SET "
                              "title = excluded.title, body = excluded.body, updated_at = excluded.updated_at, "
                              "updated_by = excluded.updated_by"};
struct Upsert {
  std::string org_id;
  std::string slug;
  std::string language;
  std::string title;
  std::string body;
  std::int64_t updated_at = 0;
  std::string updated_by;
  Params params() const { return bind<upsert>(org_id, slug, language, title, body, updated_at, updated_by); }
};

inline constexpr Query delete_one{"help_pages.delete_one",
                                  "DELETE FROM help_pages WHERE org_id = $1 AND slug = $2 AND language = $3"};

}  // namespace lineport::storage::sql::help_pages
