#pragma once
// Organizations' logos (migration 0034), kept like administrators' photos.
#include <cstdint>
#include <string>

#include "storage/database.h"
#include "storage/statement.h"

namespace lineport::storage::sql::org_logos {

inline constexpr Query upsert{"org_logos.upsert",
                              "INSERT INTO org_logos (org_id, media_type, width, height, byte_count, sha256, data, "
                              "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
                              "ON CONFLICT (org_id) DO UPDATE SET media_type = $2, width = $3, height = $4, "
                              "byte_count = $5, sha256 = $6, data = $7, updated_at = $8"};
struct Upsert {
  std::string org_id;
  std::string media_type;
  std::int64_t width = 0;
  std::int64_t height = 0;
  std::int64_t byte_count = 0;
  std::string sha256;
  std::string data;  // base64
  std::int64_t updated_at = 0;
  Params params() const {
    return bind<upsert>(org_id, media_type, width, height, byte_count, sha256, data, updated_at);
  }
};
// What the profile shows of it, without the bytes.
inline constexpr Query select_meta{
    "org_logos.select_meta",
    "SELECT media_type, width, height, byte_count, sha256, updated_at FROM org_logos WHERE org_id = $1"};
inline constexpr Columns meta_columns{select_meta};
inline constexpr Query select_image{"org_logos.select_image",
                                    "SELECT media_type, sha256, data FROM org_logos WHERE org_id = $1"};
inline constexpr Columns image_columns{select_image};
inline constexpr Query delete_one{"org_logos.delete_one", "DELETE FROM org_logos WHERE org_id = $1"};

}  // namespace lineport::storage::sql::org_logos
