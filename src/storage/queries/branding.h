#pragma once
// Setup > Branding's logos (migration 0038).
#include <cstdint>
#include <string>

#include "storage/database.h"
#include "storage/statement.h"

namespace lineport::storage::sql::branding {

inline constexpr Query upsert_logo{
    "branding.upsert_logo",
    "INSERT INTO branding_logos (org_id, kind, media_type, width, height, byte_count, sha256, data, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (org_id, kind) DO UPDATE SET media_type = $3, "
    "width = $4, height = $5, byte_count = $6, sha256 = $7, data = $8, updated_at = $9"};
struct UpsertLogo {
  std::string org_id;
  std::string kind;
  std::string media_type;
  std::int64_t width = 0;
  std::int64_t height = 0;
  std::int64_t byte_count = 0;
  std::string sha256;
  std::string data;  // base64
  std::int64_t updated_at = 0;
  Params params() const {
    return bind<upsert_logo>(org_id, kind, media_type, width, height, byte_count, sha256, data, updated_at);
  }
};

// The logo of kind $2 in force at organization $1: its own, else the nearest ancestor's.
inline constexpr Query select_nearest_meta{
    "branding.select_nearest_meta",
    "SELECT l.org_id, o.name AS org_name, l.media_type, l.width, l.height, l.byte_count, l.sha256, l.updated_at "
    "FROM org_closure c JOIN branding_logos l ON l.org_id = c.ancestor_id JOIN orgs o ON o.id = l.org_id "
    "WHERE c.descendant_id = $1 AND l.kind = $2 ORDER BY c.depth LIMIT 1"};
inline constexpr Columns meta_columns{select_nearest_meta};
inline constexpr Query select_nearest_image{
    "branding.select_nearest_image",
    "SELECT l.media_type, l.sha256, l.data FROM org_closure c JOIN branding_logos l ON l.org_id = c.ancestor_id "
    "WHERE c.descendant_id = $1 AND l.kind = $2 ORDER BY c.depth LIMIT 1"};
inline constexpr Columns image_columns{select_nearest_image};
inline constexpr Query delete_logo{"branding.delete_logo",
                                   "DELETE FROM branding_logos WHERE org_id = $1 AND kind = $2"};

}  // namespace lineport::storage::sql::branding
